/**
 * Research throughput: the vectorised fast path (src/research/vectorised) sweeping moving-average
 * crossover combinations over one instrument's one-minute bars, in bar × combination evaluations
 * per second, beside the event-driven engine (`runBacktest`) running a few of the same
 * combinations over the same bars with the same frictions.
 *
 * Workload: 1,000,000 bars from the deterministic simulator (fixed seed) and 1,000 combinations:
 * fast 5…50 × slow 60…240 (ten each) × SMA/EMA × five fractions, long/short. `--rs-bars N` and
 * `--rs-combos N` (the first N of that grid) shrink it; `--rs-engine N` sets the engine's sample
 * (default 3, the grid's first combinations). Frictions: fills at the next open, 1 bp commission,
 * 1 bp fixed slippage, no latency — what the fast path models.
 *
 * The fast path's time covers the whole sweep: parsing the combinations, computing the 40
 * distinct indicator arrays, and every combination. Each side is warmed up on a 20,000-bar slice,
 * then timed `--reps` times (default 3); the table gives the median and the best. The engine's
 * sampled combinations are checked against the sweep's (fills and final equity) so a figure is
 * never the speed of a wrong answer.
 */
import type { BacktestConfigInput } from '../src/backtest/config.ts'
import { runBacktest } from '../src/backtest/engine.ts'
import type { BarSeries } from '../src/data/bar-series.ts'
import { simulateUniverse } from '../src/data/simulator/universe.ts'
import { defineInstrument } from '../src/domain/instrument.ts'
import type { Instrument } from '../src/domain/instrument.ts'
import type { VectorResult } from '../src/research/vectorised/result.ts'
import { vectorisedSweep } from '../src/research/vectorised/sweep.ts'
import { getStrategy } from '../src/strategy/registry.ts'
import type { BenchRunOptions, BenchSuite } from './run.ts'

const SEED = 20_260_114
const WARM_UP_BARS = 20_000

/**
 * What the fast path models; a small capital keeps orders within the bars' volume, and a loose
 * position limit keeps a grown equity from having every order refused and retried on every bar
 * (both paths handle that case alike, but it would time the refusals, not the strategy).
 */
export const RESEARCH_FRICTIONS: BacktestConfigInput = {
  initialCapital: 10_000,
  risk: { maxPositionFraction: 1_000_000 },
  fill: 'next-open',
  commission: { basisPoints: 1 },
  slippage: { model: 'fixed-bps', basisPoints: 1 },
  liquidity: { participation: 1 },
}

/** The grid, in an order whose first entries are spread over its axes. */
export function crossoverGrid(): Record<string, unknown>[] {
  const combos: Record<string, unknown>[] = []
  for (const fraction of [0.95, 0.75, 0.5, 0.25, 1])
    for (const average of ['sma', 'ema'])
      for (let s = 0; s < 10; s++)
        for (let f = 0; f < 10; f++)
          combos.push({ fast: 5 + 5 * f, slow: 60 + 20 * s, average, allowShort: true, fraction })
  return combos
}

interface Timed {
  readonly medianMs: number
  readonly bestMs: number
}

