/**
 * Resampling to a coarser interval (1m → 5m → 1h → 1d → 1w).
 *
 * Buckets are calendar-aligned (see `bucketStart` in domain/time.ts). Each output bar takes the
 * first open, the highest high, the lowest low, the last close and the summed volume of the
 * source bars that open inside its bucket. A bucket with no source bar produces no bar: gaps stay
 * gaps, never filled with invented prices.
 *
 * Time of knowledge. A bucket is *finished* once nothing more can fall into it: its last source
 * bar closes at the bucket's end, a later source bar has arrived, or the caller's clock (`asOf`)
 * has passed the bucket's end. A finished bar is known at the later of its bucket's end and its
 * last source bar's `knownAt`. The bucket still forming at the end of the input is returned apart
 * as `partial`, known at its last source bar's `knownAt`, and never mixed into the finished
 * series. Because finishing depends only on what came before, appending input never changes a
 * finished bar (a property test pins this).
 *
 * Cost: one pass, O(n), no allocation per source bar.
 */
import { TradePulseError } from '../domain/errors.ts'
import type { Bar } from '../domain/market-data.ts'
import { type Interval, type UnixMillis, bucketStart } from '../domain/time.ts'
import type { BarSeries } from './bar-series.ts'
import { BarSeriesBuilder } from './bar-series-builder.ts'

export interface ResampleOptions {
  /** The clock: buckets that end at or before `asOf` count as finished even without later data. */
  readonly asOf?: number
}

export interface ResampleResult {
  /** Finished buckets only. */
  readonly bars: BarSeries
  /** The bucket still forming at the end of the input, if any; not a finished bar. */
  readonly partial: Bar | null
}

/** Checks that `to` is a whole multiple of `from`, so every source bar falls in one bucket. */
export function checkResampleTarget(from: Interval, to: Interval): void {
  if (to.ms < from.ms || to.ms % from.ms !== 0) {
    throw new TradePulseError(
      'DATA_RESAMPLE',
      `cannot resample ${from.label} bars to ${to.label}: the target must be a whole multiple of the source interval`,
    )
  }
}

/**
 * Streaming aggregator: feed source bars in time order with `add`; each time a bucket finishes,
 * `onBar` receives it. The same object serves a backtest (all bars at once) and a live feed.
 */
export class BarResampler {
  readonly from: Interval
  readonly to: Interval
  readonly #onBar: (bar: Bar) => void
  #start = NaN
  #open = 0
  #high = 0
  #low = 0
  #close = 0
  #volume = 0
  #lastKnownAt = 0
  #lastOpenTime = -Infinity

  constructor(from: Interval, to: Interval, onBar: (bar: Bar) => void) {
    checkResampleTarget(from, to)
    this.from = from
    this.to = to
    this.#onBar = onBar
  }

  add(openTime: number, knownAt: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (openTime <= this.#lastOpenTime) {
      throw new TradePulseError('DATA_TIME_ORDER', `bar opening at ${openTime} does not follow ${this.#lastOpenTime}`)
    }
    this.#lastOpenTime = openTime
    const start = bucketStart(openTime, this.to)
    if (bucketStart(openTime + this.from.ms - 1, this.to) !== start) {
      throw new TradePulseError(
        'DATA_RESAMPLE',
        `a ${this.from.label} bar opening at ${new Date(openTime).toISOString()} straddles two ${this.to.label} buckets`,
      )
    }
    if (start !== this.#start) {
      if (!Number.isNaN(this.#start)) this.#emit()
      this.#start = start
      this.#open = open
      this.#high = high
      this.#low = low
      this.#volume = 0
    } else {
      if (high > this.#high) this.#high = high
      if (low < this.#low) this.#low = low
    }
    this.#close = close
    this.#volume += volume
    this.#lastKnownAt = knownAt
    if (knownAt >= start + this.to.ms) this.#emit()
  }

  /** Finishes the forming bucket if the clock says it has ended. */
  advanceTo(asOf: number): void {
    if (!Number.isNaN(this.#start) && asOf >= this.#start + this.to.ms) this.#emit()
  }

  /** The forming bucket as it stands, or null. Known at its last source bar's close. */
  partial(): Bar | null {
    if (Number.isNaN(this.#start)) return null
    return this.#bar(this.#lastKnownAt)
  }

  #bar(knownAt: number): Bar {
    return {
      openTime: this.#start as UnixMillis,
      interval: this.to,
      knownAt: knownAt as UnixMillis,
      open: this.#open,
      high: this.#high,
      low: this.#low,
      close: this.#close,
      volume: this.#volume,
    }
  }

  #emit(): void {
    const bar = this.#bar(Math.max(this.#start + this.to.ms, this.#lastKnownAt))
    this.#start = NaN
    this.#onBar(bar)
  }
}

export function resampleBars(series: BarSeries, to: Interval, options: ResampleOptions = {}): ResampleResult {
  const builder = new BarSeriesBuilder(Math.max(16, Math.ceil((series.length * series.interval.ms) / to.ms) + 1))
  const resampler = new BarResampler(series.interval, to, (bar) => {
    builder.push(bar.openTime, bar.knownAt, bar.open, bar.high, bar.low, bar.close, bar.volume)
  })
  const { openTime, knownAt, open, high, low, close, volume } = series
  for (let i = 0; i < series.length; i++) {
    resampler.add(openTime[i]!, knownAt[i]!, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!)
  }
  if (options.asOf !== undefined) resampler.advanceTo(options.asOf)
  return { bars: builder.build(to), partial: resampler.partial() }
}
