/**
 * Indicator arrays shared by every combination of a sweep. A strategy names the arrays it reads
 * by `IndicatorSpec` (a key and how to compute it); `IndicatorArrays` computes each distinct key
 * once over the sweep's bars and hands the same `Float64Array` to every combination that asks, so
 * a thousand crossovers over twenty distinct periods compute twenty averages, not two thousand.
 *
 * Each array equals, value for value and to the last bit, what the streaming class the built-in
 * strategy updates bar by bar returns: the batch kernels of src/indicators that perform the same
 * operations in the same order (SMA, Bollinger, RSI, Donchian, ATR), and for the EMA a one-step
 * recurrence of our own, because the library's kernel takes two steps at a time and so rounds
 * differently — and a crossover decides on `fast > slow`, where one ulp is a different trade.
 * The bars must be finite (the sweep checks), so the streaming classes' skipping of non-finite
 * values never comes into play.
 *
 * Memory: one `Float64Array` per key, 8 bytes × bars (8 MB per array over a million bars), kept
 * for the whole sweep.
 */
import type { BarColumns } from '../../data/bar-series.ts'
import { atrKernel } from '../../indicators/classic/atr.ts'
import { bollingerKernel } from '../../indicators/classic/bollinger.ts'
import { rsiKernel } from '../../indicators/classic/rsi.ts'
import { slidingMax, slidingMin } from '../../indicators/classic/sliding-extreme.ts'
import { smaKernel } from '../../indicators/classic/sma.ts'

export interface IndicatorSpec {
  /** Names the array: equal keys are the same array. */
  readonly key: string
  /** This array and any computed alongside it (Bollinger's three bands), by key. */
  compute(bars: BarColumns): ReadonlyMap<string, Float64Array>
}

export class IndicatorArrays {
  readonly bars: BarColumns
  readonly #arrays = new Map<string, Float64Array>()

  constructor(bars: BarColumns) {
    this.bars = bars
  }

  get(spec: IndicatorSpec): Float64Array {
    const found = this.#arrays.get(spec.key)
    if (found !== undefined) return found
    for (const [key, array] of spec.compute(this.bars))
      if (!this.#arrays.has(key)) this.#arrays.set(key, array)
    const computed = this.#arrays.get(spec.key)
    if (computed === undefined) throw new Error(`indicator ${spec.key} computed no array under its own key`)
    return computed
  }

  /** Distinct arrays computed so far. */
  get size(): number {
    return this.#arrays.size
  }
}

const single = (key: string, array: Float64Array): ReadonlyMap<string, Float64Array> =>
  new Map([[key, array]])

/** Simple moving average of the close (`Sma`). */
export function closeSma(period: number): IndicatorSpec {
  const key = `sma(close,${period})`
  return { key, compute: (bars) => single(key, smaKernel(bars.close, period)) }
}

/**
 * EMA of `values` by `Ema.update`'s own recurrence: seeded with the mean of the first `period`
 * values, then (1 − α)·e + α·x with α = 2 / (period + 1).
 */
export function emaInto(values: Float64Array, period: number, out: Float64Array): Float64Array {
  const n = values.length
  const alpha = 2 / (period + 1)
  const keep = 1 - alpha
  const warm = Math.min(period, n)
  let value = 0
  for (let i = 0; i < warm; i++) {
    value += values[i]!
    out[i] = Number.NaN
  }
  if (warm < period) return out
  value /= period
  out[period - 1] = value
  for (let i = period; i < n; i++) {
    value = keep * value + alpha * values[i]!
    out[i] = value
  }
  return out
}

/** Exponential moving average of the close (`Ema`). */
export function closeEma(period: number): IndicatorSpec {
  const key = `ema(close,${period})`
  return {
    key,
    compute: (bars) => single(key, emaInto(bars.close, period, new Float64Array(bars.close.length))),
  }
}

function bollingerKeys(period: number, multiplier: number): { middle: string; upper: string; lower: string } {
  return {
    middle: `bollinger.middle(close,${period})`,
    upper: `bollinger.upper(close,${period},${multiplier})`,
    lower: `bollinger.lower(close,${period},${multiplier})`,
  }
}

function bollingerSpec(
  period: number,
  multiplier: number,
  band: 'middle' | 'upper' | 'lower',
): IndicatorSpec {
  const keys = bollingerKeys(period, multiplier)
  return {
    key: keys[band],
    compute(bars) {
      const out = bollingerKernel(bars.close, period, multiplier)
      return new Map([
        [keys.middle, out.middle],
        [keys.upper, out.upper],
        [keys.lower, out.lower],
      ])
    },
  }
}

/** Bollinger bands of the close (`Bollinger`): the middle does not depend on the multiplier. */
export const bollingerMiddle = (period: number, multiplier: number): IndicatorSpec =>
  bollingerSpec(period, multiplier, 'middle')
export const bollingerUpper = (period: number, multiplier: number): IndicatorSpec =>
  bollingerSpec(period, multiplier, 'upper')
export const bollingerLower = (period: number, multiplier: number): IndicatorSpec =>
  bollingerSpec(period, multiplier, 'lower')

/** Wilder's RSI of the close (`Rsi`). */
export function closeRsi(period: number): IndicatorSpec {
  const key = `rsi(close,${period})`
  return { key, compute: (bars) => single(key, rsiKernel(bars.close, period)) }
}

/** Donchian upper band, the highest high of the last `period` bars (`Donchian`). */
export function donchianUpper(period: number): IndicatorSpec {
  const key = `donchian.upper(${period})`
  return {
    key,
    compute: (bars) => single(key, slidingMax(bars.high, period, new Float64Array(bars.high.length))),
  }
}

/** Donchian lower band, the lowest low of the last `period` bars (`Donchian`). */
export function donchianLower(period: number): IndicatorSpec {
  const key = `donchian.lower(${period})`
  return {
    key,
    compute: (bars) => single(key, slidingMin(bars.low, period, new Float64Array(bars.low.length))),
  }
}

/** Wilder's average true range (`Atr`). */
export function averageTrueRange(period: number): IndicatorSpec {
  const key = `atr(${period})`
  return { key, compute: (bars) => single(key, atrKernel(bars.high, bars.low, bars.close, period)) }
}
