/**
 * Backtest throughput: the moving-average crossover (`ma-crossover`, SMA 10/30) through
 * `runBacktest` with every friction on — commission with a per-order fee, basis points and
 * maker/taker tiers, square-root impact slippage, submit/ack/market-data latency, a 10%
 * participation limit, borrow on shorts, fills along the OHLC path, loss limits armed — in bar
 * events (bars × instruments delivered to the strategy) per second.
 *
 * Two workloads, both one-minute bars from the deterministic simulator (src/data/simulator, fixed
 * seed, so every run times the same numbers): (a) one instrument × 10,000,000 bars, (b) 100
 * instruments × 100,000 bars on a shared timeline. `--bt-bars N` sets (a)'s length,
 * `--bt-assets N` and `--bt-asset-bars N` set (b)'s shape, for quick runs.
 *
 * Beside each engine row, in the same run on the same bars: a bare loop that computes the same
 * SMA signals and target positions (whole lots worth the same fraction of a marked-to-market
 * equity, on the same timeline order) with no engine at all — no orders, fills, risk or records.
 * It is the ceiling: what the strategy's own arithmetic costs. The ratio says how many times
 * longer the engine takes. Each is warmed up on the first 20,000 bars, then timed `--reps` times
 * (default 3); the table gives the median and the best.
 *
 * The engine and the strategy registry are loaded when the suite runs, so the bare loop also runs
 * in a checkout without them (the engine rows then say why they are missing).
 */
import type { BacktestConfigInput } from '../src/backtest/config.ts'
import type { BacktestInput, InstrumentBars } from '../src/backtest/input.ts'
import type { BacktestResult } from '../src/backtest/result.ts'
import type { BarSeries } from '../src/data/bar-series.ts'
import { simulateUniverse } from '../src/data/simulator/universe.ts'
import { defineInstrument } from '../src/domain/instrument.ts'
import { Sma } from '../src/indicators/classic/sma.ts'
import type { AnyStrategy } from '../src/strategy/types.ts'
import type { BenchRunOptions, BenchSuite } from './run.ts'

const FAST = 10
const SLOW = 30
/** Of equity, split equally across the instruments, so the multi-asset run is not refused for cash. */
const FRACTION = 0.95
const INITIAL_CAPITAL = 1_000_000
const SEED = 20_261_205
const WARM_UP_BARS = 20_000

/** Every friction the configuration has, switched on at a plausible level. */
export const ALL_FRICTIONS: BacktestConfigInput = {
  initialCapital: INITIAL_CAPITAL,
  fill: 'ohlc-path',
  commission: {
    perOrder: 1,
    perUnit: 0.005,
    basisPoints: 0.5,
    makerBasisPoints: -0.2,
    takerBasisPoints: 1,
    tiers: [{ fromNotional: 10_000_000, makerBasisPoints: -0.3, takerBasisPoints: 0.8 }],
    minimum: 0.35,
  },
  slippage: { model: 'sqrt-impact', impactCoefficient: 1, window: 20 },
  latency: { submitMs: 50, ackMs: 20, marketDataMs: 10 },
  liquidity: { participation: 0.1, limitFill: 'through' },
  borrow: { annualRateBps: 50 },
  risk: { maxPositionFraction: 1, maxDailyLossFraction: 0.5, maxDrawdownFraction: 0.9 },
  // One equity point a day: a point per minute bar would time the records, not the engine.
  equityEvery: 1440,
}

interface Workload {
  readonly label: string
  readonly assets: number
  readonly bars: number
}

interface Engine {
  readonly runBacktest: (input: BacktestInput) => BacktestResult
  readonly strategy: AnyStrategy
}

interface Timed {
  readonly medianMs: number
  readonly bestMs: number
}

export interface BareOutcome {
  readonly barEvents: number
  /** Times the wanted direction changed (a target position was set). */
  readonly signalChanges: number
  readonly finalEquity: number
}

