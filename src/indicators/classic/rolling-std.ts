/**
 * Rolling standard deviation of the last `period` values, population (ddof 0, what Bollinger
 * Bands use) or sample (ddof 1).
 *
 * The textbook running form, Σx² / n − (Σx / n)², cancels catastrophically when the level is large
 * and the spread small: prices near 1e6 with a standard deviation of 1e-3 give two terms near 1e12
 * whose difference, 1e-6, is below their rounding error, and the answer is noise. Subtracting the
 * value that leaves the window from a running sum has the same flaw in time: one huge value leaves
 * a residue that outlives it. So the window follows the two-block rule of core/window-sums.ts, with
 * terms that depend on the block (deviations from an anchor inside the window):
 *
 * - the series is split into blocks of `period` values; at the start of each block an anchor K is
 *   taken (the block's first value, always inside every window that ends in the block);
 * - at the block start, suffix sums of d = x − K and d² over the previous block are computed once,
 *   newest to oldest; within the block, prefix sums of the same run forward;
 * - the window ending at row i is exactly (suffix from i − period + 1) + (prefix up to i).
 *
 * Nothing is ever subtracted from a running sum, so no value outside the window influences the
 * result (a NaN or a spike is forgotten the moment it leaves), deviations are taken from a value
 * inside the window (no large-offset cancellation: the relative error of the variance is of order
 * period · ε · range² / variance, independent of the level and of the series length), and a window
 * of equal values gives d = 0 exactly, hence a standard deviation of exactly 0 and a mean equal to
 * the value. Cost: one add pair per value forward plus one per value in the block-start pass.
 *
 * The batch kernel and the streaming `RollingMoments` perform the same operations in the same order,
 * so they agree to the last bit.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const rollingStdParams = z
  .strictObject({
    period: windowParam(20, 'Number of values in the window'),
    ddof: z
      .number()
      .int()
      .min(0)
      .max(1)
      .default(0)
      .describe('Delta degrees of freedom: 0 divides by period (population), 1 by period − 1 (sample)'),
  })
  .superRefine((p, ctx) => {
    if (p.ddof === 1 && p.period < 2) {
      ctx.addIssue({ code: 'custom', path: ['period'], message: 'must be at least 2 when ddof is 1' })
    }
  })
export type RollingStdParams = z.input<typeof rollingStdParams>

/**
 * The batch kernel behind the rolling standard deviation, z-score and realised volatility: writes
 * the window's standard deviation into `std` and, if given, its mean into `mean`, NaN for the first
 * `period − 1` rows. `period` ≥ 1 + ddof; finite values give finite results; a non-finite value
 * makes NaN exactly the rows whose window holds it.
 */
export function rollingMomentsKernel(
  values: Float64Array,
  period: number,
  ddof: number,
  std: Float64Array,
  mean?: Float64Array,
): void {
  const n = values.length
  // Index p holds the sum over the previous block from row (block start − period + p) to its end.
  const suffix1 = new Float64Array(period + 1)
  const suffix2 = new Float64Array(period + 1)
  const invN = 1 / period
  const invD = 1 / (period - ddof)
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
    // Only the first block has rows before the window is full: they accumulate without output,
    // which keeps the steady loop below free of that test.
    const from = b === 0 ? Math.min(period - 1, end) : b
    for (let i = b; i < from; i++) {
      const d = values[i]! - anchor
      c1 += d
      c2 += d * d
      std[i] = Number.NaN
      if (mean !== undefined) mean[i] = Number.NaN
    }
    for (let i = from, q = from - b + 1; i < end; i++, q++) {
      const d = values[i]! - anchor
      c1 += d
      c2 += d * d
      const s1 = suffix1[q]! + c1
      const variance = (suffix2[q]! + c2 - s1 * s1 * invN) * invD
      // max(NaN, 0) is NaN: a bad value still shows; rounding below 0 becomes 0.
      std[i] = Math.sqrt(Math.max(variance, 0))
      if (mean !== undefined) mean[i] = anchor + s1 * invN
    }
  }
}

