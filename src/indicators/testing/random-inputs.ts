/**
 * Deterministic random inputs for indicator tests: a geometric random walk with a consistent
 * OHLC envelope, positive volume, one-minute open times and a correlated benchmark, and the
 * order-flow columns: the volume split into bought and sold (more buying on up bars), quotes
 * around the close and positive book sizes. The order-flow columns come from a second generator,
 * so the bar columns of a seed are what they were before those columns existed. Optional
 * non-finite values exercise the skip rule.
 */
import { SeededRandom } from '../../data/simulator/random.ts'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { BAR_INPUT_NAMES, type InputName, ORDER_FLOW_INPUT_NAMES } from '../core/definition.ts'

export type RandomColumns = Record<InputName, Float64Array>

export interface RandomInputOptions {
  readonly length: number
  readonly seed: number
  /** Probability that a row gets a non-finite value in one of its columns. */
  readonly nonFiniteRate?: number
  /** Per-bar volatility of the log price (default 1%). */
  readonly volatility?: number
  readonly start?: number
}

export function randomInputs(options: RandomInputOptions): RandomColumns {
  const { length, seed, nonFiniteRate = 0, volatility = 0.01, start = 100 } = options
  const rng = new SeededRandom(seed)
  const normal = new NormalSampler(rng)
  const standardNormal = (): number => normal.next()
  const columns: RandomColumns = {
    value: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
    time: new Float64Array(length),
    benchmark: new Float64Array(length),
    buyVolume: new Float64Array(length),
    sellVolume: new Float64Array(length),
    bid: new Float64Array(length),
    ask: new Float64Array(length),
    bidSize: new Float64Array(length),
    askSize: new Float64Array(length),
  }
  let price = start
  let bench = start
  const t0 = Date.UTC(2024, 0, 2)
  for (let i = 0; i < length; i++) {
    const common = standardNormal()
    const open = price
    price *= Math.exp(volatility * common)
    bench *= Math.exp(volatility * (0.6 * common + 0.8 * standardNormal()))
    const wiggle = volatility * price
    columns.open[i] = open
    columns.close[i] = price
    columns.value[i] = price
    columns.high[i] = Math.max(open, price) + Math.abs(standardNormal()) * wiggle * 0.5
    columns.low[i] = Math.min(open, price) - Math.abs(standardNormal()) * wiggle * 0.5
    columns.volume[i] = 1000 * Math.exp(0.5 * standardNormal())
    columns.time[i] = t0 + i * 60_000
    columns.benchmark[i] = bench
  }
  const flowRng = new SeededRandom(seed + 0x9e3779b9)
  for (let i = 0; i < length; i++) {
    const up = columns.close[i]! >= columns.open[i]!
    const buyShare = Math.min(1, Math.max(0, (up ? 0.6 : 0.4) + 0.3 * (flowRng.nextFloat() - 0.5)))
    columns.buyVolume[i] = columns.volume[i]! * buyShare
    columns.sellVolume[i] = columns.volume[i]! - columns.buyVolume[i]!
    const halfSpread = columns.close[i]! * volatility * (0.05 + 0.2 * flowRng.nextFloat())
    const skew = (flowRng.nextFloat() - 0.5) * halfSpread
    columns.bid[i] = columns.close[i]! - halfSpread + skew
    columns.ask[i] = columns.close[i]! + halfSpread + skew
    columns.bidSize[i] = 100 * (0.2 + 2 * flowRng.nextFloat())
    columns.askSize[i] = 100 * (0.2 + 2 * flowRng.nextFloat())
  }
  if (nonFiniteRate > 0) {
    const names = BAR_INPUT_NAMES.filter((n) => n !== 'time')
    const poison = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
    for (let i = 0; i < length; i++) {
      if (rng.nextFloat() >= nonFiniteRate) continue
      const name = names[Math.floor(rng.nextFloat() * names.length)]!
      columns[name][i] = poison[Math.floor(rng.nextFloat() * poison.length)]!
    }
    for (let i = 0; i < length; i++) {
      if (flowRng.nextFloat() >= nonFiniteRate) continue
      const name = ORDER_FLOW_INPUT_NAMES[Math.floor(flowRng.nextFloat() * ORDER_FLOW_INPUT_NAMES.length)]!
      columns[name][i] = poison[Math.floor(flowRng.nextFloat() * poison.length)]!
    }
  }
  return columns
}

/** Row `i` of the columns, as a streaming update takes it. */
export function rowAt(columns: RandomColumns, i: number): Record<InputName, number> {
  const row = {} as Record<InputName, number>
  for (const name of Object.keys(columns) as InputName[]) row[name] = columns[name][i]!
  return row
}

/** |a − b| ≤ tolerance · max(1, |a|, |b|), with NaN equal only to NaN. */
export function closeEnough(a: number, b: number, tolerance = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b)
  if (a === b) return true
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))
}

/** The first index where two series differ beyond the tolerance, or −1. */
export function firstMismatch(a: Float64Array, b: Float64Array, tolerance = 1e-9): number {
  if (a.length !== b.length) return 0
  for (let i = 0; i < a.length; i++) if (!closeEnough(a[i]!, b[i]!, tolerance)) return i
  return -1
}
