/**
 * Rolling beta of `value` on `benchmark`: the slope of the least-squares line through the last
 * `period` pairs of simple returns, β = cov(r, b) / var(b) — how many percent the value moves, on
 * average, per percent of the benchmark. The first value needs `period` returns, hence `period + 1`
 * prices: it is at index `period`.
 *
 * The window sums are the co-moments of correlation.ts (anchored, two-block, nothing subtracted),
 * so a return involving a non-positive price (an input error) is NaN and makes NaN exactly the
 * windows that hold it. A benchmark whose returns do not vary over the window leaves beta
 * undefined; it is reported as 0 (no exposure can be measured), documented rather than ±∞.
 */
import { z } from 'zod'
import { rowValueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { type PricePair, RollingReturnCoMoments, betaOf, rollingReturnCoMoments } from './correlation.ts'

export const betaParams = z.strictObject({
  period: windowParam(20, 'Number of returns in the window', 2),
})
export type BetaParams = z.input<typeof betaParams>

/** The batch kernel over finite price columns: NaN for the first `period` rows. */
export function betaKernel(
  value: Float64Array,
  benchmark: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(value.length),
): Float64Array {
  out.fill(Number.NaN, 0, Math.min(period, value.length))
  rollingReturnCoMoments(value, benchmark, period, (i, cov, _vx, vy) => {
    out[i] = betaOf(cov, vy)
  })
  return out
}

export class Beta implements StreamingIndicator<PricePair, number> {
  readonly period: number
  readonly #moments: RollingReturnCoMoments

  constructor(params: BetaParams = {}) {
    this.period = betaIndicator.resolve(params).period
    this.#moments = new RollingReturnCoMoments(this.period)
  }

  update(pair: PricePair): number {
    if (!isFiniteNumber(pair.value) || !isFiniteNumber(pair.benchmark)) return Number.NaN
    const m = this.#moments
    return m.push(pair.value, pair.benchmark) ? betaOf(m.covariance, m.varianceBenchmark) : Number.NaN
  }

  reset(): void {
    this.#moments.reset()
  }
}

export const betaIndicator = defineIndicator({
  name: 'beta',
  title: 'Rolling beta',
  category: 'statistics',
  description:
    'cov / var of the simple returns of `value` against `benchmark` over the last `period` returns (0 when the benchmark is flat).',
  inputs: ['value', 'benchmark'],
  outputs: ['value'],
  params: betaParams,
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({ value: betaKernel(inputs.value, inputs.benchmark, p.period, into?.value) }),
  stream: (p) => rowValueStream(new Beta(p)),
})

/** Rolling beta of `value` on `benchmark` (aligned prices); NaN for the first `period` rows. */
export function beta(
  value: Float64Array,
  benchmark: Float64Array,
  params: BetaParams = {},
  out?: Float64Array,
): Float64Array {
  return betaIndicator.compute({ value, benchmark }, params, out === undefined ? undefined : { value: out })
    .value
}