/**
 * The crossover with no engine: per bar time, per instrument, the two SMAs of the close, the wanted
 * direction (long above, flat below), and on a change the target in whole lots worth `fraction`
 * of equity, taken at the close. Equity is marked at every close. Series must share their length
 * (the simulator's do), and are walked bar time by bar time as the engine's merged timeline is.
 */
export function bareCrossover(
  series: readonly BarSeries[],
  initialCapital: number,
  fraction: number,
): BareOutcome {
  const assets = series.length
  const length = series[0]?.length ?? 0
  if (series.some((s) => s.length !== length))
    throw new RangeError('bareCrossover: the series differ in length')
  const fast = series.map(() => new Sma({ period: FAST }))
  const slow = series.map(() => new Sma({ period: SLOW }))
  const lots = new Float64Array(assets)
  const direction = new Int8Array(assets)
  const lastClose = Float64Array.from(series, (s) => s.close[0] ?? 0)
  let equity = initialCapital
  let changes = 0
  for (let i = 0; i < length; i++) {
    for (let j = 0; j < assets; j++) {
      const close = series[j]!.close[i]!
      equity += lots[j]! * (close - lastClose[j]!)
      lastClose[j] = close
      const f = fast[j]!.update(close)
      const s = slow[j]!.update(close)
      if (Number.isNaN(f) || Number.isNaN(s) || f === s) continue
      const wanted = f > s ? 1 : 0
      if (wanted === direction[j]) continue
      lots[j] = wanted * Math.floor((fraction * equity) / close)
      direction[j] = wanted
      changes++
    }
  }
  return { barEvents: length * assets, signalChanges: changes, finalEquity: equity }
}

function generate(workload: Workload, log: (line: string) => void): InstrumentBars[] {
  log(`backtest: generating ${workload.label}`)
  const universe = simulateUniverse({ assets: workload.assets, bars: workload.bars, seed: SEED })
  return universe.series.map((series, i) => ({
    instrument: defineInstrument({
      symbol: universe.symbols[i]!,
      venue: 'SIM',
      assetClass: 'equity',
      quoteCurrency: 'USD',
      tickSize: '0.01',
      lotSize: '1',
    }),
    series,
    source: `simulated, seed ${SEED}, ${workload.assets} × ${workload.bars} bars of 1m`,
  }))
}

function timeRuns(repetitions: number, label: string, log: (line: string) => void, run: () => void): Timed {
  const times: number[] = []
  for (let k = 0; k < repetitions; k++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
    log(`backtest: ${label}: run ${k + 1}/${repetitions}: ${(times.at(-1)! / 1000).toFixed(2)} s`)
  }
  times.sort((a, b) => a - b)
  const mid = times.length >> 1
  return {
    bestMs: times[0]!,
    medianMs: times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2,
  }
}

function inputFor(engine: Engine, data: readonly InstrumentBars[]): BacktestInput {
  return {
    strategy: engine.strategy,
    params: { fast: FAST, slow: SLOW, average: 'sma', allowShort: false, fraction: FRACTION / data.length },
    data,
    config: ALL_FRICTIONS,
  }
}

function timeEngine(
  engine: Engine,
  data: readonly InstrumentBars[],
  repetitions: number,
  log: (line: string) => void,
): Timed {
  const warm = data.map((d) => ({ ...d, series: d.series.slice(0, WARM_UP_BARS) }))
  engine.runBacktest(inputFor(engine, warm))
  const expected = data.reduce((sum, d) => sum + d.series.length, 0)
  return timeRuns(repetitions, 'engine', log, () => {
    const result = engine.runBacktest(inputFor(engine, data))
    // A run that stopped early would make the figure meaningless.
    if (result.barEvents !== expected)
      throw new Error(`the engine processed ${result.barEvents} bar events of ${expected}`)
  })
}

