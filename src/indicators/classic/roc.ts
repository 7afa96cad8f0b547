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
import { LaggedChange, laggedChangeKernel } from './lagged-change.ts'

export const rocParams = z.strictObject({
  period: windowParam(10, 'Number of values back the change is measured from'),
})
export type RocParams = z.input<typeof rocParams>

/** 100 · (x − base) / base; a zero base gives 0, as TA-Lib does. */
export function percentChange(current: number, base: number): number {
  return base === 0 ? 0 : ((current - base) / base) * 100
}

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function rocKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  return laggedChangeKernel(values, period, percentChange, out)
}

export class Roc extends LaggedChange {
  constructor(params: RocParams = {}) {
    super(rocIndicator.resolve(params).period, percentChange)
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
