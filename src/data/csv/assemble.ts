/**
 * The last step of a read: bars arrive in file order as keys (`direction · openTime`, so both
 * ascending and descending files give ascending keys), and late rows that were moved into place
 * arrive apart, sorted. This merges the two and turns keys back into times, reversing a descending
 * file in place — the columns were made by this read and nobody else holds them yet, so no second
 * copy of a ten-million-bar series is needed.
 */
import type { Interval } from '../../domain/time.ts'
import { BarSeries, type MutableBarColumns, allocateColumns } from '../bar-series.ts'
import type { LateRow } from './timeline.ts'

export function assembleSeries(spine: BarSeries, late: readonly LateRow[], direction: 1 | -1, interval: Interval): BarSeries {
  if (late.length === 0 && direction === 1) return spine
  const columns = late.length === 0 ? columnsOf(spine) : mergeLate(spine, late, interval.ms)
  if (direction === -1) reverseKeys(columns, interval.ms)
  return new BarSeries(columns, interval)
}

function columnsOf(series: BarSeries): MutableBarColumns {
  const { openTime, knownAt, open, high, low, close, volume } = series
  return { openTime, knownAt, open, high, low, close, volume }
}

function mergeLate(spine: BarSeries, late: readonly LateRow[], intervalMs: number): MutableBarColumns {
  const n = spine.length + late.length
  const out = allocateColumns(n)
  let i = 0
  let j = 0
  for (let k = 0; k < n; k++) {
    const row = late[j]
    if (row !== undefined && (i >= spine.length || row.key < spine.openTime[i]!)) {
      out.openTime[k] = row.key
      out.knownAt[k] = row.key + intervalMs
      out.open[k] = row.open
      out.high[k] = row.high
      out.low[k] = row.low
      out.close[k] = row.close
      out.volume[k] = row.volume
      j++
    } else {
      out.openTime[k] = spine.openTime[i]!
      out.knownAt[k] = spine.knownAt[i]!
      out.open[k] = spine.open[i]!
      out.high[k] = spine.high[i]!
      out.low[k] = spine.low[i]!
      out.close[k] = spine.close[i]!
      out.volume[k] = spine.volume[i]!
      i++
    }
  }
  return out
}

function reverseKeys(columns: MutableBarColumns, intervalMs: number): void {
  columns.open.reverse()
  columns.high.reverse()
  columns.low.reverse()
  columns.close.reverse()
  columns.volume.reverse()
  const { openTime, knownAt } = columns
  openTime.reverse()
  for (let k = 0; k < openTime.length; k++) {
    const t = -openTime[k]!
    openTime[k] = t === 0 ? 0 : t
    knownAt[k] = t + intervalMs
  }
}
