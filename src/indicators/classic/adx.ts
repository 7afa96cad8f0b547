/**
 * Average directional index (Wilder, 1978), with the directional indicators it is built from.
 *
 * From the second bar on: +DM = up move (high − previous high) when it exceeds the down move
 * (previous low − low) and is positive, else 0; −DM likewise; TR = the true range
 * max(high − low, |high − previous close|, |low − previous close|). Each is smoothed the Wilder
 * way, S ← S − S/period + x, giving `plusDi` = 100 · S(+DM)/S(TR), `minusDi` = 100 · S(−DM)/S(TR),
 * DX = 100 · |+DI − −DI| / (+DI + −DI), and `adx`, DX smoothed with α = 1/period.
 *
 * Seeding — Wilder's own, which technicalindicators follows exactly: the first smoothed TR, +DM
 * and −DM are the plain sums of the first `period` values (bars 1…period), so the DIs start at
 * index `period`; the first ADX is the mean of the first `period` DX values, at index
 * 2·period − 1, where every output is defined (the warm-up). TA-Lib differs in one place: it
 * seeds with the sum of the first period − 1 values and applies one smoothing step with the
 * period-th, i.e. S = (1 − 1/period)·Σ₁^{period−1} + xₚ, so its early DIs differ slightly.
 * trading-signals feeds the first bar into its smoothers as TR = high − low and DM = 0. Both
 * differences decay by a factor (1 − 1/period) per bar, and the outputs converge (adx.test.ts).
 *
 * Degenerate data: with no range at all (S(TR) = 0, flat prices) both DIs are 0, and DX is 0
 * whenever +DI + −DI = 0 (no directional movement, so no trend) — never 0/0. The batch loop and
 * the stream share one state-update function, so they perform identical operations.
 */
import { z } from 'zod'
import { defineIndicator, type InputRow, type OutputRow } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const adxParams = z.strictObject({
  period: windowParam(14, 'Wilder smoothing period of TR, ±DM and DX'),
})
export type AdxParams = z.input<typeof adxParams>

export type AdxOutput = 'adx' | 'plusDi' | 'minusDi'
export interface AdxRow {
  adx: number
  plusDi: number
  minusDi: number
}
export interface AdxColumns {
  readonly adx: Float64Array
  readonly plusDi: Float64Array
  readonly minusDi: Float64Array
}
type Bar = InputRow<'high' | 'low' | 'close'>

/**
 * The whole state of the computation, shared by the batch loop and the stream so that both
 * perform exactly the same floating-point operations.
 */
class AdxState {
  readonly period: number
  /** Bars seen. */
  count = 0
  previousHigh = 0
  previousLow = 0
  previousClose = 0
  /** Sums during the seed, then Wilder-smoothed values. */
  tr = 0
  plusDm = 0
  minusDm = 0
  /** Sum of DX during the ADX seed, then ADX. */
  adx = 0
  plusDi = Number.NaN
  minusDi = Number.NaN

  constructor(period: number) {
    this.period = period
  }

  /** Feeds one finite bar; afterwards `plusDi`, `minusDi` and `adx()` describe it. */
  push(high: number, low: number, close: number): void {
    const period = this.period
    const count = ++this.count
    if (count > 1) {
      const up = high - this.previousHigh
      const down = this.previousLow - low
      const plusDm = up > down && up > 0 ? up : 0
      const minusDm = down > up && down > 0 ? down : 0
      const tr = Math.max(high - low, Math.abs(high - this.previousClose), Math.abs(low - this.previousClose))
      if (count <= period + 1) {
        this.tr += tr
        this.plusDm += plusDm
        this.minusDm += minusDm
      } else {
        this.tr += tr - this.tr / period
        this.plusDm += plusDm - this.plusDm / period
        this.minusDm += minusDm - this.minusDm / period
      }
      if (count > period) {
        const tr = this.tr
        // On consistent bars each ±DM is at most the bar's true range, so a DI is at most 100, but
        // 100·DM/TR with DM = TR can round an ulp past it.
        this.plusDi = tr > 0 ? Math.min((100 * this.plusDm) / tr, 100) : 0
        this.minusDi = tr > 0 ? Math.min((100 * this.minusDm) / tr, 100) : 0
        const sum = this.plusDi + this.minusDi
        const dx = sum > 0 ? (100 * Math.abs(this.plusDi - this.minusDi)) / sum : 0
        if (count < 2 * period) this.adx += dx
        else if (count === 2 * period) this.adx = (this.adx + dx) / period
        else this.adx += (dx - this.adx) / period
      }
    }
    this.previousHigh = high
    this.previousLow = low
    this.previousClose = close
  }

