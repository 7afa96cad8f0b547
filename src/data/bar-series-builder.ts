/**
 * Appends bars into growable typed-array columns and hands them over as a `BarSeries`. Capacity
 * doubles, so n appends cost O(n) amortised; `build()` returns views of the filled part without
 * copying.
 */
import type { Interval } from '../domain/time.ts'
import { BarSeries, type MutableBarColumns, allocateColumns } from './bar-series.ts'

export class BarSeriesBuilder {
  #columns: MutableBarColumns
  #length = 0

  constructor(initialCapacity = 1024) {
    this.#columns = allocateColumns(Math.max(1, initialCapacity))
  }

  get length(): number {
    return this.#length
  }

  push(openTime: number, knownAt: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.#length === this.#columns.openTime.length) this.#grow()
    const c = this.#columns
    const i = this.#length++
    c.openTime[i] = openTime
    c.knownAt[i] = knownAt
    c.open[i] = open
    c.high[i] = high
    c.low[i] = low
    c.close[i] = close
    c.volume[i] = volume
  }

  /** The bars appended so far. The builder must not be used afterwards. */
  build(interval: Interval): BarSeries {
    const c = this.#columns
    const n = this.#length
    return new BarSeries(
      {
        openTime: c.openTime.subarray(0, n),
        knownAt: c.knownAt.subarray(0, n),
        open: c.open.subarray(0, n),
        high: c.high.subarray(0, n),
        low: c.low.subarray(0, n),
        close: c.close.subarray(0, n),
        volume: c.volume.subarray(0, n),
      },
      interval,
    )
  }

  #grow(): void {
    const next = allocateColumns(this.#columns.openTime.length * 2)
    for (const key of Object.keys(next) as (keyof MutableBarColumns)[]) next[key].set(this.#columns[key])
    this.#columns = next
  }
}
