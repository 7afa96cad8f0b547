/**
 * Simple moving average: the mean of the last `period` values.
 *
 * A running sum, one add and one subtract per value, so the cost does not depend on the period.
 * The batch loop and the streaming class perform the same floating-point operations in the same
 * order, so they agree to the last bit.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const smaParams = z.strictObject({ period: windowParam(20, 'Number of values averaged') })
export type SmaParams = z.input<typeof smaParams>

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function smaKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  let sum = 0
  const warm = Math.min(period - 1, n)
  for (let i = 0; i < warm; i++) {
    sum += values[i]!
    out[i] = Number.NaN
  }
  if (warm < n) {
    sum += values[warm]!
    out[warm] = sum / period
  }
  for (let i = period, j = 0; i < n; i++, j++) {
    sum += values[i]!
    sum -= values[j]!
    out[i] = sum / period
  }
  return out
}

export class Sma implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #window: RingBuffer
  #sum = 0

  constructor(params: SmaParams = {}) {
    this.period = smaIndicator.resolve(params).period
    this.#window = new RingBuffer(this.period)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    this.#sum += value
    const evicted = this.#window.push(value)
    if (this.#window.size === this.period && evicted === evicted) this.#sum -= evicted
    return this.#window.full ? this.#sum / this.period : Number.NaN
  }

  reset(): void {
    this.#window.clear()
    this.#sum = 0
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
  spreadsNonFinite: true,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: smaKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Sma(p)),
})

/** SMA of `values`, NaN during the first `period − 1` values; written into `out` if given. */
export function sma(values: Float64Array, params: SmaParams = {}, out?: Float64Array): Float64Array {
  return smaIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out }).value
}
