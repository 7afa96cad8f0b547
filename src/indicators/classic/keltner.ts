/**
 * Keltner Channels: an EMA of the close (`period`, default 20) as the middle line, and bands at
 * middle ± `multiplier` · ATR(`atrPeriod`, default 10): a trend line with a range-based envelope,
 * where Bollinger uses the standard deviation of the close.
 *
 * Built from the EMA of ema.ts (seeded with the SMA of the first `period` closes) and the Wilder ATR
 * of atr.ts (seeded with the mean of the first `atrPeriod` true ranges), the convention
 * trading-signals' KeltnerChannels follows too; technicalindicators' ATR drops the first bar and so
 * starts one bar later and differs slightly ever after (see the docs). Every output is NaN until
 * both the EMA and the ATR are defined, at index max(period, atrPeriod) − 1.
 */
import { z } from 'zod'
import { type InputRow, type OutputColumns, type OutputRow, defineIndicator } from '../core/definition.ts'
import { positiveParam, windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { Atr, type Bar, atrKernel } from './atr.ts'
import { Ema, emaKernel } from './ema.ts'

export const keltnerParams = z.strictObject({
  period: windowParam(20, 'EMA period of the middle line'),
  atrPeriod: windowParam(10, 'ATR period of the band width'),
  multiplier: positiveParam(2, 'Band half-width in ATRs'),
})
export type KeltnerParams = z.input<typeof keltnerParams>

export type KeltnerOutput = 'middle' | 'upper' | 'lower'
export const KELTNER_OUTPUTS: readonly KeltnerOutput[] = ['middle', 'upper', 'lower']

/**
 * The batch kernel over finite columns: the EMA into `middle`, the ATR into `upper`, then one pass
 * turns the ATR into the bands. Both recursions carry a NaN to the last row, so the indicator
 * keeps the promise of `spreadsNonFinite`.
 */
export function keltnerKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  atrPeriod: number,
  multiplier: number,
  into: Partial<OutputColumns<KeltnerOutput>> = {},
): OutputColumns<KeltnerOutput> {
  const n = close.length
  const middle = emaKernel(close, period, 2 / (period + 1), into.middle ?? new Float64Array(n))
  const upper = atrKernel(high, low, close, atrPeriod, into.upper ?? new Float64Array(n))
  const lower = into.lower ?? new Float64Array(n)
  const warm = Math.min(Math.max(period, atrPeriod) - 1, n)
  for (let i = 0; i < warm; i++) middle[i] = upper[i] = lower[i] = Number.NaN
  for (let i = warm; i < n; i++) {
    const mid = middle[i]!
    const offset = multiplier * upper[i]!
    upper[i] = mid + offset
    lower[i] = mid - offset
  }
  return { middle, upper, lower }
}

/** Streaming Keltner Channels; `update` returns one object, reused by the next update. */
export class Keltner implements StreamingIndicator<Bar, OutputRow<KeltnerOutput>> {
  readonly period: number
  readonly atrPeriod: number
  readonly multiplier: number
  readonly #ema: Ema
  readonly #atr: Atr
  readonly #out: Record<KeltnerOutput, number> = { middle: Number.NaN, upper: Number.NaN, lower: Number.NaN }

  constructor(params: KeltnerParams = {}) {
    const p = keltnerIndicator.resolve(params)
    this.period = p.period
    this.atrPeriod = p.atrPeriod
    this.multiplier = p.multiplier
    this.#ema = new Ema({ period: p.period })
    this.#atr = new Atr({ period: p.atrPeriod })
  }

  update(bar: Bar): OutputRow<KeltnerOutput> {
    const out = this.#out
    out.middle = out.upper = out.lower = Number.NaN
    if (!isFiniteNumber(bar.high) || !isFiniteNumber(bar.low) || !isFiniteNumber(bar.close)) return out
    const mid = this.#ema.update(bar.close)
    const atr = this.#atr.update(bar)
    if (mid !== mid || atr !== atr) return out
    const offset = this.multiplier * atr
    out.middle = mid
    out.upper = mid + offset
    out.lower = mid - offset
    return out
  }

  reset(): void {
    this.#ema.reset()
    this.#atr.reset()
  }
}

export const keltnerIndicator = defineIndicator({
  name: 'keltner',
  title: 'Keltner Channels',
  category: 'volatility',
  description: 'EMA of the close ± `multiplier` × ATR(`atrPeriod`).',
  inputs: ['high', 'low', 'close'],
  outputs: KELTNER_OUTPUTS,
  params: keltnerParams,
  spreadsNonFinite: true,
  warmup: (p) => Math.max(p.period, p.atrPeriod) - 1,
  batch: (inputs, p, into) =>
    keltnerKernel(inputs.high, inputs.low, inputs.close, p.period, p.atrPeriod, p.multiplier, into),
  stream: (p) => {
    const keltner = new Keltner(p)
    return {
      update: (row: InputRow<'high' | 'low' | 'close'>) => keltner.update(row),
      reset: (): void => {
        keltner.reset()
      },
    }
  },
})

/** Keltner Channels of the bars; NaN for the first max(period, atrPeriod) − 1 rows. */
export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: KeltnerParams = {},
  into?: Partial<OutputColumns<KeltnerOutput>>,
): OutputColumns<KeltnerOutput> {
  return keltnerIndicator.compute({ high, low, close }, params, into)
}
