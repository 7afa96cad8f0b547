/**
 * Simple returns over `period` bars: rₜ = xₜ / xₜ₋ₚ − 1 (0.01 is +1 %). The first value is at
 * index `period`.
 *
 * Returns are defined for positive prices only. Where either price is zero or negative (an input
 * error: a price series is positive) or the ratio overflows, the output is NaN rather than ±∞ or a
 * number of the wrong sign; the next row whose two prices are positive is defined again. The stream
 * keeps the last `period` prices in a ring buffer whose evicted value is exactly the base.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { LaggedChange, laggedChangeKernel } from './lagged-change.ts'

export const returnsParams = z.strictObject({
  period: windowParam(1, 'Number of bars the return is measured over'),
})
export type ReturnsParams = z.input<typeof returnsParams>

/** x / base − 1 for two positive prices with a finite ratio, NaN otherwise. */
export function simpleReturn(x: number, base: number): number {
  const ratio = x / base
  return base > 0 && ratio > 0 && ratio < Number.POSITIVE_INFINITY ? ratio - 1 : Number.NaN
}

/** The batch kernel over finite `values`: NaN for the first `period` rows. */
export function returnsKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  return laggedChangeKernel(values, period, simpleReturn, out)
}

export class Returns extends LaggedChange {
  constructor(params: ReturnsParams = {}) {
    super(returnsIndicator.resolve(params).period, simpleReturn)
  }
}

export const returnsIndicator = defineIndicator({
  name: 'returns',
  title: 'Simple returns',
  category: 'statistics',
  description: 'xₜ / xₜ₋ₚ − 1 over `period` bars; NaN where a price is not positive.',
  inputs: ['value'],
  outputs: ['value'],
  params: returnsParams,
  // A price ratio is never negative: a simple return is at least −100 %.
  ranges: () => ({ value: { min: -1, max: Number.POSITIVE_INFINITY } }),
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({ value: returnsKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Returns(p)),
})

/** Simple returns of `values`, NaN for the first `period` rows; into `out` if given. */
export function returns(values: Float64Array, params: ReturnsParams = {}, out?: Float64Array): Float64Array {
  return returnsIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out })
    .value
}
