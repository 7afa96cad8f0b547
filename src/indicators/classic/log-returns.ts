/**
 * Log returns over `period` bars: rₜ = ln(xₜ / xₜ₋ₚ). They add up over time (the log return over
 * two bars is the sum of the two one-bar log returns), which is why volatility is measured on them.
 * The first value is at index `period`.
 *
 * Computed as the log of the ratio (one `Math.log`, and accurate for small moves, where the
 * difference of two logs would lose digits). The logarithm of a zero or negative price does not
 * exist: prices must be positive, and where either price is not (an input error), or the ratio
 * overflows or underflows, the output is NaN, never ±∞.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { LaggedChange, laggedChangeKernel } from './lagged-change.ts'

export const logReturnsParams = z.strictObject({
  period: windowParam(1, 'Number of bars the return is measured over'),
})
export type LogReturnsParams = z.input<typeof logReturnsParams>

/** ln(x / base) for two positive prices with a positive finite ratio, NaN otherwise. */
export function logReturn(x: number, base: number): number {
  const ratio = x / base
  return base > 0 && ratio > 0 && ratio < Number.POSITIVE_INFINITY ? Math.log(ratio) : Number.NaN
}

/** The batch kernel over finite `values`: NaN for the first `period` rows. */
export function logReturnsKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  return laggedChangeKernel(values, period, logReturn, out)
}

export class LogReturns extends LaggedChange {
  constructor(params: LogReturnsParams = {}) {
    super(logReturnsIndicator.resolve(params).period, logReturn)
  }
}

export const logReturnsIndicator = defineIndicator({
  name: 'log-returns',
  title: 'Log returns',
  category: 'statistics',
  description: 'ln(xₜ / xₜ₋ₚ) over `period` bars; prices must be positive (NaN where one is not).',
  inputs: ['value'],
  outputs: ['value'],
  params: logReturnsParams,
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({ value: logReturnsKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new LogReturns(p)),
})

/** Log returns of `values`, NaN for the first `period` rows; into `out` if given. */
export function logReturns(
  values: Float64Array,
  params: LogReturnsParams = {},
  out?: Float64Array,
): Float64Array {
  return logReturnsIndicator.compute(
    { value: values },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
