/**
 * Easter Sunday of the Gregorian calendar, which places Good Friday, an exchange holiday in the
 * United States, the United Kingdom and most of Europe.
 *
 * The date is the ecclesiastical computus: the first Sunday after the paschal full moon, the
 * fourteenth day of a tabular lunar month found from the year's place in the 19-year Metonic
 * cycle, with the Gregorian corrections for skipped leap days (solar) and for the drift of the
 * tabular moon (lunar). The arithmetic below is that computus in closed form (the version Meeus
 * gives in *Astronomical Algorithms*, ch. 8); it is exact for every Gregorian year, and the dates
 * repeat every 5,700,000 years, which the tests use as a check.
 */
import { daysFromCivil } from '../civil.ts'

/** Days since 1970-01-01 of Easter Sunday in `year` (Gregorian, 1583 on): always 22 March – 25 April. */
export function easterSunday(year: number): number {
  const metonic = year % 19
  const century = Math.floor(year / 100)
  const yearOfCentury = year % 100
  // The leap days the Gregorian reform drops (century years not divisible by 400), and the
  // correction that keeps the tabular moon in step with the real one (8 days in 2500 years).
  const solar = century - Math.floor(century / 4)
  const lunar = Math.floor((century - Math.floor((century + 8) / 25) + 1) / 3)
  // Days from 21 March to the paschal full moon (before the exceptions below).
  const fullMoon = (19 * metonic + solar - lunar + 15) % 30
  // Days from that full moon to the Sunday after it, from the weekday 21 March falls on.
  const toSunday =
    (32 + 2 * (century % 4) + 2 * Math.floor(yearOfCentury / 4) - fullMoon - (yearOfCentury % 4)) % 7
  // The two exceptions of the computus (a full moon on 19 April, or on 18 April in some
  // cycles) move Easter back a week, so it never falls after 25 April.
  const exception = Math.floor((metonic + 11 * fullMoon + 22 * toSunday) / 451)
  // 31 × month + day − 1: 22 March is 114 = 31 × 3 + 21.
  const packed = fullMoon + toSunday - 7 * exception + 114
  return daysFromCivil(year, Math.floor(packed / 31), (packed % 31) + 1)
}
