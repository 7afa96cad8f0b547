/**
 * How many return periods make a year, inferred from the equity timestamps alone.
 *
 * The rule: if any timestamp falls on a Saturday or Sunday (UTC) the market trades every day and
 * a year has 365 days; otherwise it trades on weekdays and a year has 252 trading days. The
 * periods per year are those days per year × the sampling steps per day, where the steps per day
 * are (points − 1) / (days elapsed from the first to the last point, weekends left out for a
 * weekday market). So daily weekday equity gives 252, daily 24x7 equity 365, hourly 24x7 equity
 * 8,760, equity sampled every 5 trading days 50.4. Holidays are not known here: a weekday market
 * with holidays reads slightly fewer than 252 steps per year, which is what it really had.
 *
 * Cost: one pass over the points and one over the days spanned.
 */
import { MS_PER_DAY } from '../../domain/time.ts'

export type TradingCalendar = 'weekdays' | 'every-day'

export interface Annualisation {
  /** null with fewer than two points, or when they span no time. */
  readonly periodsPerYear: number | null
  readonly calendar: TradingCalendar | null
  readonly daysPerYear: number | null
}

export const TRADING_DAYS_PER_YEAR = 252
export const CALENDAR_DAYS_PER_YEAR = 365

function isWeekend(time: number): boolean {
  const weekday = new Date(time).getUTCDay()
  return weekday === 0 || weekday === 6
}

/** Milliseconds between two times that fall on Monday to Friday (UTC). */
export function weekdayMillisBetween(from: number, to: number): number {
  let total = 0
  for (let dayStart = Math.floor(from / MS_PER_DAY) * MS_PER_DAY; dayStart < to; dayStart += MS_PER_DAY) {
    if (isWeekend(dayStart)) continue
    total += Math.min(to, dayStart + MS_PER_DAY) - Math.max(from, dayStart)
  }
  return total
}

export function inferAnnualisation(times: readonly number[]): Annualisation {
  if (times.length < 2) return { periodsPerYear: null, calendar: null, daysPerYear: null }
  const first = times[0]!
  const last = times[times.length - 1]!
  const calendar: TradingCalendar = times.some(isWeekend) ? 'every-day' : 'weekdays'
  const elapsedMs = calendar === 'weekdays' ? weekdayMillisBetween(first, last) : last - first
  const daysPerYear = calendar === 'weekdays' ? TRADING_DAYS_PER_YEAR : CALENDAR_DAYS_PER_YEAR
  if (elapsedMs <= 0) return { periodsPerYear: null, calendar, daysPerYear }
  const stepsPerDay = (times.length - 1) / (elapsedMs / MS_PER_DAY)
  return { periodsPerYear: daysPerYear * stepsPerDay, calendar, daysPerYear }
}
