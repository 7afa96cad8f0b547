/**
 * Weighted moving average with linear weights: the newest of the last `period` values weighs
 * `period`, the oldest 1, divided by period·(period + 1)/2.
 *
 * O(1) per value whatever the period, from two running sums: the plain sum S of the window and
 * the weighted sum W. When a value x enters and the oldest o leaves, every value still in the
 * window loses one unit of weight, so W ← W − S + period·x (S taken before the shift), then
 * S ← S − o + x.
 *
 * That recurrence does not forget its rounding errors: an error in S is subtracted from W at
 * every later step, so W's error grows with the square of the number of steps — measured at
 * 2e-4 relative after 10 million values of a random walk that visited large prices. Both sums
 * are therefore recomputed exactly from the window every `refreshInterval(period)` values (at
 * least 1024 and at least 4·period, so the refresh costs at most a quarter of an operation per
 * value), which bounds the error to what a thousand steps can accumulate (below 1e-12 in the same
 * test). The batch loop and the streaming class perform the same operations in the same order,
 * refreshes included, so they agree to the last bit.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const wmaParams = z.strictObject({ period: windowParam(20, 'Number of values averaged') })
export type WmaParams = z.input<typeof wmaParams>

/** Steps between exact recomputations of the running sums (see the module comment). */
export function refreshInterval(period: number): number {
  return Math.max(1024, 4 * period)
}

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function wmaKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const denominator = (period * (period + 1)) / 2
  let sum = 0
  let weighted = 0
  const warm = Math.min(period - 1, n)
  for (let i = 0; i < warm; i++) {
    const x = values[i]!
    sum += x
    weighted += (i + 1) * x
    out[i] = Number.NaN
  }
  if (warm === n) return out
  const first = values[warm]!
  sum += first
  weighted += period * first
  out[warm] = weighted / denominator
  const refresh = refreshInterval(period)
  let sinceRefresh = 0
  for (let i = period; i < n; i++) {
    const x = values[i]!
    weighted += period * x - sum
    sum += x - values[i - period]!
    if (++sinceRefresh === refresh) {
      sinceRefresh = 0
      sum = 0
      weighted = 0
      for (let k = 0, j = i - period + 1; k < period; k++, j++) {
        const y = values[j]!
        sum += y
        weighted += (k + 1) * y
      }
    }
    out[i] = weighted / denominator
  }
  return out
}

export class Wma implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #denominator: number
  readonly #window: RingBuffer
  readonly #refresh: number
  #sinceRefresh = 0
  #sum = 0
  #weighted = 0

  constructor(params: WmaParams = {}) {
    this.period = wmaIndicator.resolve(params).period
    this.#denominator = (this.period * (this.period + 1)) / 2
    this.#window = new RingBuffer(this.period)
    this.#refresh = refreshInterval(this.period)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const window = this.#window
    const size = window.size
    if (size < this.period) {
      this.#sum += value
      this.#weighted += (size + 1) * value
      window.push(value)
      return size + 1 === this.period ? this.#weighted / this.#denominator : Number.NaN
    }
    const evicted = window.push(value)
    this.#weighted += this.period * value - this.#sum
    this.#sum += value - evicted
    if (++this.#sinceRefresh === this.#refresh) {
      this.#sinceRefresh = 0
      let sum = 0
      let weighted = 0
      for (let k = 0; k < this.period; k++) {
        const y = window.at(k)
        sum += y
        weighted += (k + 1) * y
      }
      this.#sum = sum
      this.#weighted = weighted
    }
    return this.#weighted / this.#denominator
  }

  reset(): void {
    this.#window.clear()
    this.#sinceRefresh = 0
    this.#sum = 0
    this.#weighted = 0
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
