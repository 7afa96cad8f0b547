/**
 * Rolling z-score: how many standard deviations the latest value sits from the mean of the last
 * `period` values, z = (x − mean) / std, with the population standard deviation (the window is
 * the population being described, as for Bollinger Bands; z = 2 is exactly the upper band).
 *
 * Mean and deviation come from the anchored two-block sums of rolling-std.ts, so a large level
 * with a small spread does not cancel, and a window of equal values has a standard deviation of
 * exactly 0. There the z-score is defined as 0: the value equals the mean, it is no distance away.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { RollingMoments, rollingMomentsKernel } from './rolling-std.ts'

export const zscoreParams = z.strictObject({ period: windowParam(20, 'Number of values in the window') })
export type ZscoreParams = z.input<typeof zscoreParams>

/**
 * z from the window's mean and deviation, 0 on a flat window. No value of a window of n can sit
 * more than √(n − 1) deviations from its mean (Samuelson's inequality); a value alone on one side
 * reaches the bound exactly, and rounding can carry it an ulp past, so it is clamped there.
 */
function zOf(value: number, mean: number, std: number, bound: number): number {
  if (!(std > 0)) return std === 0 ? 0 : Number.NaN
  const z = (value - mean) / std
  return z > bound ? bound : z < -bound ? -bound : z
}

/** The batch kernel over finite `values`: NaN for the first `period − 1` rows, 0 on a flat window. */
export function zscoreKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const mean = new Float64Array(n)
  rollingMomentsKernel(values, period, 0, out, mean)
  const bound = Math.sqrt(period - 1)
  for (let i = period - 1; i < n; i++) out[i] = zOf(values[i]!, mean[i]!, out[i]!, bound)
  return out
}

export class Zscore implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #moments: RollingMoments
  readonly #bound: number

  constructor(params: ZscoreParams = {}) {
    this.period = zscoreIndicator.resolve(params).period
    this.#moments = new RollingMoments(this.period, 0)
    this.#bound = Math.sqrt(this.period - 1)
  }

  update(value: number): number {
    if (!isFiniteNumber(value) || !this.#moments.push(value)) return Number.NaN
    return zOf(value, this.#moments.mean, this.#moments.std, this.#bound)
  }

  reset(): void {
    this.#moments.reset()
  }
}

export const zscoreIndicator = defineIndicator({
  name: 'zscore',
  title: 'Rolling z-score',
  category: 'statistics',
  description:
    'Distance of the latest value from the mean of the last `period` values, in population standard deviations (0 on a flat window).',
  inputs: ['value'],
  outputs: ['value'],
  params: zscoreParams,
  ranges: (p) => ({ value: { min: -Math.sqrt(p.period - 1), max: Math.sqrt(p.period - 1) } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: zscoreKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Zscore(p)),
})

/** Rolling z-score of `values`, NaN for the first `period − 1` rows; into `out` if given. */
export function zscore(values: Float64Array, params: ZscoreParams = {}, out?: Float64Array): Float64Array {
  return zscoreIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out })
    .value
}
