/**
 * Stochastic oscillator (Lane): where the close sits in the high–low range of the last `kPeriod`
 * bars, in percent. Raw %K = 100 · (close − lowest low) / (highest high − lowest low); `k` is raw
 * %K smoothed by an SMA of `kSmoothing` bars (1, the default, is the fast stochastic; 3 the
 * usual slow one) and `d` is the SMA of `k` over `dPeriod` bars.
 *
 * The rolling highest high and lowest low come from monotonic deques (`SlidingExtreme`), O(1)
 * amortised per bar whatever `kPeriod`. `k` is defined from kPeriod + kSmoothing − 2 and `d`
 * from kPeriod + kSmoothing + dPeriod − 3. When the range is zero (the last `kPeriod` bars all
 * traded at one price) the close is neither high nor low in it, and %K is 50; technicalindicators
 * and trading-signals give 0 there. Batch and stream use the same deque and the same SMA
 * arithmetic (`smaKernel` / `Sma`), so they agree to the last bit.
 */
import { z } from 'zod'
import { defineIndicator, type InputRow, type OutputRow } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { SlidingExtreme } from './sliding-extreme.ts'
import { Sma, smaKernel } from './sma.ts'

export const stochasticParams = z.strictObject({
  kPeriod: windowParam(14, 'Bars in the high–low range'),
  kSmoothing: windowParam(1, 'SMA period smoothing raw %K (1 = fast stochastic, 3 = slow)'),
  dPeriod: windowParam(3, 'SMA period of %K giving %D'),
})
export type StochasticParams = z.input<typeof stochasticParams>

export type StochasticOutput = 'k' | 'd'
export interface StochasticRow {
  k: number
  d: number
}
export interface StochasticColumns {
  readonly k: Float64Array
  readonly d: Float64Array
}
type Bar = InputRow<'high' | 'low' | 'close'>

/** Raw %K from a close and the range it is measured in; 50 on a zero range. */
function rawK(close: number, lowest: number, highest: number): number {
  const range = highest - lowest
  return range > 0 ? ((close - lowest) / range) * 100 : 50
}

/**
 * A mean of percentages in [0, 100] is one too, but its rounding can land an ulp outside; smoothed
 * %K and %D are clamped back (NaN stays NaN).
 */
function percentMean(mean: number): number {
  return mean > 100 ? 100 : mean < 0 ? 0 : mean
}

function clampPercentMeans(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) values[i] = percentMean(values[i]!)
}

/** The batch kernel: positive integer periods, finite inputs of one length. */
export function stochasticKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
  into: Partial<Record<StochasticOutput, Float64Array>> = {},
): StochasticColumns {
  const n = close.length
  const k = into.k ?? new Float64Array(n)
  const d = into.d ?? new Float64Array(n)
  const raw = kSmoothing === 1 ? k : new Float64Array(n)
  const highest = new SlidingExtreme(kPeriod, 'max')
  const lowest = new SlidingExtreme(kPeriod, 'min')
  const startRaw = Math.min(kPeriod - 1, n)
  for (let i = 0; i < startRaw; i++) {
    highest.push(high[i]!)
    lowest.push(low[i]!)
    raw[i] = Number.NaN
  }
  for (let i = startRaw; i < n; i++) {
    const h = highest.push(high[i]!)
    raw[i] = rawK(close[i]!, lowest.push(low[i]!), h)
  }
  const startK = Math.min(kPeriod + kSmoothing - 2, n)
  if (kSmoothing > 1) {
    k.fill(Number.NaN, 0, startRaw)
    smaKernel(raw.subarray(startRaw), kSmoothing, k.subarray(startRaw))
    clampPercentMeans(k.subarray(startRaw))
  }
  d.fill(Number.NaN, 0, startK)
  smaKernel(k.subarray(startK), dPeriod, d.subarray(startK))
  clampPercentMeans(d.subarray(startK))
  return { k, d }
}

/** Streaming stochastic over (high, low, close) bars. `update` returns a row it reuses. */
export class Stochastic implements StreamingIndicator<Bar, OutputRow<StochasticOutput>> {
  readonly kPeriod: number
  readonly kSmoothing: number
  readonly dPeriod: number
  readonly #highest: SlidingExtreme
  readonly #lowest: SlidingExtreme
  /** Undefined for the fast stochastic, whose %K is raw %K. */
  readonly #smoothK: Sma | undefined
  readonly #smoothD: Sma
  readonly #row: StochasticRow = { k: Number.NaN, d: Number.NaN }

  constructor(params: StochasticParams = {}) {
    const p = stochasticIndicator.resolve(params)
    this.kPeriod = p.kPeriod
    this.kSmoothing = p.kSmoothing
    this.dPeriod = p.dPeriod
    this.#highest = new SlidingExtreme(p.kPeriod, 'max')
    this.#lowest = new SlidingExtreme(p.kPeriod, 'min')
    this.#smoothK = p.kSmoothing === 1 ? undefined : new Sma({ period: p.kSmoothing })
    this.#smoothD = new Sma({ period: p.dPeriod })
  }

  update(bar: Bar): OutputRow<StochasticOutput> {
    const row = this.#row
    const { high, low, close } = bar
    if (!isFiniteNumber(high) || !isFiniteNumber(low) || !isFiniteNumber(close)) {
      row.k = row.d = Number.NaN
      return row
    }
    const h = this.#highest.push(high)
    const l = this.#lowest.push(low)
    if (this.#highest.count < this.kPeriod) {
      row.k = row.d = Number.NaN
      return row
    }
    const raw = rawK(close, l, h)
    const k = this.#smoothK === undefined ? raw : percentMean(this.#smoothK.update(raw))
    row.k = k
    // Sma skips a NaN, so %D only ever averages defined %K values.
    row.d = percentMean(this.#smoothD.update(k))
    return row
  }

  reset(): void {
    this.#highest.reset()
    this.#lowest.reset()
    this.#smoothK?.reset()
    this.#smoothD.reset()
  }
}

export const stochasticIndicator = defineIndicator({
  name: 'stochastic',
  title: 'Stochastic oscillator',
  category: 'momentum',
  description:
    'Position of the close in the high–low range of the last kPeriod bars (%K, 0–100) and its SMA (%D); 50 on a zero range.',
  inputs: ['high', 'low', 'close'],
  outputs: ['k', 'd'],
  params: stochasticParams,
  ranges: () => ({ k: { min: 0, max: 100 }, d: { min: 0, max: 100 } }),
  warmup: (p) => p.kPeriod + p.kSmoothing + p.dPeriod - 3,
  batch: (inputs, p, into) =>
    stochasticKernel(inputs.high, inputs.low, inputs.close, p.kPeriod, p.kSmoothing, p.dPeriod, into),
  stream: (p) => new Stochastic(p),
})

/** Stochastic %K and %D of (high, low, close). */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: StochasticParams = {},
): StochasticColumns {
  return stochasticIndicator.compute({ high, low, close }, params)
}
