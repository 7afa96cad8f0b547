/**
 * Exponential moving average with α = 2 / (period + 1), seeded with the simple average of the
 * first `period` values (as TA-Lib, technicalindicators and trading-signals do), so the first
 * value appears at index period − 1.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const emaParams = z.strictObject({ period: windowParam(20, 'Smoothing period; α = 2 / (period + 1)') })
export type EmaParams = z.input<typeof emaParams>

/** The batch kernel: `alpha` in (0, 1], seeded with the SMA of the first `period` values. */
export function emaKernel(
  values: Float64Array,
  period: number,
  alpha: number = 2 / (period + 1),
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  let sum = 0
  const warm = Math.min(period - 1, n)
  for (let i = 0; i < warm; i++) {
    sum += values[i]!
    out[i] = Number.NaN
  }
  if (warm === n) return out
  sum += values[warm]!
  let ema = sum / period
  out[warm] = ema
  // Two steps per iteration: e₂ = q²·e₀ + αq·x₁ + α·x₂ depends on e₀ through one multiply and
  // one add, where the textbook recurrence chains four operations over the same two steps. The
  // loop is bound by that chain's latency, so this runs about twice as fast; the values differ
  // from the one-step recurrence only by rounding (well within the 1e-9 the contract allows).
  const keep = 1 - alpha
  const keep2 = keep * keep
  const alphaKeep = alpha * keep
  let i = period
  for (; i + 1 < n; i += 2) {
    const x1 = values[i]!
    const x2 = values[i + 1]!
    out[i] = keep * ema + alpha * x1
    ema = keep2 * ema + (alphaKeep * x1 + alpha * x2)
    out[i + 1] = ema
  }
  if (i < n) out[i] = keep * ema + alpha * values[i]!
  return out
}

/** Streaming EMA; also the building block of DEMA, TEMA, MACD and Keltner. */
export class Ema implements StreamingIndicator<number, number> {
  readonly period: number
  readonly alpha: number
  #count = 0
  #value = 0

  constructor(params: EmaParams = {}, alpha?: number) {
    this.period = emaIndicator.resolve(params).period
    this.alpha = alpha ?? 2 / (this.period + 1)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    if (this.#count < this.period) {
      this.#value += value
      this.#count++
      if (this.#count < this.period) return Number.NaN
      this.#value /= this.period
      return this.#value
    }
    this.#value = (1 - this.alpha) * this.#value + this.alpha * value
    return this.#value
  }

  reset(): void {
    this.#count = 0
    this.#value = 0
  }
}

export const emaIndicator = defineIndicator({
  name: 'ema',
  title: 'Exponential moving average',
  category: 'trend',
  description:
    'Exponentially weighted mean, α = 2 / (period + 1), seeded with the SMA of the first period values.',
  inputs: ['value'],
  outputs: ['value'],
  params: emaParams,
  spreadsNonFinite: true,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: emaKernel(inputs.value, p.period, 2 / (p.period + 1), into?.value) }),
  stream: (p) => valueStream('value', new Ema(p)),
})

/** EMA of `values`, NaN during the first `period − 1` values; written into `out` if given. */
export function ema(values: Float64Array, params: EmaParams = {}, out?: Float64Array): Float64Array {
  return emaIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out }).value
}