function timeRuns(repetitions: number, label: string, log: (line: string) => void, run: () => void): Timed {
  const times: number[] = []
  for (let k = 0; k < repetitions; k++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
    log(`research: ${label}: run ${k + 1}/${repetitions}: ${(times.at(-1)! / 1000).toFixed(2)} s`)
  }
  times.sort((a, b) => a - b)
  const mid = times.length >> 1
  return {
    bestMs: times[0]!,
    medianMs: times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2,
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

function sweep(series: BarSeries, instrument: Instrument, combos: readonly unknown[]): VectorResult[] {
  return vectorisedSweep({
    strategy: 'ma-crossover',
    series,
    instrument,
    combos,
    frictions: RESEARCH_FRICTIONS,
  })
}

function engineRun(
  series: BarSeries,
  instrument: Instrument,
  params: unknown,
): { fills: number; finalEquity: number } {
  const result = runBacktest({
    strategy: getStrategy('ma-crossover'),
    params,
    data: [{ instrument, series, source: 'simulated' }],
    config: RESEARCH_FRICTIONS,
  })
  return { fills: result.fills.length, finalEquity: result.equity.at(-1)?.equity ?? Number.NaN }
}

const perSecond = (evaluations: number, ms: number): string =>
  Math.round((evaluations / ms) * 1e3).toLocaleString('en-US')
const seconds = (ms: number): string => (ms / 1000).toFixed(3)

export const researchSuite: BenchSuite = {
  name: 'research',
  description:
    'vectorised ma-crossover sweep, bar×combination evaluations/s, beside runBacktest on a sample of the same combinations; --rs-bars N, --rs-combos N, --rs-engine N',
  run(options: BenchRunOptions): Promise<string[]> {
    return Promise.resolve(measure(options))
  },
}

function measure({ args, log, repetitions }: BenchRunOptions): string[] {
  const reps = repetitions ?? 3
  const bars = sizeFlag(args, '--rs-bars', 1_000_000)
  const grid = crossoverGrid()
  const combos = grid.slice(0, sizeFlag(args, '--rs-combos', grid.length))
  const sample = combos.slice(0, sizeFlag(args, '--rs-engine', 3))
  log(`research: generating ${bars.toLocaleString('en-US')} one-minute bars`)
  const series = simulateUniverse({ assets: 1, bars, seed: SEED }).series[0]!
  const instrument = defineInstrument({
    symbol: 'SIM000',
    venue: 'SIM',
    assetClass: 'equity',
    quoteCurrency: 'USD',
    tickSize: '0.01',
    lotSize: '1',
  })
  const warm = series.slice(0, Math.min(WARM_UP_BARS, series.length))
  sweep(warm, instrument, combos.slice(0, 20))
  let results: VectorResult[] = []
  const fast = timeRuns(reps, `sweep of ${combos.length} combinations`, log, () => {
    results = sweep(series, instrument, combos)
  })
  engineRun(warm, instrument, sample[0])
  let engine: { fills: number; finalEquity: number }[] = []
  const slow = timeRuns(reps, `engine, ${sample.length} combinations`, log, () => {
    engine = sample.map((params) => engineRun(series, instrument, params))
  })
  engine.forEach((e, k) => {
    const v = results[k]!
    if (v.participationExceeded === 0 && (v.fills !== e.fills || v.finalEquity !== e.finalEquity))
      throw new Error(
        `combination ${k}: the sweep says ${v.fills} fills, equity ${v.finalEquity}; the engine ${e.fills}, ${e.finalEquity}`,
      )
  })
  const fills = results.reduce((sum, r) => sum + r.fills, 0)
  const exceeded = results.filter((r) => r.participationExceeded > 0).length
  const fastEvaluations = bars * combos.length
  const slowEvaluations = bars * sample.length
  return [
    `Research throughput: ma-crossover sweep over ${bars.toLocaleString('en-US')} one-minute simulated bars, fills at the next open, 1 bp commission and slippage; ${reps} runs each after a warm-up, median (best)`,
    '',
    '| path | combinations | bar×combinations | s | bar×combinations/s |',
    '|---|---|---|---|---|',
    `| vectorised sweep | ${combos.length.toLocaleString('en-US')} | ${fastEvaluations.toLocaleString('en-US')} | ${seconds(fast.medianMs)} (${seconds(fast.bestMs)}) | ${perSecond(fastEvaluations, fast.medianMs)} (${perSecond(fastEvaluations, fast.bestMs)}) |`,
    `| runBacktest | ${sample.length} | ${slowEvaluations.toLocaleString('en-US')} | ${seconds(slow.medianMs)} (${seconds(slow.bestMs)}) | ${perSecond(slowEvaluations, slow.medianMs)} (${perSecond(slowEvaluations, slow.bestMs)}) |`,
    '',
    `Per bar×combination the sweep is ${(slow.medianMs / slowEvaluations / (fast.medianMs / fastEvaluations)).toFixed(0)}× faster (medians). The sweep filled ${fills.toLocaleString('en-US')} orders; ${exceeded} of ${combos.length} combinations had a fill larger than its bar's volume (participationExceeded); the engine's ${sample.length} agreed on fills and final equity.`,
  ]
}