  /**
   * ADX of the last bar, NaN during its warm-up. ADX averages DX values in [0, 100], but the step
   * adx + (dx − adx)/period can round an ulp past 100 (at period 1 it should land on dx exactly).
   */
  currentAdx(): number {
    return this.count >= 2 * this.period ? Math.min(this.adx, 100) : Number.NaN
  }

  reset(): void {
    this.count = 0
    this.previousHigh = this.previousLow = this.previousClose = 0
    this.tr = this.plusDm = this.minusDm = this.adx = 0
    this.plusDi = this.minusDi = Number.NaN
  }
}

/** The batch kernel: `period` a positive integer, inputs finite and of one length. */
export function adxKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  into: Partial<Record<AdxOutput, Float64Array>> = {},
): AdxColumns {
  const n = close.length
  const adx = into.adx ?? new Float64Array(n)
  const plusDi = into.plusDi ?? new Float64Array(n)
  const minusDi = into.minusDi ?? new Float64Array(n)
  const state = new AdxState(period)
  for (let i = 0; i < n; i++) {
    state.push(high[i]!, low[i]!, close[i]!)
    plusDi[i] = state.plusDi
    minusDi[i] = state.minusDi
    adx[i] = state.currentAdx()
  }
  return { adx, plusDi, minusDi }
}

/** Streaming ADX over (high, low, close) bars. `update` returns a row it reuses. */
export class Adx implements StreamingIndicator<Bar, OutputRow<AdxOutput>> {
  readonly period: number
  readonly #state: AdxState
  readonly #row: AdxRow = { adx: Number.NaN, plusDi: Number.NaN, minusDi: Number.NaN }

  constructor(params: AdxParams = {}) {
    this.period = adxIndicator.resolve(params).period
    this.#state = new AdxState(this.period)
  }

  update(bar: Bar): OutputRow<AdxOutput> {
    const row = this.#row
    const { high, low, close } = bar
    if (!isFiniteNumber(high) || !isFiniteNumber(low) || !isFiniteNumber(close)) {
      row.adx = row.plusDi = row.minusDi = Number.NaN
      return row
    }
    const state = this.#state
    state.push(high, low, close)
    row.adx = state.currentAdx()
    row.plusDi = state.plusDi
    row.minusDi = state.minusDi
    return row
  }

  reset(): void {
    this.#state.reset()
  }
}

export const adxIndicator = defineIndicator({
  name: 'adx',
  title: 'Average directional index',
  category: 'trend',
  description:
    "Wilder's trend strength (ADX, 0–100) with the directional indicators +DI and −DI it is built from.",
  inputs: ['high', 'low', 'close'],
  outputs: ['adx', 'plusDi', 'minusDi'],
  params: adxParams,
  ranges: () => ({
    adx: { min: 0, max: 100 },
    plusDi: { min: 0, max: 100 },
    minusDi: { min: 0, max: 100 },
  }),
  warmup: (p) => 2 * p.period - 1,
  batch: (inputs, p, into) => adxKernel(inputs.high, inputs.low, inputs.close, p.period, into),
  stream: (p) => new Adx(p),
})

/** ADX, +DI and −DI of (high, low, close); all defined from bar 2·period − 1. */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: AdxParams = {},
): AdxColumns {
  return adxIndicator.compute({ high, low, close }, params)
}
