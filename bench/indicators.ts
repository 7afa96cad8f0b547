/**
 * Indicator benchmark: batch SMA, EMA, RSI, Bollinger Bands and ATR over `--points` values
 * (default 10 million), timed in the same run for TradePulse, technicalindicators,
 * trading-signals and — for SMA and EMA — a plain C loop compiled here with `cc -O2` (the
 * practical limit). Then the streaming face per update, and the geometric indicators over
 * `--bars` bars (default 1 million) in points per second.
 *
 * Ratios are what matter: the machines are shared and noisy, so each figure is the best of
 * `--reps` repetitions (default 3) after a warm-up, and every competitor runs in the same
 * process on the same data. technicalindicators takes `number[]` and objects, so its inputs are
 * converted before the clock starts. trading-signals is a streaming library: its batch figure
 * is a loop of `update`. Their slower runs are repeated once only.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import * as ti from 'technicalindicators'
import * as ts from 'trading-signals'
import { NormalSampler } from '../src/data/simulator/normal.ts'
import { SeededRandom } from '../src/data/simulator/random.ts'
import type { AnyIndicator, InputName } from '../src/indicators/core/definition.ts'
import { kuramotoFromPrices } from '../src/indicators/geometric/kuramoto.ts'
import { findIndicator } from '../src/indicators/registry.ts'
import { BENCH_DIR } from './ingest.ts'
import type { BenchRunOptions, BenchSuite } from './run.ts'

const PERIOD = 20
const WARM_UP_POINTS = 200_000

interface Columns {
  readonly time: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}

/** A seeded random walk of one-minute bars with a consistent OHLC envelope. */
export function benchBars(length: number, seed: number): Columns {
  const normal = new NormalSampler(new SeededRandom(seed))
  const c: Columns = {
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  }
  let price = 100
  for (let i = 0; i < length; i++) {
    const open = price
    price *= Math.exp(0.001 * normal.next())
    c.time[i] = Date.UTC(2024, 0, 1) + i * 60_000
    c.open[i] = open
    c.close[i] = price
    c.high[i] = Math.max(open, price) * (1 + 0.0005 * Math.abs(normal.next()))
    c.low[i] = Math.min(open, price) * (1 - 0.0005 * Math.abs(normal.next()))
    c.volume[i] = 1000 * Math.exp(0.5 * normal.next())
  }
  return c
}

interface LibraryInputs {
  readonly close: number[]
  readonly high: number[]
  readonly low: number[]
  readonly candles: { high: number; low: number; close: number }[]
}

/** The libraries' input shapes, built on first use (outside the timings) and then kept. */
function libraryInputs(bars: Columns): () => LibraryInputs {
  let built: LibraryInputs | undefined
  return () => {
    if (built === undefined) {
      const close = Array.from(bars.close)
      const high = Array.from(bars.high)
      const low = Array.from(bars.low)
      built = { close, high, low, candles: close.map((c, i) => ({ high: high[i]!, low: low[i]!, close: c })) }
    }
    return built
  }
}

function best(times: readonly number[]): number {
  return Math.min(...times)
}

