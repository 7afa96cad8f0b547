/**
 * The change of a series over a lag of `period` bars, by a rule the caller gives: the shared
 * machinery of returns, log returns and rate of change. The batch kernel and the streaming class
 * apply the same rule to the same pair of values, so they agree to the bit.
 */
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

/** The change from `base` (the value `period` bars ago) to `current`. */
export type ChangeRule = (current: number, base: number) => number

/** The batch kernel over finite `values`: NaN for the first `period` rows. */
export function laggedChangeKernel(
  values: Float64Array,
  period: number,
  rule: ChangeRule,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const warm = Math.min(period, n)
  for (let i = 0; i < warm; i++) out[i] = Number.NaN
  for (let i = period; i < n; i++) out[i] = rule(values[i]!, values[i - period]!)
  return out
}

/** Streaming change over `period` bars; skips non-finite values. */
export class LaggedChange implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #rule: ChangeRule
  readonly #window: RingBuffer

  constructor(period: number, rule: ChangeRule) {
    this.period = period
    this.#rule = rule
    this.#window = new RingBuffer(period)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const base = this.#window.push(value)
    return base === base ? this.#rule(value, base) : Number.NaN
  }

  reset(): void {
    this.#window.clear()
  }
}
