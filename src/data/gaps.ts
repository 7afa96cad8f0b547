/**
 * Gaps: steps between consecutive timestamps that leave out at least one bar of the interval.
 * The bars a step from `lo` to `hi` leaves out are the grid slots `lo + k·interval` strictly
 * before `hi` (k >= 1): `ceil((hi - lo) / interval) - 1` of them on a continuous calendar. On the
 * weekday calendar, slots that fall on a Saturday or Sunday (UTC) are not missing, so a Friday →
 * Monday step of daily bars is no gap, and neither is a weekend without minute bars.
 *
 * Both counts are kept while reading, because `calendar: 'auto'` is decided only at the end of the
 * file (weekdays when no row fell on a weekend).
 */
import { MS_PER_DAY } from '../domain/time.ts'

export type GapCalendar = 'continuous' | 'weekdays'

/** Gap records kept for reporting; counts stay exact past it. */
export const GAP_RECORD_CAP = 10_000

export interface GapRecord {
  /** Line of the row after the gap. */
  readonly line: number
  readonly lo: number
  readonly hi: number
  readonly missing: number
}

export class GapTally {
  count = 0
  missingBars = 0
  largestMs = 0
  readonly records: GapRecord[] = []

  add(line: number, lo: number, hi: number, missing: number): void {
    this.count++
    this.missingBars += missing
    if (hi - lo > this.largestMs) this.largestMs = hi - lo
    if (this.records.length < GAP_RECORD_CAP) this.records.push({ line, lo, hi, missing })
  }
}

/** Saturday 1970-01-03, the first weekend of the epoch, in days. */
const FIRST_SATURDAY = 2

/** Grid slots `lo + k·interval` (k >= 1, slot < hi) that fall on a Saturday or Sunday, UTC. */
export function weekendSlots(lo: number, hi: number, intervalMs: number): number {
  const loDay = Math.floor(lo / MS_PER_DAY)
  const sinceSaturday = (((loDay - FIRST_SATURDAY) % 7) + 7) % 7
  let count = 0
  for (let saturday = (loDay - sinceSaturday) * MS_PER_DAY; saturday < hi; saturday += 7 * MS_PER_DAY) {
    const from = Math.max(saturday, lo + 1)
    const to = Math.min(saturday + 2 * MS_PER_DAY, hi)
    if (to <= from) continue
    // k with from <= lo + k·interval < to
    const kFirst = Math.ceil((from - lo) / intervalMs)
    const kLast = Math.ceil((to - lo) / intervalMs) - 1
    if (kLast >= kFirst) count += kLast - kFirst + 1
  }
  return count
}

export class GapTracker {
  readonly continuous = new GapTally()
  readonly weekdays = new GapTally()
  readonly #intervalMs: number

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs
  }

  /** A step from `lo` to `hi` (lo < hi, times in ms), ending at the row on `line`. */
  step(lo: number, hi: number, line: number): void {
    const span = hi - lo
    if (span <= this.#intervalMs) return
    const missing = Math.ceil(span / this.#intervalMs) - 1
    this.continuous.add(line, lo, hi, missing)
    const onWeekdays = missing - weekendSlots(lo, hi, this.#intervalMs)
    if (onWeekdays > 0) this.weekdays.add(line, lo, hi, onWeekdays)
  }
}

/**
 * The calendar gaps are counted against when the caller says `auto`: weekdays for daily or
 * coarser bars of which none falls on a weekend (an exchange's trading days), else continuous.
 */
export function resolveGapCalendar(asked: GapCalendar | 'auto', intervalMs: number, sawWeekend: boolean): GapCalendar {
  if (asked !== 'auto') return asked
  return intervalMs >= MS_PER_DAY && !sawWeekend ? 'weekdays' : 'continuous'
}
