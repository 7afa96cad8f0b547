/**
 * Weighted moving average with linear weights: the newest of the last `period` values weighs
 * `period`, the oldest 1, divided by period·(period + 1)/2.
 *
 * O(1) per value whatever the period. The weighted window sum follows the two-block rule of
 * core/window-sums.ts (`weightedWindowSums`): suffix sums of the previous block, and their running
 * totals, computed once per block; prefix sums forward; nothing subtracted. The textbook recurrence
 * W ← W − S + period·x, S ← S − o + x never forgets a rounding error (an error in S is subtracted
 * from W at every later step) nor a spike that has left; this form does both. The batch loop and
 * the streaming class perform the same operations in the same order, so they agree to the last bit.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { WeightedWindowSum, weightedWindowSums } from '../core/window-sums.ts'

export const wmaParams = z.strictObject({ period: windowParam(20, 'Number of values averaged') })
export type WmaParams = z.input<typeof wmaParams>

/** The batch kernel: `period` must be a positive integer, `values` finite; `out` not `values`. */
export function wmaKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  return weightedWindowSums(values, period, out, (period * (period + 1)) / 2)
}

export class Wma implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #denominator: number
  readonly #sum: WeightedWindowSum

  constructor(params: WmaParams = {}) {
    this.period = wmaIndicator.resolve(params).period
    this.#denominator = (this.period * (this.period + 1)) / 2
    this.#sum = new WeightedWindowSum(this.period)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    return this.#sum.push(value) / this.#denominator
  }

  reset(): void {
    this.#sum.reset()
  }
}

export const wmaIndicator = defineIndicator({
  name: 'wma',
  title: 'Weighted moving average',
  category: 'trend',
  description: 'Linearly weighted mean of the last `period` values, the newest weighing most.',
  inputs: ['value'],
  outputs: ['value'],
  params: wmaParams,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: wmaKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Wma(p)),
})

/** WMA of `values`, NaN during the first `period − 1` values; written into `out` if given. */
export function wma(values: Float64Array, params: WmaParams = {}, out?: Float64Array): Float64Array {
  return wmaIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out }).value
}
