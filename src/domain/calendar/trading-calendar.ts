/**
 * Trading calendars: which UTC dates a market trades on. Gap counting asks a calendar whether a
 * missing bar was expected; a market closed that day misses nothing.
 *
 * | name | trades on |
 * | --- | --- |
 * | `continuous` | every day: no calendar, every bar of the interval is expected |
 * | `24x7` | every day (crypto); counts gaps as `continuous` does, and says why |
 * | `weekdays` | Monday to Friday |
 * | `nyse` | Monday to Friday except the NYSE's holidays and special closures (see nyse.ts) |
 * | `nasdaq` | the same days as `nyse` |
 *
 * Days are UTC dates. A US exchange's regular session (09:30–16:00 New York) lies within one UTC
 * date in summer and in winter, so an intraday bar's UTC date is its New York trading date.
 * Calendars know days, not session hours: the hours between two sessions are not a closure.
 */
import { TradePulseError } from '../errors.ts'
import { daysFromCivil, isWeekend } from '../civil.ts'
import { MS_PER_DAY } from '../time.ts'
import { type Closure, nyseClosures } from './nyse.ts'

export type CalendarName = 'continuous' | '24x7' | 'weekdays' | 'nyse' | 'nasdaq'

export const CALENDAR_NAMES: readonly CalendarName[] = ['continuous', '24x7', 'weekdays', 'nyse', 'nasdaq']

export interface TradingCalendar {
  readonly name: CalendarName
  /** Saturdays and Sundays are closed. */
  readonly closedOnWeekends: boolean
  /** Weekday closures with `fromDay <= day < toDay` (days since 1970-01-01), in date order. */
  closuresBetween(fromDay: number, toDay: number): readonly Closure[]
  /** Whether the market trades on the UTC date `day` (days since 1970-01-01). */
  isTradingDay(day: number): boolean
}

/** The year (proleptic Gregorian) of a day since 1970-01-01. */
export function yearOfDay(day: number): number {
  let year = Math.floor(day / 365.2425) + 1970
  while (daysFromCivil(year + 1, 1, 1) <= day) year++
  while (daysFromCivil(year, 1, 1) > day) year--
  return year
}

const NONE: readonly Closure[] = Object.freeze([])

function everyDay(name: CalendarName): TradingCalendar {
  return Object.freeze({
    name,
    closedOnWeekends: false,
    closuresBetween: () => NONE,
    isTradingDay: () => true,
  })
}

function exchange(name: CalendarName, closuresOfYear: (year: number) => readonly Closure[]): TradingCalendar {
  const closuresBetween = (fromDay: number, toDay: number): readonly Closure[] => {
    if (toDay <= fromDay) return NONE
    const found: Closure[] = []
    const lastYear = yearOfDay(toDay - 1)
    for (let year = yearOfDay(fromDay); year <= lastYear; year++) {
      for (const closure of closuresOfYear(year)) {
        if (closure.day >= fromDay && closure.day < toDay) found.push(closure)
      }
    }
    return found
  }
  return Object.freeze({
    name,
    closedOnWeekends: true,
    closuresBetween,
    isTradingDay: (day: number) =>
      !isWeekend(day * MS_PER_DAY) && !closuresOfYear(yearOfDay(day)).some((c) => c.day === day),
  })
}

const CALENDARS: Readonly<Record<CalendarName, TradingCalendar>> = {
  continuous: everyDay('continuous'),
  '24x7': everyDay('24x7'),
  weekdays: exchange('weekdays', () => NONE),
  nyse: exchange('nyse', nyseClosures),
  nasdaq: exchange('nasdaq', nyseClosures),
}

export function isCalendarName(name: string): name is CalendarName {
  return (CALENDAR_NAMES as readonly string[]).includes(name)
}

/** The calendar of that name; `DOMAIN_UNKNOWN_CALENDAR` for any other (input from JSON or JavaScript). */
export function tradingCalendar(name: string): TradingCalendar {
  if (!isCalendarName(name)) {
    throw new TradePulseError(
      'DOMAIN_UNKNOWN_CALENDAR',
      `unknown trading calendar ${JSON.stringify(name)}: use one of ${CALENDAR_NAMES.join(', ')}`,
    )
  }
  return CALENDARS[name]
}

export type { Closure }