function timeRuns(repetitions: number, run: () => unknown): number {
  const times: number[] = []
  for (let r = 0; r < repetitions; r++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  return best(times)
}

function inputsFor(indicator: AnyIndicator, c: Columns): Record<InputName, Float64Array> {
  // Bars only: an order-flow indicator is not benchmarked here.
  const all: Partial<Record<InputName, Float64Array>> = { ...c, value: c.close, benchmark: c.close }
  const picked = {} as Record<InputName, Float64Array>
  for (const name of indicator.inputs) {
    const column = all[name]
    if (column === undefined)
      throw new Error(`${indicator.name} reads ${name}, which the bench bars do not have`)
    picked[name] = column
  }
  return picked
}

interface CLimit {
  readonly smaMs: number
  readonly emaMs: number
  readonly smaReuseMs: number
  readonly emaReuseMs: number
  readonly smaChecksum: number
  readonly emaChecksum: number
}

/** Compiles bench/c/sma-ema.c with `cc -O2` and runs it on the same values; undefined without cc. */
async function runC(
  values: Float64Array,
  repetitions: number,
  log: (line: string) => void,
): Promise<CLimit | undefined> {
  const run = promisify(execFile)
  const source = fileURLToPath(new URL('c/sma-ema.c', import.meta.url))
  const binary = join(BENCH_DIR, 'sma-ema')
  const data = join(BENCH_DIR, `close-${values.length}.f64`)
  try {
    await run('cc', ['-O2', '-o', binary, source, '-lm'])
  } catch (error) {
    log(
      `C limit skipped: cc -O2 failed (${error instanceof Error ? error.message.split('\n')[0]! : String(error)})`,
    )
    return undefined
  }
  if (!existsSync(data))
    await writeFile(data, new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
  const { stdout } = await run(binary, [data, String(values.length), String(PERIOD), String(repetitions)])
  return JSON.parse(stdout) as CLimit
}

function checksum(values: Float64Array): number {
  let sum = 0
  for (const v of values) if (!Number.isNaN(v)) sum += v
  return sum
}

interface BatchRow {
  readonly name: string
  readonly ours: number
  readonly c?: number
  readonly ti: number
  readonly ts: number
}

function rate(points: number, ms: number): string {
  return `${(((points / ms) * 1e3) / 1e6).toFixed(1)} M/s`
}

function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`
}

function batchTable(points: number, rows: readonly BatchRow[]): string[] {
  const lines = [
    `Batch indicators over ${points.toLocaleString('en-US')} points (period ${PERIOD}; best of the repetitions)`,
    '',
    '| indicator | TradePulse | C -O2 | technicalindicators | trading-signals | TradePulse / C | × faster than technicalindicators | × faster than trading-signals |',
    '|---|---|---|---|---|---|---|---|',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${formatMs(r.ours)} (${rate(points, r.ours)}) | ${r.c === undefined ? '—' : formatMs(r.c)} | ${formatMs(r.ti)} | ${formatMs(r.ts)} | ${r.c === undefined ? '—' : `${(r.ours / r.c).toFixed(2)}×`} | ${(r.ti / r.ours).toFixed(1)}× | ${(r.ts / r.ours).toFixed(1)}× |`,
    )
  }
  return lines
}

interface BatchCase {
  readonly name: string
  /** Which C timing this row is compared with, if any. */
  readonly c?: keyof Pick<CLimit, 'smaMs' | 'emaMs' | 'smaReuseMs' | 'emaReuseMs'>
  readonly ours: (() => unknown) | undefined
  readonly ti: () => unknown
  readonly ts: () => unknown
}