function timeBare(series: readonly BarSeries[], repetitions: number, log: (line: string) => void): Timed {
  const fraction = FRACTION / series.length
  bareCrossover(
    series.map((s) => s.slice(0, WARM_UP_BARS)),
    INITIAL_CAPITAL,
    fraction,
  )
  let outcome: BareOutcome | undefined
  const timed = timeRuns(repetitions, 'bare loop', log, () => {
    outcome = bareCrossover(series, INITIAL_CAPITAL, fraction)
  })
  if (outcome === undefined || !Number.isFinite(outcome.finalEquity))
    throw new Error('the bare loop produced no finite equity')
  log(
    `backtest: bare loop: ${outcome.signalChanges.toLocaleString('en-US')} signal changes, final equity ${outcome.finalEquity.toFixed(2)}`,
  )
  return timed
}

/** The engine and the strategy, or why they cannot be loaded in this checkout. */
async function loadEngine(): Promise<Engine | string> {
  try {
    const { runBacktest } = await import('../src/backtest/engine.ts')
    const { getStrategy } = await import('../src/strategy/registry.ts')
    return { runBacktest, strategy: getStrategy('ma-crossover') }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND') {
      return `not timed: ${error.message.split('\n')[0]!.replaceAll(`${process.cwd()}/`, '')}`
    }
    throw error
  }
}

function sizeFlag(args: readonly string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag)
  if (i < 0) return fallback
  const text = args[i + 1] ?? ''
  const value = Number(text.replaceAll('_', ''))
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${flag} wants a positive integer, got ${JSON.stringify(text)}`)
  return value
}

const perSecond = (events: number, ms: number): string =>
  Math.round((events / ms) * 1e3).toLocaleString('en-US')
const seconds = (ms: number): string => (ms / 1000).toFixed(3)

export const backtestSuite: BenchSuite = {
  name: 'backtest',
  description:
    'ma-crossover through runBacktest with every friction on, bar events/s, beside a bare SMA loop (the ceiling); --bt-bars N, --bt-assets N, --bt-asset-bars N',
  async run({ args, log, repetitions }: BenchRunOptions) {
    const reps = repetitions ?? 3
    const singleBars = sizeFlag(args, '--bt-bars', 10_000_000)
    const assets = sizeFlag(args, '--bt-assets', 100)
    const assetBars = sizeFlag(args, '--bt-asset-bars', 100_000)
    const workloads: Workload[] = [
      { label: `1 instrument × ${singleBars.toLocaleString('en-US')} bars`, assets: 1, bars: singleBars },
      { label: `${assets} instruments × ${assetBars.toLocaleString('en-US')} bars`, assets, bars: assetBars },
    ]
    const engine = await loadEngine()
    const lines = [
      `Backtest throughput: ma-crossover (SMA ${FAST}/${SLOW}), every friction on, one-minute simulated bars; ${reps} runs each after a warm-up, median (best)`,
      '',
      '| workload | bar events | engine s | engine bar events/s | bare loop s | bare loop bar events/s | engine/bare time |',
      '|---|---|---|---|---|---|---|',
    ]
    for (const workload of workloads) {
      const data = generate(workload, log)
      const events = workload.assets * workload.bars
      log(`backtest: ${workload.label}: bare loop`)
      const bare = timeBare(
        data.map((d) => d.series),
        reps,
        log,
      )
      const bareCells = `${seconds(bare.medianMs)} (${seconds(bare.bestMs)}) | ${perSecond(events, bare.medianMs)} (${perSecond(events, bare.bestMs)})`
      if (typeof engine === 'string') {
        lines.push(
          `| ${workload.label} | ${events.toLocaleString('en-US')} | ${engine} | – | ${bareCells} | – |`,
        )
        continue
      }
      log(`backtest: ${workload.label}: engine`)
      const timed = timeEngine(engine, data, reps, log)
      lines.push(
        `| ${workload.label} | ${events.toLocaleString('en-US')} | ${seconds(timed.medianMs)} (${seconds(timed.bestMs)}) | ${perSecond(events, timed.medianMs)} (${perSecond(events, timed.bestMs)}) | ${bareCells} | ${(timed.medianMs / bare.medianMs).toFixed(1)}× (${(timed.bestMs / bare.bestMs).toFixed(1)}×) |`,
      )
    }
    return lines
  },
}
