/**
 * Commodity channel index (Lambert): CCI = (TP − SMA(TP)) / (c · MD), where TP = (high + low +
 * close) / 3 is the typical price, SMA and MD — the mean absolute deviation of TP from that SMA —
 * are taken over the last `period` bars, and c = 0.015 scales it so that most values fall within
 * ±100.
 *
 * Each step revisits the window — the mean absolute deviation has to, because its centre moves —
 * so a step costs O(period), as in every implementation. The window is measured from the current
 * typical price: shift = mean(TPⱼ − TP) gives TP − SMA = −shift and |TPⱼ − SMA| = |(TPⱼ − TP) −
 * shift| without the cancellation of subtracting two nearly equal prices, and with no running sum
 * to drift. That makes the degenerate case exact: when the window's typical prices are all equal,
 * shift and MD are exactly 0 and CCI is 0 (not 0/0, nor the ±66.7 a drifting mean would give).
 * Batch and stream walk the window oldest first with the same operations, so they agree exactly.
 */
import { z } from 'zod'
import { defineIndicator, type InputRow, type OutputRow } from '../core/definition.ts'
import { positiveParam, windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const cciParams = z.strictObject({
  period: windowParam(20, 'Bars in the mean and the mean deviation of the typical price'),
  constant: positiveParam(0.015, "Lambert's scaling constant"),
})
export type CciParams = z.input<typeof cciParams>
type Bar = InputRow<'high' | 'low' | 'close'>

/** CCI from the summed differences (TPⱼ − TP) and the summed |TPⱼ − SMA| over the window. */
function cciValue(differences: number, deviations: number, period: number, constant: number): number {
  return deviations > 0 ? -(differences / period) / (constant * (deviations / period)) : 0
}

/** The batch kernel: `period` a positive integer, `constant` positive, inputs finite. */
export function cciKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  constant: number,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length
  const typical = new Float64Array(n)
  for (let i = 0; i < n; i++) typical[i] = (high[i]! + low[i]! + close[i]!) / 3
  const warm = Math.min(period - 1, n)
  for (let i = 0; i < warm; i++) out[i] = Number.NaN
  for (let i = warm; i < n; i++) {
    const current = typical[i]!
    const first = i - period + 1
    let differences = 0
    for (let j = first; j <= i; j++) differences += typical[j]! - current
    const shift = differences / period
    let deviations = 0
    for (let j = first; j <= i; j++) deviations += Math.abs(typical[j]! - current - shift)
    out[i] = cciValue(differences, deviations, period, constant)
  }
  return out
}

/** Streaming CCI over (high, low, close) bars. `update` returns a row it reuses. */
export class Cci implements StreamingIndicator<Bar, OutputRow<'value'>> {
  readonly period: number
  readonly constant: number
  readonly #window: RingBuffer
  readonly #row = { value: Number.NaN }

  constructor(params: CciParams = {}) {
    const p = cciIndicator.resolve(params)
    this.period = p.period
    this.constant = p.constant
    this.#window = new RingBuffer(p.period)
  }

  update(bar: Bar): OutputRow<'value'> {
    const { high, low, close } = bar
    if (!isFiniteNumber(high) || !isFiniteNumber(low) || !isFiniteNumber(close)) {
      this.#row.value = Number.NaN
      return this.#row
    }
    const typical = (high + low + close) / 3
    const window = this.#window
    window.push(typical)
    if (!window.full) {
      this.#row.value = Number.NaN
      return this.#row
    }
    const period = this.period
    let differences = 0
    for (let j = 0; j < period; j++) differences += window.at(j) - typical
    const shift = differences / period
    let deviations = 0
    for (let j = 0; j < period; j++) deviations += Math.abs(window.at(j) - typical - shift)
    this.#row.value = cciValue(differences, deviations, period, this.constant)
    return this.#row
  }

  reset(): void {
    this.#window.clear()
  }
}

export const cciIndicator = defineIndicator({
  name: 'cci',
  title: 'Commodity channel index',
  category: 'momentum',
  description:
    'Deviation of the typical price from its SMA in units of 0.015 × its mean absolute deviation; 0 when the window is flat.',
  inputs: ['high', 'low', 'close'],
  outputs: ['value'],
  params: cciParams,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({
    value: cciKernel(inputs.high, inputs.low, inputs.close, p.period, p.constant, into?.value),
  }),
  stream: (p) => new Cci(p),
})

/** CCI of (high, low, close), NaN during the first `period − 1` bars. */
export function cci(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: CciParams = {},
  out?: Float64Array,
): Float64Array {
  return cciIndicator.compute({ high, low, close }, params, out === undefined ? undefined : { value: out })
    .value
}
