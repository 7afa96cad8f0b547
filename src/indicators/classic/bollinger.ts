/**
 * Bollinger Bands: the mean of the last `period` values (middle) ± `multiplier` population standard
 * deviations, with %B = (x − lower) / (upper − lower), where the latest value sits within the bands
 * (0 on the lower band, 1 on the upper), and bandwidth = (upper − lower) / middle.
 *
 * The window statistics are those of rolling-std.ts (anchored two-block sums: no large-offset
 * cancellation, a flat window gives bands of width exactly 0). The batch kernel inlines that loop
 * and writes all five outputs in one pass, because this is one of the benchmarked indicators; the
 * stream uses `RollingMoments`, which performs the same operations, so the two agree to the bit.
 * Its cost is mostly the square root and the two divisions per row (%B, bandwidth): the divider,
 * not memory, bounds it.
 *
 * Degenerate windows: when the bands collapse (every value equal) %B is 0.5 (the value is the
 * middle, halfway between bands that coincide) and bandwidth is 0. A middle of exactly 0 with bands
 * of non-zero width makes bandwidth undefined: NaN.
 */
import { z } from 'zod'
import { rowStream } from '../core/adapters.ts'
import { type OutputColumns, type OutputRow, defineIndicator } from '../core/definition.ts'
import { positiveParam, windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { RollingMoments } from './rolling-std.ts'

export const bollingerParams = z.strictObject({
  period: windowParam(20, 'Number of values in the window'),
  multiplier: positiveParam(2, 'Band half-width in population standard deviations'),
})
export type BollingerParams = z.input<typeof bollingerParams>

export type BollingerOutput = 'middle' | 'upper' | 'lower' | 'percentB' | 'bandwidth'
export const BOLLINGER_OUTPUTS: readonly BollingerOutput[] = [
  'middle',
  'upper',
  'lower',
  'percentB',
  'bandwidth',
]

/**
 * The batch kernel over finite `values`: all five outputs in one pass, NaN for the first
 * `period − 1` rows. The window sums forget a bad value once it leaves, so (unlike SMA) this
 * indicator does not claim `spreadsNonFinite`: the wrapper's scan for non-finite rows costs what
 * tracking them here would (measured), and keeps this loop plain.
 */
export function bollingerKernel(
  values: Float64Array,
  period: number,
  multiplier: number,
  into: Partial<OutputColumns<BollingerOutput>> = {},
): OutputColumns<BollingerOutput> {
  const n = values.length
  const middle = into.middle ?? new Float64Array(n)
  const upper = into.upper ?? new Float64Array(n)
  const lower = into.lower ?? new Float64Array(n)
  const percentB = into.percentB ?? new Float64Array(n)
  const bandwidth = into.bandwidth ?? new Float64Array(n)
  const suffix1 = new Float64Array(period + 1)
  const suffix2 = new Float64Array(period + 1)
  const invN = 1 / period
  for (let b = 0; b < n; b += period) {
    const anchor = values[b]!
    if (b > 0) {
      let t1 = 0
      let t2 = 0
      for (let p = period - 1; p >= 1; p--) {
        const d = values[b - period + p]! - anchor
        t1 += d
        t2 += d * d
        suffix1[p] = t1
        suffix2[p] = t2
      }
    }
    let c1 = 0
    let c2 = 0
    const end = Math.min(b + period, n)
    const from = b === 0 ? Math.min(period - 1, end) : b
    for (let i = b; i < from; i++) {
      const x = values[i]!
      const d = x - anchor
      c1 += d
      c2 += d * d
      middle[i] = upper[i] = lower[i] = percentB[i] = bandwidth[i] = Number.NaN
    }
    for (let i = from, q = from - b + 1; i < end; i++, q++) {
      const x = values[i]!
      const d = x - anchor
      c1 += d
      c2 += d * d
      const s1 = suffix1[q]! + c1
      const variance = (suffix2[q]! + c2 - s1 * s1 * invN) * invN
      const mid = anchor + s1 * invN
      const deviation = multiplier * Math.sqrt(Math.max(variance, 0))
      const up = mid + deviation
      const low = mid - deviation
      const width = up - low
      middle[i] = mid
      upper[i] = up
      lower[i] = low
      if (width > 0) {
        percentB[i] = (x - low) / width
        bandwidth[i] = mid !== 0 ? width / mid : Number.NaN
      } else {
        percentB[i] = 0.5
        bandwidth[i] = 0
      }
    }
  }
  return { middle, upper, lower, percentB, bandwidth }
}

/** Streaming Bollinger Bands; `update` returns one object, reused by the next update (copy what you keep). */
export class Bollinger implements StreamingIndicator<number, OutputRow<BollingerOutput>> {
  readonly period: number
  readonly multiplier: number
  readonly #moments: RollingMoments
  readonly #out: Record<BollingerOutput, number> = {
    middle: Number.NaN,
    upper: Number.NaN,
    lower: Number.NaN,
    percentB: Number.NaN,
    bandwidth: Number.NaN,
  }

  constructor(params: BollingerParams = {}) {
    const p = bollingerIndicator.resolve(params)
    this.period = p.period
    this.multiplier = p.multiplier
    this.#moments = new RollingMoments(p.period, 0)
  }

  update(value: number): OutputRow<BollingerOutput> {
    const out = this.#out
    if (!isFiniteNumber(value) || !this.#moments.push(value)) {
      out.middle = out.upper = out.lower = out.percentB = out.bandwidth = Number.NaN
      return out
    }
    const mid = this.#moments.mean
    const deviation = this.multiplier * this.#moments.std
    const up = mid + deviation
    const low = mid - deviation
    const width = up - low
    out.middle = mid
    out.upper = up
    out.lower = low
    if (width > 0) {
      out.percentB = (value - low) / width
      out.bandwidth = mid !== 0 ? width / mid : Number.NaN
    } else {
      out.percentB = 0.5
      out.bandwidth = 0
    }
    return out
  }

  reset(): void {
    this.#moments.reset()
  }
}

export const bollingerIndicator = defineIndicator({
  name: 'bollinger',
  title: 'Bollinger Bands',
  category: 'volatility',
  description:
    'Mean of the last `period` values ± `multiplier` population standard deviations, with %B and bandwidth.',
  inputs: ['value'],
  outputs: BOLLINGER_OUTPUTS,
  params: bollingerParams,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => bollingerKernel(inputs.value, p.period, p.multiplier, into),
  stream: (p) => rowStream(new Bollinger(p), (row: { readonly value: number }) => row.value),
})

/** Bollinger Bands of `values`, NaN for the first `period − 1` rows; into `into`'s arrays if given. */
export function bollinger(
  values: Float64Array,
  params: BollingerParams = {},
  into?: Partial<OutputColumns<BollingerOutput>>,
): OutputColumns<BollingerOutput> {
  return bollingerIndicator.compute({ value: values }, params, into)
}
