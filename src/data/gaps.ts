/**
 * Gaps: steps between consecutive timestamps that leave out at least one bar the market should
 * have traded. The bars a step from `lo` to `hi` leaves out are the grid slots `lo + k·interval`
 * strictly before `hi` (k >= 1): `ceil((hi - lo) / interval) - 1` of them, less the slots that
 * fall on days the trading calendar is closed (src/domain/calendar). So a Friday → Monday step
 * of daily bars is no gap on the weekday calendar, and Thursday → Monday over Good Friday is none
 * on the NYSE calendar.
 *
 * The counts on every calendar are kept while reading, because `calendar: 'auto'` is decided
 * only at the end of the file, from what the file showed (`resolveGapCalendar`).
 */
import { assertNever } from '../domain/assert-never.ts'
import {
  type CalendarName,
  type TradingCalendar,
  tradingCalendar,
} from '../domain/calendar/trading-calendar.ts'
import { MS_PER_DAY } from '../domain/time.ts'

/** The calendar gaps are counted against. */
export type GapCalendar = CalendarName

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

/** Grid slots `lo + k·interval` (k >= 1) with `from <= slot < to`, and `slot < hi` implied by `to <= hi`. */
function slotsWithin(lo: number, from: number, to: number, intervalMs: number): number {
  const start = Math.max(from, lo + 1)
  if (to <= start) return 0
  // k with start <= lo + k·interval < to
  const kFirst = Math.ceil((start - lo) / intervalMs)
  const kLast = Math.ceil((to - lo) / intervalMs) - 1
  return kLast >= kFirst ? kLast - kFirst + 1 : 0
}

/** Saturday 1970-01-03, the first weekend of the epoch, in days. */
const FIRST_SATURDAY = 2

/** Grid slots `lo + k·interval` (k >= 1, slot < hi) that fall on a Saturday or Sunday, UTC. */
export function weekendSlots(lo: number, hi: number, intervalMs: number): number {
  const loDay = Math.floor(lo / MS_PER_DAY)
  const sinceSaturday = (((loDay - FIRST_SATURDAY) % 7) + 7) % 7
  let count = 0
  for (let saturday = (loDay - sinceSaturday) * MS_PER_DAY; saturday < hi; saturday += 7 * MS_PER_DAY) {
    count += slotsWithin(lo, saturday, Math.min(saturday + 2 * MS_PER_DAY, hi), intervalMs)
  }
  return count
}

/** Grid slots `lo + k·interval` (k >= 1, slot < hi) on weekday closures of the calendar (holidays). */
function closureSlots(calendar: TradingCalendar, lo: number, hi: number, intervalMs: number): number {
  let count = 0
  const fromDay = Math.floor((lo + 1) / MS_PER_DAY)
  const toDay = Math.floor((hi - 1) / MS_PER_DAY) + 1
  for (const closure of calendar.closuresBetween(fromDay, toDay)) {
    const start = closure.day * MS_PER_DAY
    count += slotsWithin(lo, start, Math.min(start + MS_PER_DAY, hi), intervalMs)
  }
  return count
}

/** Grid slots `lo + k·interval` (k >= 1, slot < hi) on days the calendar does not trade. */
export function closedSlots(calendar: TradingCalendar, lo: number, hi: number, intervalMs: number): number {
  const weekends = calendar.closedOnWeekends ? weekendSlots(lo, hi, intervalMs) : 0
  return weekends + closureSlots(calendar, lo, hi, intervalMs)
}

const NYSE = tradingCalendar('nyse')

/**
 * Gaps of one sequence of times on every calendar at once. `24x7` counts as `continuous` (every
 * day trades) and `nasdaq` as `nyse` (the same closures), so three tallies serve five names.
 */
export class GapTracker {
  readonly continuous = new GapTally()
  readonly weekdays = new GapTally()
  readonly nyse = new GapTally()
  readonly intervalMs: number

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs
  }

  /** A step from `lo` to `hi` (lo < hi, times in ms), ending at the row on `line`. */
  step(lo: number, hi: number, line: number): void {
    const span = hi - lo
    if (span <= this.intervalMs) return
    const missing = Math.ceil(span / this.intervalMs) - 1
    this.continuous.add(line, lo, hi, missing)
    const onWeekdays = missing - weekendSlots(lo, hi, this.intervalMs)
    if (onWeekdays <= 0) return
    this.weekdays.add(line, lo, hi, onWeekdays)
    const onNyse = onWeekdays - closureSlots(NYSE, lo, hi, this.intervalMs)
    if (onNyse > 0) this.nyse.add(line, lo, hi, onNyse)
  }

  tally(calendar: GapCalendar): GapTally {
    switch (calendar) {
      case 'continuous':
      case '24x7':
        return this.continuous
      case 'weekdays':
        return this.weekdays
      case 'nyse':
      case 'nasdaq':
        return this.nyse
      default:
        return assertNever(calendar)
    }
  }
}

/** What `auto` looks at besides the gaps: whether any row fell on a weekend, and the span. */
export interface CalendarEvidence {
  readonly sawWeekend: boolean
  /** Open times of the first and last rows on the timeline (ms). */
  readonly firstTime: number
  readonly lastTime: number
}

/**
 * The calendar gaps are counted against. A calendar asked for is taken as it is (and an unknown
 * name refused, `DOMAIN_UNKNOWN_CALENDAR`). `auto` infers one from the data:
 *
 * 1. a row on a Saturday or Sunday: the market trades every day, `24x7`;
 * 2. bars shorter than a day: `continuous` (calendars know days, not session hours);
 * 3. daily bars whose missing weekdays are mostly NYSE closures, where the NYSE closures inside
 *    the span are mostly missing too: `nyse` — both halves, so that a market open on US holidays
 *    (London trades on Thanksgiving) is not taken for New York because it shares Christmas;
 * 4. otherwise, daily or longer bars: `weekdays`.
 */
export function resolveGapCalendar(
  asked: GapCalendar | 'auto',
  gaps: GapTracker,
  evidence: CalendarEvidence,
): GapCalendar {
  if (asked !== 'auto') return tradingCalendar(asked).name
  if (evidence.sawWeekend) return '24x7'
  if (gaps.intervalMs < MS_PER_DAY) return 'continuous'
  if (gaps.intervalMs === MS_PER_DAY && looksLikeNyse(gaps, evidence)) return 'nyse'
  return 'weekdays'
}

function looksLikeNyse(gaps: GapTracker, evidence: CalendarEvidence): boolean {
  const missingWeekdays = gaps.weekdays.missingBars
  const missingClosures = missingWeekdays - gaps.nyse.missingBars
  const firstDay = Math.floor(evidence.firstTime / MS_PER_DAY)
  const lastDay = Math.floor(evidence.lastTime / MS_PER_DAY)
  const closuresInSpan = lastDay > firstDay ? NYSE.closuresBetween(firstDay + 1, lastDay).length : 0
  return 2 * missingClosures > missingWeekdays && 2 * missingClosures > closuresInSpan
}
