/**
 * Average true range (Wilder). The true range of a bar is the largest of high − low, |high − previous
 * close| and |low − previous close|: the range including any gap from the previous bar. The first
 * bar has no previous close, so its true range is high − low. The ATR is Wilder's smoothing of the
 * true range, ATRₜ = ATRₜ₋₁ + (TRₜ − ATRₜ₋₁) / period, seeded with the simple mean of the first
 * `period` true ranges, so the first value is at index period − 1 (as trading-signals and TA-Lib's
 * seed; technicalindicators drops the first bar instead and starts one row later, see the docs).
 *
 * One tight pass for the batch (a benchmarked indicator). Wilder's recursion never forgets a NaN,
 * so a non-finite high, low or earlier close already ends in a non-finite last row; the one input
 * that would not — the close of the last bar, which no true range has used yet — is checked
 * explicitly, so the kernel keeps the promise of `spreadsNonFinite`.
 */
import { z } from 'zod'
import { type InputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const atrParams = z.strictObject({ period: windowParam(14, 'Wilder smoothing period') })
export type AtrParams = z.input<typeof atrParams>

export interface Bar {
  readonly high: number
  readonly low: number
  readonly close: number
}

/** The batch kernel over finite columns of one length: NaN for the first `period − 1` rows. */
export function atrKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(high.length),
): Float64Array {
  const n = high.length
  if (n === 0) return out
  const inv = 1 / period
  let sum = high[0]! - low[0]!
  let previousClose = close[0]!
  const warm = Math.min(period, n)
  for (let i = 1; i < warm; i++) {
    const h = high[i]!
    const l = low[i]!
    sum += Math.max(h - l, Math.abs(h - previousClose), Math.abs(l - previousClose))
    previousClose = close[i]!
    out[i - 1] = Number.NaN
  }
  if (n < period) {
    out[n - 1] = Number.NaN
    return out
  }
  let atr = sum / period
  out[period - 1] = atr
  for (let i = period; i < n; i++) {
    const h = high[i]!
    const l = low[i]!
    const tr = Math.max(h - l, Math.abs(h - previousClose), Math.abs(l - previousClose))
    previousClose = close[i]!
    atr += (tr - atr) * inv
    out[i] = atr
  }
  if (!isFiniteNumber(previousClose)) out[n - 1] = Number.NaN
  return out
}

/** Streaming ATR, fed one bar at a time; also the volatility half of Keltner Channels. */
export class Atr implements StreamingIndicator<Bar, number> {
  readonly period: number
  readonly #inv: number
  #count = 0
  #sum = 0
  #atr = 0
  #previousClose = 0

  constructor(params: AtrParams = {}) {
    this.period = atrIndicator.resolve(params).period
    this.#inv = 1 / this.period
  }

  update(bar: Bar): number {
    const { high, low, close } = bar
    if (!isFiniteNumber(high) || !isFiniteNumber(low) || !isFiniteNumber(close)) return Number.NaN
    const previousClose = this.#previousClose
    this.#previousClose = close
    if (this.#count === 0) {
      this.#count = 1
      this.#sum = high - low
      if (this.period > 1) return Number.NaN
      this.#atr = this.#sum / this.period
      return this.#atr
    }
    const tr = Math.max(high - low, Math.abs(high - previousClose), Math.abs(low - previousClose))
    if (this.#count < this.period) {
      this.#sum += tr
      if (++this.#count < this.period) return Number.NaN
      this.#atr = this.#sum / this.period
      return this.#atr
    }
    this.#atr += (tr - this.#atr) * this.#inv
    return this.#atr
  }

  reset(): void {
    this.#count = 0
    this.#sum = 0
    this.#atr = 0
    this.#previousClose = 0
  }
}

export const atrIndicator = defineIndicator({
  name: 'atr',
  title: 'Average true range',
  category: 'volatility',
  description:
    'Wilder-smoothed true range, seeded with the mean of the first `period` true ranges (the first bar’s is high − low).',
  inputs: ['high', 'low', 'close'],
  outputs: ['value'],
  params: atrParams,
  spreadsNonFinite: true,
  ranges: () => ({ value: { min: 0, max: Number.POSITIVE_INFINITY } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({
    value: atrKernel(inputs.high, inputs.low, inputs.close, p.period, into?.value),
  }),
  stream: (p) => {
    const atr = new Atr(p)
    const out = { value: Number.NaN }
    return {
      update(row: InputRow<'high' | 'low' | 'close'>) {
        out.value = atr.update(row)
        return out
      },
      reset(): void {
        atr.reset()
      },
    }
  },
})

/** ATR of the bars in `high`, `low`, `close`; NaN for the first `period − 1` rows; into `out` if given. */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: AtrParams = {},
  out?: Float64Array,
): Float64Array {
  return atrIndicator.compute({ high, low, close }, params, out === undefined ? undefined : { value: out })
    .value
}
