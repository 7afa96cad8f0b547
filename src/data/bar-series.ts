/**
 * A columnar series of bars: one `Float64Array` per field, so indicators and the backtester read
 * prices as typed arrays without copying or boxing. Timestamps (integer ms, see domain/time.ts)
 * sit in `Float64Array` too; integers below 2^53 are exact there.
 *
 * Invariants, checked on construction: all columns have the same length, open times strictly
 * increase, every bar is known no earlier than it opened, and knowledge times never go back.
 * Slices share the parent's buffers (`subarray`) and skip the check, so slicing a ten-year
 * minute series by a date range costs two binary searches.
 *
 * A series is read-only by contract. The columns are exposed as typed arrays for speed, not as an
 * invitation to write into them; a consumer that needs to transform data makes a new series.
 */
import { TradePulseError } from '../domain/errors.ts'
import type { Bar } from '../domain/market-data.ts'
import type { Interval, UnixMillis } from '../domain/time.ts'

export interface BarColumns {
  readonly openTime: Float64Array
  readonly knownAt: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}

export const BAR_FIELDS = ['openTime', 'knownAt', 'open', 'high', 'low', 'close', 'volume'] as const
export type BarField = (typeof BAR_FIELDS)[number]

/** Held only by this module: a slice of a checked series needs no second check. */
const ALREADY_CHECKED = Symbol('already checked')

export class BarSeries implements BarColumns {
  readonly interval: Interval
  readonly length: number
  readonly openTime: Float64Array
  readonly knownAt: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array

  constructor(columns: BarColumns, interval: Interval, trust?: symbol) {
    const length = columns.openTime.length
    if (trust !== ALREADY_CHECKED) checkColumns(columns, length)
    this.interval = interval
    this.length = length
    this.openTime = columns.openTime
    this.knownAt = columns.knownAt
    this.open = columns.open
    this.high = columns.high
    this.low = columns.low
    this.close = columns.close
    this.volume = columns.volume
  }

  static empty(interval: Interval): BarSeries {
    const none = new Float64Array(0)
    return new BarSeries({ openTime: none, knownAt: none, open: none, high: none, low: none, close: none, volume: none }, interval)
  }

  static fromBars(bars: readonly Bar[], interval: Interval): BarSeries {
    const columns = allocateColumns(bars.length)
    bars.forEach((bar, i) => {
      columns.openTime[i] = bar.openTime
      columns.knownAt[i] = bar.knownAt
      columns.open[i] = bar.open
      columns.high[i] = bar.high
      columns.low[i] = bar.low
      columns.close[i] = bar.close
      columns.volume[i] = bar.volume
    })
    return new BarSeries(columns, interval)
  }

  /** The bar at `index` as an object; for reports and tests, not for inner loops. */
  at(index: number): Bar {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`bar index ${index} is outside 0..${this.length - 1}`)
    }
    return {
      openTime: this.openTime[index]! as UnixMillis,
      interval: this.interval,
      knownAt: this.knownAt[index]! as UnixMillis,
      open: this.open[index]!,
      high: this.high[index]!,
      low: this.low[index]!,
      close: this.close[index]!,
      volume: this.volume[index]!,
    }
  }

  /** Bars `[start, end)` by index, sharing this series' buffers. */
  slice(start: number, end: number = this.length): BarSeries {
    const from = clampIndex(start, this.length)
    const to = Math.max(from, clampIndex(end, this.length))
    return new BarSeries(
      {
        openTime: this.openTime.subarray(from, to),
        knownAt: this.knownAt.subarray(from, to),
        open: this.open.subarray(from, to),
        high: this.high.subarray(from, to),
        low: this.low.subarray(from, to),
        close: this.close.subarray(from, to),
        volume: this.volume.subarray(from, to),
      },
      this.interval,
      ALREADY_CHECKED,
    )
  }

  /** Bars that open in `[from, to)`, sharing buffers. */
  sliceByTime(from: number, to: number): BarSeries {
    return this.slice(lowerBound(this.openTime, from), lowerBound(this.openTime, to))
  }

  /**
   * The bars a strategy may see at time `t`: those with `knownAt <= t`. Because bars are known in
   * open-time order, this is a prefix.
   */
  knownBy(t: number): BarSeries {
    return this.slice(0, upperBound(this.knownAt, t))
  }

  /** Index of the bar opening at exactly `t`, or -1. */
  indexOfOpenTime(t: number): number {
    const i = lowerBound(this.openTime, t)
    return i < this.length && this.openTime[i] === t ? i : -1
  }

  *[Symbol.iterator](): IterableIterator<Bar> {
    for (let i = 0; i < this.length; i++) yield this.at(i)
  }
}

function checkColumns(columns: BarColumns, length: number): void {
  for (const field of BAR_FIELDS) {
    if (columns[field].length !== length) {
      throw new RangeError(`column ${field} has ${columns[field].length} values, openTime has ${length}`)
    }
  }
  const { openTime, knownAt } = columns
  for (let i = 0; i < length; i++) {
    const t = openTime[i]!
    if (!Number.isSafeInteger(t)) throw new RangeError(`openTime[${i}] is not an integer millisecond: ${t}`)
    if (i > 0 && t <= openTime[i - 1]!) {
      throw new TradePulseError('DATA_TIME_ORDER', `openTime[${i}] = ${t} does not follow openTime[${i - 1}] = ${openTime[i - 1]!}`)
    }
    if (!(knownAt[i]! >= t)) throw new RangeError(`knownAt[${i}] = ${knownAt[i]!} is before its openTime ${t}`)
    if (i > 0 && knownAt[i]! < knownAt[i - 1]!) {
      throw new RangeError(`knownAt[${i}] = ${knownAt[i]!} is before knownAt[${i - 1}] = ${knownAt[i - 1]!}`)
    }
  }
}

export interface MutableBarColumns {
  openTime: Float64Array
  knownAt: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
}

export function allocateColumns(length: number): MutableBarColumns {
  return {
    openTime: new Float64Array(length),
    knownAt: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  }
}

function clampIndex(index: number, length: number): number {
  if (Number.isNaN(index)) throw new RangeError('index is NaN')
  return Math.min(Math.max(Math.trunc(index), 0), length)
}

/** First index whose value is >= `t` (values ascending). */
export function lowerBound(values: Float64Array, t: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (values[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose value is > `t` (values ascending). */
export function upperBound(values: Float64Array, t: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (values[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}
