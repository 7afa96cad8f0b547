/**
 * Calendar arithmetic on the proleptic Gregorian calendar, UTC, without `Date`: the CSV reader
 * turns year/month/day into milliseconds for every row, so this is on a hot path.
 * `daysFromCivil` is Howard Hinnant's algorithm (http://howardhinnant.github.io/date_algorithms.html).
 */
import { MS_PER_DAY } from './time.ts'

/** Days since 1970-01-01 of a valid date (`month` 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!
}

/** UTC milliseconds of a date and time, or NaN when a component is out of range. */
export function civilToMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN
  if (hour > 23 || minute > 59 || second > 59) return NaN
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
  )
}

/** 0 = Sunday … 6 = Saturday, of the UTC day containing `t`. 1970-01-01 was a Thursday. */
export function dayOfWeek(t: number): number {
  const days = Math.floor(t / MS_PER_DAY)
  return (((days + 4) % 7) + 7) % 7
}

export function isWeekend(t: number): boolean {
  const d = dayOfWeek(t)
  return d === 0 || d === 6
}
