/**
 * Relative strength index (Wilder, 1978): RSI = 100 · G / (G + L), where G and L are the
 * smoothed average gain and average loss of the bar-to-bar changes — the same number as the
 * textbook 100 − 100 / (1 + G/L), computed with one division and no special case for L = 0.
 * Dividing before scaling, 100 · (G / (G + L)), keeps it within [0, 100] to the last bit: G/(G + L)
 * cannot round above 1, where (100·G)/(G + L) can land one ulp above 100.
 *
 * Seeding, as Wilder, TA-Lib, technicalindicators and trading-signals: G and L start as the
 * simple means of the first `period` changes (so the first RSI is at index `period`), then follow
 * Wilder's smoothing G ← G + (gain − G)/period. Degenerate data: when prices have not moved
 * (G = L = 0) RSI is 50 — neither side has strength — where technicalindicators and
 * trading-signals say 100; only gains give 100, only losses 0.
 *
 * The batch kernel is benchmarked over 10 million points against C, so it is one pass over the
 * input with all state in locals and no allocation but the output. The stream performs the same
 * operations in the same order.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const rsiParams = z.strictObject({
  period: windowParam(14, 'Number of changes averaged; Wilder smoothing α = 1 / period'),
})
export type RsiParams = z.input<typeof rsiParams>

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function rsiKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const warm = Math.min(period, n)
  let gains = 0
  let losses = 0
  let previous = values[0]!
  if (n > 0) out[0] = Number.NaN
  for (let i = 1; i < warm; i++) {
    const x = values[i]!
    const change = x - previous
    if (change > 0) gains += change
    else losses -= change
    previous = x
    out[i] = Number.NaN
  }
  if (warm === n) return out
  const x = values[warm]!
  const change = x - previous
  if (change > 0) gains += change
  else losses -= change
  previous = x
  let gain = gains / period
  let loss = losses / period
  let total = gain + loss
  out[warm] = total > 0 ? 100 * (gain / total) : 50
  const alpha = 1 / period
  for (let i = period + 1; i < n; i++) {
    const x = values[i]!
    const change = x - previous
    previous = x
    gain += alpha * ((change > 0 ? change : 0) - gain)
    loss += alpha * ((change > 0 ? 0 : -change) - loss)
    total = gain + loss
    out[i] = total > 0 ? 100 * (gain / total) : 50
  }
  return out
}

export class Rsi implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #alpha: number
  /** Values seen, capped at period + 1 (after that the averages are seeded). */
  #count = 0
  #previous = 0
  #gain = 0
  #loss = 0

  constructor(params: RsiParams = {}) {
    this.period = rsiIndicator.resolve(params).period
    this.#alpha = 1 / this.period
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const change = value - this.#previous
    this.#previous = value
    if (this.#count <= this.period) {
      // Before the seed, #gain and #loss hold the sums of the gains and losses so far.
      if (this.#count++ === 0) return Number.NaN
      if (change > 0) this.#gain += change
      else this.#loss -= change
      if (this.#count <= this.period) return Number.NaN
      this.#gain /= this.period
      this.#loss /= this.period
    } else {
      this.#gain += this.#alpha * ((change > 0 ? change : 0) - this.#gain)
      this.#loss += this.#alpha * ((change > 0 ? 0 : -change) - this.#loss)
    }
    const total = this.#gain + this.#loss
    return total > 0 ? 100 * (this.#gain / total) : 50
  }

  reset(): void {
    this.#count = 0
    this.#previous = 0
    this.#gain = 0
    this.#loss = 0
  }
}

export const rsiIndicator = defineIndicator({
  name: 'rsi',
  title: 'Relative strength index',
  category: 'momentum',
  description:
    "Wilder's RSI: 100 · average gain / (average gain + average loss), in [0, 100]; 50 on flat prices.",
  inputs: ['value'],
  outputs: ['value'],
  params: rsiParams,
  ranges: () => ({ value: { min: 0, max: 100 } }),
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({ value: rsiKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Rsi(p)),
})

/** RSI of `values`, NaN during the first `period` values; written into `out` if given. */
export function rsi(values: Float64Array, params: RsiParams = {}, out?: Float64Array): Float64Array {
  return rsiIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out }).value
}
