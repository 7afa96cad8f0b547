/**
 * The bars of one instrument as they arrive in a live run, kept in growable typed-array columns
 * so `ctx.history` is a zero-copy `BarSeries` view of the first n bars, like the backtest's
 * slice of its input. Capacity doubles: n appends cost O(n) amortised. A view taken before a
 * growth keeps reading the old columns, which hold the same first n bars.
 *
 * Cost: a view is checked by `BarSeries` (O(n)) when it is made, and the strategy host makes one
 * per new bar it is asked for, so a strategy reading its history on every bar costs O(n²) over a
 * run — negligible at live rates; a long `--data` replay pays it where a backtest does not.
 */
import { BarSeries, type MutableBarColumns, allocateColumns } from '../data/bar-series.ts'
import type { Bar } from '../domain/market-data.ts'
import type { Interval, UnixMillis } from '../domain/time.ts'

export class LiveBars {
  readonly interval: Interval
  #columns: MutableBarColumns
  #length = 0

  constructor(interval: Interval, initialCapacity = 256) {
    this.interval = interval
    this.#columns = allocateColumns(Math.max(1, initialCapacity))
  }

  get length(): number {
    return this.#length
  }

  /** The open time of the last bar; −∞ before the first. */
  get lastOpenTime(): number {
    return this.#length === 0 ? Number.NEGATIVE_INFINITY : this.#columns.openTime[this.#length - 1]!
  }

  /** Appends a bar; returns its index. A bar must open after the last one (checked by the caller's feed). */
  push(bar: Bar): number {
    if (this.#length === this.#columns.openTime.length) this.#grow()
    const c = this.#columns
    const i = this.#length++
    c.openTime[i] = bar.openTime
    c.knownAt[i] = bar.knownAt
    c.open[i] = bar.open
    c.high[i] = bar.high
    c.low[i] = bar.low
    c.close[i] = bar.close
    c.volume[i] = bar.volume
    return i
  }

  /** Bar `index` as an object. */
  at(index: number): Bar {
    if (!(index >= 0 && index < this.#length)) throw new RangeError(`bar ${index} of ${this.#length}`)
    const c = this.#columns
    return {
      openTime: c.openTime[index]! as UnixMillis,
      interval: this.interval,
      knownAt: c.knownAt[index]! as UnixMillis,
      open: c.open[index]!,
      high: c.high[index]!,
      low: c.low[index]!,
      close: c.close[index]!,
      volume: c.volume[index]!,
    }
  }

  /** The first `length` bars (all of them by default). */
  view(length: number = this.#length): BarSeries {
    const c = this.#columns
    return new BarSeries(
      {
        openTime: c.openTime.subarray(0, length),
        knownAt: c.knownAt.subarray(0, length),
        open: c.open.subarray(0, length),
        high: c.high.subarray(0, length),
        low: c.low.subarray(0, length),
        close: c.close.subarray(0, length),
        volume: c.volume.subarray(0, length),
      },
      this.interval,
    )
  }

  #grow(): void {
    const next = allocateColumns(this.#columns.openTime.length * 2)
    for (const key of Object.keys(next) as (keyof MutableBarColumns)[]) next[key].set(this.#columns[key])
    this.#columns = next
  }
}
