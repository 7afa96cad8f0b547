/**
 * The days the New York Stock Exchange is closed on a weekday: its annual holidays, moved to the
 * day they are observed, and the special closures it has declared. Nasdaq closes on the same
 * days.
 *
 * Annual holidays (NYSE Rule 7.2), with the years they apply:
 * New Year's Day; Martin Luther King Jr. Day (third Monday of January, from 1998); Washington's
 * Birthday (third Monday of February); Good Friday (two days before Easter Sunday); Memorial Day
 * (last Monday of May); Juneteenth (19 June, from 2022); Independence Day (4 July); Labor Day
 * (first Monday of September); Thanksgiving Day (fourth Thursday of November); Christmas Day.
 *
 * Observance: a holiday on a Sunday is observed on the Monday after, one on a Saturday on the
 * Friday before — except New Year's Day, which the exchange does not move onto 31 December (the
 * last trading day of the year closes the books), so a Saturday New Year's Day is no closure.
 *
 * Exact from 1985: special closures are listed from then on. Earlier years get today's annual
 * rules, which the exchange did not follow then (it also closed on presidential election days
 * until 1980, and the Monday holidays date from 1971). Special closures declared after this
 * table was written are, of course, not in it. Early closes (13:00 on the day before
 * Independence Day, the day after Thanksgiving and Christmas Eve) are trading days, so they are
 * not listed: the calendar says which days trade, not for how long.
 */
import { daysFromCivil, dayOfWeek } from '../civil.ts'
import { MS_PER_DAY } from '../time.ts'
import { easterSunday } from './easter.ts'

/** A weekday on which an exchange does not trade. */
export interface Closure {
  /** The UTC date, as days since 1970-01-01. */
  readonly day: number
  /** Why: the holiday, `(observed)` when moved off a weekend, or the event of a special closure. */
  readonly name: string
}

const SUNDAY = 0
const MONDAY = 1
const THURSDAY = 4
const SATURDAY = 6

function weekdayOfDay(day: number): number {
  return dayOfWeek(day * MS_PER_DAY)
}

/** Day of the `n`-th `weekday` (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1)
  return first + ((weekday - weekdayOfDay(first) + 7) % 7) + 7 * (n - 1)
}

/** Day of the last `weekday` of a month. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)
  const last = next - 1
  return last - ((weekdayOfDay(last) - weekday + 7) % 7)
}

/** A fixed-date holiday where it is observed: Sunday → Monday, Saturday → Friday. */
function observed(day: number, name: string): Closure {
  const weekday = weekdayOfDay(day)
  if (weekday === SUNDAY) return { day: day + 1, name: `${name} (observed)` }
  if (weekday === SATURDAY) return { day: day - 1, name: `${name} (observed)` }
  return { day, name }
}

export interface AnnualHoliday {
  readonly name: string
  /** First year the exchange closed for it. */
  readonly since: number
  /** Where it falls in `year`, or null when it is not observed that year. */
  readonly closure: (year: number) => Closure | null
}

export const NEW_YEARS_DAY = "New Year's Day"

/** The annual holidays, in the order they fall in a year. */
export const NYSE_ANNUAL_HOLIDAYS: readonly AnnualHoliday[] = [
  {
    name: NEW_YEARS_DAY,
    since: -Infinity,
    closure: (year: number): Closure | null => {
      const day = daysFromCivil(year, 1, 1)
      const weekday = weekdayOfDay(day)
      if (weekday === SATURDAY) return null
      return weekday === SUNDAY
        ? { day: day + 1, name: `${NEW_YEARS_DAY} (observed)` }
        : { day, name: NEW_YEARS_DAY }
    },
  },
  {
    name: 'Martin Luther King Jr. Day',
    since: 1998,
    closure: (year) => ({ day: nthWeekday(year, 1, MONDAY, 3), name: 'Martin Luther King Jr. Day' }),
  },
  {
    name: "Washington's Birthday",
    since: -Infinity,
    closure: (year) => ({ day: nthWeekday(year, 2, MONDAY, 3), name: "Washington's Birthday" }),
  },
  {
    name: 'Good Friday',
    since: -Infinity,
    closure: (year) => ({ day: easterSunday(year) - 2, name: 'Good Friday' }),
  },
  {
    name: 'Memorial Day',
    since: -Infinity,
    closure: (year) => ({ day: lastWeekday(year, 5, MONDAY), name: 'Memorial Day' }),
  },
  {
    name: 'Juneteenth',
    since: 2022,
    closure: (year) => observed(daysFromCivil(year, 6, 19), 'Juneteenth'),
  },
  {
    name: 'Independence Day',
    since: -Infinity,
    closure: (year) => observed(daysFromCivil(year, 7, 4), 'Independence Day'),
  },
  {
    name: 'Labor Day',
    since: -Infinity,
    closure: (year) => ({ day: nthWeekday(year, 9, MONDAY, 1), name: 'Labor Day' }),
  },
  {
    name: 'Thanksgiving Day',
    since: -Infinity,
    closure: (year) => ({ day: nthWeekday(year, 11, THURSDAY, 4), name: 'Thanksgiving Day' }),
  },
  {
    name: 'Christmas Day',
    since: -Infinity,
    closure: (year) => observed(daysFromCivil(year, 12, 25), 'Christmas Day'),
  },
]

/** Closures the exchange declared for one-off events, as [year, month, day, reason]. */
const SPECIAL_CLOSURES: readonly (readonly [number, number, number, string])[] = [
  [1985, 9, 27, 'Hurricane Gloria'],
  [1994, 4, 27, 'National Day of Mourning for Richard Nixon'],
  [2001, 9, 11, 'September 11 attacks'],
  [2001, 9, 12, 'September 11 attacks'],
  [2001, 9, 13, 'September 11 attacks'],
  [2001, 9, 14, 'September 11 attacks'],
  [2004, 6, 11, 'National Day of Mourning for Ronald Reagan'],
  [2007, 1, 2, 'National Day of Mourning for Gerald Ford'],
  [2012, 10, 29, 'Hurricane Sandy'],
  [2012, 10, 30, 'Hurricane Sandy'],
  [2018, 12, 5, 'National Day of Mourning for George H. W. Bush'],
  [2025, 1, 9, 'National Day of Mourning for Jimmy Carter'],
]

const byYear = new Map<number, readonly Closure[]>()

/** Every weekday the NYSE is closed in `year`, in date order. Memoised: the rules never change. */
export function nyseClosures(year: number): readonly Closure[] {
  const known = byYear.get(year)
  if (known !== undefined) return known
  const closures: Closure[] = []
  for (const holiday of NYSE_ANNUAL_HOLIDAYS) {
    if (year < holiday.since) continue
    const closure = holiday.closure(year)
    if (closure !== null) closures.push(closure)
  }
  for (const [y, month, day, name] of SPECIAL_CLOSURES) {
    if (y === year) closures.push({ day: daysFromCivil(y, month, day), name })
  }
  closures.sort((a, b) => a.day - b.day)
  const frozen = Object.freeze(closures.map((c) => Object.freeze(c)))
  byYear.set(year, frozen)
  return frozen
}