/**
 * The streaming counterpart of `rollingMomentsKernel`: push a value, then read `mean` and `std`
 * (NaN until the window is full). Used by the rolling standard deviation, the z-score, Bollinger
 * Bands and realised volatility. It accepts any number (a NaN pushed in makes exactly the windows
 * that hold it NaN); callers that must skip non-finite inputs do so before pushing.
 */
export class RollingMoments {
  readonly period: number
  readonly ddof: number
  mean = Number.NaN
  std = Number.NaN
  readonly #window: RingBuffer
  readonly #suffix1: Float64Array
  readonly #suffix2: Float64Array
  readonly #invN: number
  readonly #invD: number
  /** Position of the next value in its block, 0 at a block start. */
  #phase = 0
  #anchor = 0
  #c1 = 0
  #c2 = 0

  /** `period` must be an integer ≥ 1 + ddof (the indicators' schemas check it). */
  constructor(period: number, ddof: number) {
    this.period = period
    this.ddof = ddof
    this.#window = new RingBuffer(period)
    this.#suffix1 = new Float64Array(period + 1)
    this.#suffix2 = new Float64Array(period + 1)
    this.#invN = 1 / period
    this.#invD = 1 / (period - ddof)
  }

  /** Adds a value; true when the window is full and `mean` and `std` are defined. */
  push(value: number): boolean {
    const period = this.period
    const window = this.#window
    window.push(value)
    if (this.#phase === 0) {
      this.#anchor = value
      if (window.size === period) {
        let t1 = 0
        let t2 = 0
        for (let p = period - 1; p >= 1; p--) {
          const d = window.at(p - 1) - value
          t1 += d
          t2 += d * d
          this.#suffix1[p] = t1
          this.#suffix2[p] = t2
        }
      }
      this.#c1 = 0
      this.#c2 = 0
    }
    const q = this.#phase + 1
    this.#phase = q === period ? 0 : q
    const d = value - this.#anchor
    this.#c1 += d
    this.#c2 += d * d
    if (!window.full) return false
    const s1 = this.#suffix1[q]! + this.#c1
    const variance = (this.#suffix2[q]! + this.#c2 - s1 * s1 * this.#invN) * this.#invD
    this.std = Math.sqrt(Math.max(variance, 0))
    this.mean = this.#anchor + s1 * this.#invN
    return true
  }

  reset(): void {
    this.#window.clear()
    this.#suffix1.fill(0)
    this.#suffix2.fill(0)
    this.#phase = 0
    this.#anchor = 0
    this.#c1 = 0
    this.#c2 = 0
    this.mean = Number.NaN
    this.std = Number.NaN
  }
}

/** Rolling standard deviation over finite `values`; NaN for the first `period − 1` rows. */
export function rollingStdKernel(
  values: Float64Array,
  period: number,
  ddof: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  rollingMomentsKernel(values, period, ddof, out)
  return out
}

export class RollingStd implements StreamingIndicator<number, number> {
  readonly period: number
  readonly ddof: number
  readonly #moments: RollingMoments

  constructor(params: RollingStdParams = {}) {
    const p = rollingStdIndicator.resolve(params)
    this.period = p.period
    this.ddof = p.ddof
    this.#moments = new RollingMoments(p.period, p.ddof)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    return this.#moments.push(value) ? this.#moments.std : Number.NaN
  }

  reset(): void {
    this.#moments.reset()
  }
}

export const rollingStdIndicator = defineIndicator({
  name: 'rolling-std',
  title: 'Rolling standard deviation',
  category: 'statistics',
  description:
    'Standard deviation of the last `period` values (population by default, sample with ddof 1), free of large-offset cancellation.',
  inputs: ['value'],
  outputs: ['value'],
  params: rollingStdParams,
  ranges: () => ({ value: { min: 0, max: Number.POSITIVE_INFINITY } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: rollingStdKernel(inputs.value, p.period, p.ddof, into?.value) }),
  stream: (p) => valueStream('value', new RollingStd(p)),
})

/** Rolling standard deviation of `values`, NaN for the first `period − 1`; into `out` if given. */
export function rollingStd(
  values: Float64Array,
  params: RollingStdParams = {},
  out?: Float64Array,
): Float64Array {
  return rollingStdIndicator.compute(
    { value: values },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