async function batchSuite(options: BenchRunOptions, points: number, repetitions: number): Promise<string[]> {
  const { log } = options
  log(`indicators: generating ${points.toLocaleString('en-US')} bars`)
  const bars = benchBars(points, 20241125)
  const warm = benchBars(WARM_UP_POINTS, 7)
  const lib = libraryInputs(bars)
  const ours = (name: string, params: Record<string, number>, reuse = false): (() => unknown) | undefined => {
    const indicator = findIndicator(name)
    if (indicator === undefined) return undefined
    const resolved = indicator.resolve(params)
    indicator.compute(inputsFor(indicator, warm), resolved)
    const inputs = inputsFor(indicator, bars)
    if (!reuse) return () => indicator.compute(inputs, resolved)
    const into = Object.fromEntries(indicator.outputs.map((o) => [o, new Float64Array(points)]))
    return () => indicator.compute(inputs, resolved, into)
  }
  const streamed =
    (make: () => { update(x: never, replace: boolean): unknown }, input: () => readonly unknown[]) =>
    (): void => {
      const feed = input()
      const s = make()
      for (let i = 0; i < feed.length; i++) s.update(feed[i] as never, false)
    }
  const tiSma = (): unknown => ti.SMA.calculate({ period: PERIOD, values: lib().close })
  const tsSma = streamed(
    () => new ts.SMA(PERIOD),
    () => lib().close,
  )
  const tiEma = (): unknown => ti.EMA.calculate({ period: PERIOD, values: lib().close })
  const tsEma = streamed(
    () => new ts.EMA(PERIOD),
    () => lib().close,
  )

  const cases: BatchCase[] = [
    { name: `SMA(${PERIOD})`, c: 'smaMs', ours: ours('sma', { period: PERIOD }), ti: tiSma, ts: tsSma },
    {
      name: `SMA(${PERIOD}), into a reused buffer`,
      c: 'smaReuseMs',
      ours: ours('sma', { period: PERIOD }, true),
      ti: tiSma,
      ts: tsSma,
    },
    { name: `EMA(${PERIOD})`, c: 'emaMs', ours: ours('ema', { period: PERIOD }), ti: tiEma, ts: tsEma },
    {
      name: `EMA(${PERIOD}), into a reused buffer`,
      c: 'emaReuseMs',
      ours: ours('ema', { period: PERIOD }, true),
      ti: tiEma,
      ts: tsEma,
    },
    {
      name: 'RSI(14)',
      ours: ours('rsi', { period: 14 }),
      ti: () => ti.RSI.calculate({ period: 14, values: lib().close }),
      ts: streamed(
        () => new ts.RSI(14),
        () => lib().close,
      ),
    },
    {
      name: `Bollinger(${PERIOD}, 2)`,
      ours: ours('bollinger', { period: PERIOD }),
      ti: () => ti.BollingerBands.calculate({ period: PERIOD, stdDev: 2, values: lib().close }),
      ts: streamed(
        () => new ts.BollingerBands(PERIOD, 2),
        () => lib().close,
      ),
    },
    {
      name: 'ATR(14)',
      ours: ours('atr', { period: 14 }),
      ti: () => ti.ATR.calculate({ period: 14, high: lib().high, low: lib().low, close: lib().close }),
      ts: streamed(
        () => new ts.ATR(14),
        () => lib().candles,
      ),
    },
  ]

  log('indicators: C limit (cc -O2)')
  const limit = await runC(bars.close, repetitions, log)
  // Ours first, before the libraries' inputs (hundreds of MiB of boxed objects) load the heap.
  const oursMs = new Map<string, number>()
  for (const c of cases) {
    if (c.ours === undefined) {
      log(`indicators: ${c.name} is not registered; skipped`)
      continue
    }
    log(`indicators: ${c.name}`)
    oursMs.set(c.name, timeRuns(repetitions, c.ours))
  }
  log('indicators: converting inputs for the libraries')
  lib()
  // Each library runs once per indicator; the reused-buffer rows share the allocating row's figure.
  const libraryMs = new Map<() => unknown, number>()
  const timeLibrary = (label: string, run: () => unknown): number => {
    const known = libraryMs.get(run)
    if (known !== undefined) return known
    log(`indicators: ${label}`)
    const ms = timeRuns(1, run)
    libraryMs.set(run, ms)
    return ms
  }
  const rows: BatchRow[] = []
  for (const c of cases) {
    const ours = oursMs.get(c.name)
    if (ours === undefined) continue
    const tiMs = timeLibrary(`${c.name} technicalindicators`, c.ti)
    const tsMs = timeLibrary(`${c.name} trading-signals`, c.ts)
    const cMs = limit === undefined || c.c === undefined ? undefined : limit[c.c]
    rows.push({ name: c.name, ours, ti: tiMs, ts: tsMs, ...(cMs === undefined ? {} : { c: cMs }) })
  }
  const lines = batchTable(points, rows)
  if (limit !== undefined) {
    const sma = findIndicator('sma')!
    const ema = findIndicator('ema')!
    const smaOut = sma.compute(inputsFor(sma, bars), { period: PERIOD }).value!
    const emaOut = ema.compute(inputsFor(ema, bars), { period: PERIOD }).value!
    const agree = (a: number, b: number): string =>
      Math.abs(a - b) <= 1e-9 * Math.abs(b) ? 'equal' : `DIFFER (${a} vs ${b})`
    lines.push(
      '',
      `C outputs against ours (checksums): SMA ${agree(checksum(smaOut), limit.smaChecksum)}, EMA ${agree(checksum(emaOut), limit.emaChecksum)}`,
    )
  }
  return lines
}

