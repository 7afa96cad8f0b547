/**
 * Realised volatility: the sample standard deviation of the last `period` one-bar log returns,
 * annualised by √periodsPerYear (252 for daily bars; 252 · 390 for US-equity minutes…). The first
 * value needs `period` returns, hence `period + 1` prices: it is at index `period`.
 *
 * Sample (ddof 1) rather than population, as is usual when the window estimates the volatility of
 * the process rather than describing the window. The statistics come from the anchored two-block
 * sums of rolling-std.ts, so only the returns inside the window count: a return involving a
 * non-positive price (an input error, see log-returns.ts) is NaN, and so is every window that holds
 * it, and no other. Constant prices give returns of exactly 0 and a volatility of exactly 0.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { positiveParam, windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { logReturn } from './log-returns.ts'
import { RollingMoments, rollingMomentsKernel } from './rolling-std.ts'

export const realisedVolatilityParams = z.strictObject({
  period: windowParam(20, 'Number of one-bar log returns in the window', 2),
  periodsPerYear: positiveParam(252, 'Bars per year, for annualising (252 for daily bars)'),
})
export type RealisedVolatilityParams = z.input<typeof realisedVolatilityParams>

/** The batch kernel over finite prices: NaN for the first `period` rows. */
export function realisedVolatilityKernel(
  values: Float64Array,
  period: number,
  periodsPerYear: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  if (n === 0) return out
  const logs = new Float64Array(n)
  for (let i = 1; i < n; i++) logs[i] = logReturn(values[i]!, values[i - 1]!)
  rollingMomentsKernel(logs.subarray(1), period, 1, out.subarray(1))
  out[0] = Number.NaN
  const scale = Math.sqrt(periodsPerYear)
  for (let i = period; i < n; i++) out[i] = out[i]! * scale
  return out
}

export class RealisedVolatility implements StreamingIndicator<number, number> {
  readonly period: number
  readonly periodsPerYear: number
  readonly #moments: RollingMoments
  readonly #scale: number
  #previous = Number.NaN

  constructor(params: RealisedVolatilityParams = {}) {
    const p = realisedVolatilityIndicator.resolve(params)
    this.period = p.period
    this.periodsPerYear = p.periodsPerYear
    this.#scale = Math.sqrt(p.periodsPerYear)
    this.#moments = new RollingMoments(p.period, 1)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const previous = this.#previous
    this.#previous = value
    if (previous !== previous) return Number.NaN
    return this.#moments.push(logReturn(value, previous)) ? this.#moments.std * this.#scale : Number.NaN
  }

  reset(): void {
    this.#moments.reset()
    this.#previous = Number.NaN
  }
}

export const realisedVolatilityIndicator = defineIndicator({
  name: 'realised-volatility',
  title: 'Realised volatility',
  category: 'volatility',
  description: 'Sample standard deviation of the last `period` log returns, annualised by √periodsPerYear.',
  inputs: ['value'],
  outputs: ['value'],
  params: realisedVolatilityParams,
  ranges: () => ({ value: { min: 0, max: Number.POSITIVE_INFINITY } }),
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({
    value: realisedVolatilityKernel(inputs.value, p.period, p.periodsPerYear, into?.value),
  }),
  stream: (p) => valueStream('value', new RealisedVolatility(p)),
})

/** Annualised realised volatility of `values`, NaN for the first `period` rows; into `out` if given. */
export function realisedVolatility(
  values: Float64Array,
  params: RealisedVolatilityParams = {},
  out?: Float64Array,
): Float64Array {
  return realisedVolatilityIndicator.compute(
    { value: values },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
