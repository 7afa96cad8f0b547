/**
 * Simple moving average: the mean of the last `period` values.
 *
 * The window is summed by the two-block rule of core/window-sums.ts — nothing is subtracted, so a
 * value stops counting the moment it leaves the window, and a spike or a typo cannot bias the
 * average afterwards — at the cost of about one addition per value more than a running sum,
 * whatever the period. The batch kernel and the streaming class perform the same floating-point
 * operations in the same order, so they agree to the last bit.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { WindowSum, windowSums } from '../core/window-sums.ts'

export const smaParams = z.strictObject({ period: windowParam(20, 'Number of values averaged') })
export type SmaParams = z.input<typeof smaParams>

/** The batch kernel: `period` must be a positive integer, `values` finite; `out` not `values`. */
export function smaKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  return windowSums(values, period, out, period)
}

export class Sma implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #sum: WindowSum

  constructor(params: SmaParams = {}) {
    this.period = smaIndicator.resolve(params).period
    this.#sum = new WindowSum(this.period)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    return this.#sum.push(value) / this.period
  }

  reset(): void {
    this.#sum.reset()
  }
}

export const smaIndicator = defineIndicator({
  name: 'sma',
  title: 'Simple moving average',
  category: 'trend',
  description: 'Mean of the last `period` values.',
  inputs: ['value'],
  outputs: ['value'],
  params: smaParams,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: smaKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Sma(p)),
})

/** SMA of `values`, NaN during the first `period − 1` values; written into `out` if given. */
export function sma(values: Float64Array, params: SmaParams = {}, out?: Float64Array): Float64Array {
  return smaIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out }).value
}