function streamingTable(options: BenchRunOptions): string[] {
  const { log } = options
  const n = 2_000_000
  const bars = benchBars(n, 99)
  const rows = Array.from({ length: n }, (_, i) => ({
    value: bars.close[i]!,
    open: bars.open[i]!,
    close: bars.close[i]!,
    high: bars.high[i]!,
    low: bars.low[i]!,
    volume: bars.volume[i]!,
    time: bars.time[i]!,
    benchmark: bars.close[i]!,
  }))
  const lines = [
    `Streaming, nanoseconds per update (${n.toLocaleString('en-US')} updates; TradePulse through the registry's row interface)`,
    '',
    '| indicator | TradePulse ns/update | trading-signals ns/update | × faster |',
    '|---|---|---|---|',
  ]
  const cases: [
    string,
    string,
    Record<string, number>,
    () => { update(x: never, r: boolean): unknown },
    boolean,
  ][] = [
    ['SMA(20)', 'sma', { period: 20 }, () => new ts.SMA(20), false],
    ['EMA(20)', 'ema', { period: 20 }, () => new ts.EMA(20), false],
    ['RSI(14)', 'rsi', { period: 14 }, () => new ts.RSI(14), false],
    ['Bollinger(20, 2)', 'bollinger', { period: 20 }, () => new ts.BollingerBands(20, 2), false],
    ['ATR(14)', 'atr', { period: 14 }, () => new ts.ATR(14), true],
  ]
  for (const [label, name, params, theirs, candles] of cases) {
    const indicator = findIndicator(name)
    if (indicator === undefined) continue
    log(`indicators: streaming ${label}`)
    const oursMs = timeRuns(3, () => {
      const s = indicator.create(params)
      // The cases are bar indicators: they read none of the order-flow columns the rows lack.
      for (let i = 0; i < n; i++) s.update(rows[i]! as Readonly<Record<InputName, number>>)
    })
    const theirsMs = timeRuns(1, () => {
      const s = theirs()
      for (let i = 0; i < n; i++) s.update((candles ? rows[i] : rows[i]!.close) as never, false)
    })
    lines.push(
      `| ${label} | ${((oursMs * 1e6) / n).toFixed(1)} | ${((theirsMs * 1e6) / n).toFixed(1)} | ${(theirsMs / oursMs).toFixed(1)}× |`,
    )
  }
  return lines
}

function geometricTable(options: BenchRunOptions, barsCount: number): string[] {
  const { log } = options
  const bars = benchBars(barsCount, 4242)
  const lines = [
    `Geometric indicators over ${barsCount.toLocaleString('en-US')} bars (default parameters, batch)`,
    '',
    '| indicator | time | points/s |',
    '|---|---|---|',
  ]
  const cases: [string, string, Record<string, unknown>][] = [
    ['phase (window 64)', 'phase', {}],
    ['multi-scale Kuramoto (1m, 5m, 15m, 1h)', 'multiscale-kuramoto', {}],
    ['Ricci curvature', 'ricci', {}],
    ['entropy', 'entropy', {}],
    ['delta entropy', 'delta-entropy', {}],
    ['Hurst (variance)', 'hurst', { method: 'variance' }],
    ['Hurst (R/S)', 'hurst', { method: 'rs' }],
    ['Hurst (DFA)', 'hurst', { method: 'dfa' }],
    ['VPIN', 'vpin', {}],
    ['market phase (composite)', 'market-phase', {}],
  ]
  const assets = 50
  const perAsset = Math.max(1, Math.floor(barsCount / assets))
  const panel = Array.from({ length: assets }, (_, j) => benchBars(perAsset, 1000 + j).close)
  log(`indicators: Kuramoto over ${assets} assets`)
  const kuramotoMs = timeRuns(1, () => kuramotoFromPrices(panel, { window: 64 }))
  lines.push(
    `| Kuramoto R across ${assets} assets × ${perAsset.toLocaleString('en-US')} bars (phase window 64) | ${formatMs(kuramotoMs)} | ${(((assets * perAsset) / kuramotoMs) * 1e3).toExponential(2)} |`,
  )
  for (const [label, name, params] of cases) {
    const indicator = findIndicator(name)
    if (indicator === undefined) {
      lines.push(`| ${label} | not registered | — |`)
      continue
    }
    log(`indicators: ${label}`)
    const ms = timeRuns(1, () => indicator.compute(inputsFor(indicator, bars), params))
    lines.push(`| ${label} | ${formatMs(ms)} | ${((barsCount / ms) * 1e3).toExponential(2)} |`)
  }
  return lines
}

function flag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name)
  if (i < 0) return fallback
  const value = Number((args[i + 1] ?? '').replaceAll('_', ''))
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} wants a positive integer`)
  return value
}

export const indicatorsSuite: BenchSuite = {
  name: 'indicators',
  description:
    'batch SMA/EMA/RSI/Bollinger/ATR vs C -O2, technicalindicators and trading-signals (--points, default 10M); streaming ns/update; geometric indicators (--bars, default 1M)',
  async run(options) {
    await mkdir(BENCH_DIR, { recursive: true })
    const points = flag(options.args, '--points', 10_000_000)
    const geometricBars = flag(options.args, '--bars', 1_000_000)
    const repetitions = options.repetitions ?? 3
    return [
      ...(await batchSuite(options, points, repetitions)),
      '',
      ...streamingTable(options),
      '',
      ...geometricTable(options, geometricBars),
    ]
  },
}
