import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, MS_PER_HOUR } from '../../domain/time.ts'
import { FIXTURE_START, calendarDayTimes, weekdayTimes } from '../testing/result-fixtures.ts'
import { inferAnnualisation, weekdayMillisBetween } from './annualisation.ts'

describe('inferAnnualisation', () => {
  it('reads daily points on weekdays as 252 trading days a year', () => {
    // Thu 2 Jan 2025 to Wed 29 Jan: 19 steps over 19 weekdays elapsed.
    const result = inferAnnualisation(weekdayTimes(FIXTURE_START, 20))
    expect(result).toEqual({ periodsPerYear: 252, calendar: 'weekdays', daysPerYear: 252 })
  })

  it('reads daily points that include weekends as 365 days a year', () => {
    const result = inferAnnualisation(calendarDayTimes(FIXTURE_START, 30))
    expect(result).toEqual({ periodsPerYear: 365, calendar: 'every-day', daysPerYear: 365 })
  })

  it('multiplies the days per year by the steps per day for intraday points', () => {
    const times = Array.from({ length: 24 * 10 + 1 }, (_, i) => FIXTURE_START + i * MS_PER_HOUR)
    // Ten days of hourly points reach the weekend of 4–5 January, so the market trades every day: 24 × 365.
    expect(inferAnnualisation(times).periodsPerYear).toBeCloseTo(8760, 9)
  })

  it('counts one step per five trading days as 252 / 5 periods a year', () => {
    const daily = weekdayTimes(FIXTURE_START, 51)
    const everyFifth = daily.filter((_, i) => i % 5 === 0)
    expect(inferAnnualisation(everyFifth).periodsPerYear).toBeCloseTo(252 / 5, 9)
  })

  it('has no periods per year for one point or for points at one time', () => {
    expect(inferAnnualisation([FIXTURE_START])).toEqual({
      periodsPerYear: null,
      calendar: null,
      daysPerYear: null,
    })
    expect(inferAnnualisation([FIXTURE_START, FIXTURE_START]).periodsPerYear).toBeNull()
  })
})

describe('weekdayMillisBetween', () => {
  it('leaves out Saturday and Sunday', () => {
    // Fri 3 Jan 12:00 to Mon 6 Jan 06:00: 12 hours of Friday and 6 of Monday.
    const friday = Date.UTC(2025, 0, 3, 12)
    const monday = Date.UTC(2025, 0, 6, 6)
    expect(weekdayMillisBetween(friday, monday)).toBe(18 * MS_PER_HOUR)
    expect(weekdayMillisBetween(Date.UTC(2025, 0, 4), Date.UTC(2025, 0, 6))).toBe(0)
    expect(weekdayMillisBetween(Date.UTC(2025, 0, 6), Date.UTC(2025, 0, 13))).toBe(5 * MS_PER_DAY)
  })
})
