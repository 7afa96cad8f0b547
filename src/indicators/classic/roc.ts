/**
 * Rate of change, in percent: ROC = 100 · (xₜ − xₜ₋ₚ) / xₜ₋ₚ, the change over the last `period`
 * values relative to where it started. The first value is at index `period`.
 *
 * Computed as technicalindicators does, ((x − base) / base) · 100, so the two agree to the last
 * bit or two. A zero base (the percentage change from zero is undefined) gives 0, TA-Lib's
 * convention, rather than ±Infinity. The stream keeps the last `period` values in a ring buffer
 * whose evicted value is exactly the base.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const rocParams = z.strictObject({
  period: windowParam(10, 'Number of values back the change is measured from'),
})
export type RocParams = z.input<typeof rocParams>

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function rocKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const warm = Math.min(period, n)
  for (let i = 0; i < warm; i++) out[i] = Number.NaN
  for (let i = period; i < n; i++) {
    const base = values[i - period]!
    out[i] = base === 0 ? 0 : ((values[i]! - base) / base) * 100
  }
  return out
}

export class Roc implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #window: RingBuffer

  constructor(params: RocParams = {}) {
    this.period = rocIndicator.resolve(params).period
    this.#window = new RingBuffer(this.period)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const base = this.#window.push(value)
    if (base !== base) return Number.NaN
    return base === 0 ? 0 : ((value - base) / base) * 100
  }

  reset(): void {
    this.#window.clear()
  }
}

export const rocIndicator = defineIndicator({
  name: 'roc',
  title: 'Rate of change',
  category: 'momentum',
  description: 'Percentage change over the last `period` values: 100 · (x − x[period ago]) / x[period ago].',
  inputs: ['value'],
  outputs: ['value'],
  params: rocParams,
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({ value: rocKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Roc(p)),
})

/** ROC of `values` in percent, NaN during the first `period` values; written into `out` if given. */
export function roc(values: Float64Array, params: RocParams = {}, out?: Float64Array): Float64Array {
  return rocIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out }).value
}
