import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysFromCivil, isWeekend } from '../civil.ts'
import { MS_PER_DAY, formatIso } from '../time.ts'
import { easterSunday } from './easter.ts'
import { NEW_YEARS_DAY, NYSE_ANNUAL_HOLIDAYS, nyseClosures } from './nyse.ts'

const date = (day: number): string => formatIso(day * MS_PER_DAY).slice(0, 10)
const datesOf = (year: number): string[] => nyseClosures(year).map((c) => date(c.day))

describe('nyseClosures', () => {
  // Written by hand from the rules and checked against the exchange's published holiday lists.
  it('2000: New Year on a Saturday is not moved to Friday 31 December 1999', () => {
    expect(datesOf(2000)).toEqual([
      '2000-01-17',
      '2000-02-21',
      '2000-04-21',
      '2000-05-29',
      '2000-07-04',
      '2000-09-04',
      '2000-11-23',
      '2000-12-25',
    ])
  })

  it('2001: the four days after September 11 are closed', () => {
    expect(datesOf(2001)).toEqual([
      '2001-01-01',
      '2001-01-15',
      '2001-02-19',
      '2001-04-13',
      '2001-05-28',
      '2001-07-04',
      '2001-09-03',
      '2001-09-11',
      '2001-09-12',
      '2001-09-13',
      '2001-09-14',
      '2001-11-22',
      '2001-12-25',
    ])
  })

  it('2008: Good Friday in March', () => {
    expect(datesOf(2008)).toEqual([
      '2008-01-01',
      '2008-01-21',
      '2008-02-18',
      '2008-03-21',
      '2008-05-26',
      '2008-07-04',
      '2008-09-01',
      '2008-11-27',
      '2008-12-25',
    ])
  })

  it('2012: New Year observed on Monday, and two days of Hurricane Sandy', () => {
    expect(nyseClosures(2012).map((c) => [date(c.day), c.name])).toEqual([
      ['2012-01-02', "New Year's Day (observed)"],
      ['2012-01-16', 'Martin Luther King Jr. Day'],
      ['2012-02-20', "Washington's Birthday"],
      ['2012-04-06', 'Good Friday'],
      ['2012-05-28', 'Memorial Day'],
      ['2012-07-04', 'Independence Day'],
      ['2012-09-03', 'Labor Day'],
      ['2012-10-29', 'Hurricane Sandy'],
      ['2012-10-30', 'Hurricane Sandy'],
      ['2012-11-22', 'Thanksgiving Day'],
      ['2012-12-25', 'Christmas Day'],
    ])
  })

  it('2020: Independence Day on a Saturday is observed on Friday 3 July', () => {
    expect(datesOf(2020)).toEqual([
      '2020-01-01',
      '2020-01-20',
      '2020-02-17',
      '2020-04-10',
      '2020-05-25',
      '2020-07-03',
      '2020-09-07',
      '2020-11-26',
      '2020-12-25',
    ])
  })

  it('2021: Independence Day on a Sunday moves to Monday, Christmas on a Saturday to Friday, no Juneteenth yet', () => {
    expect(datesOf(2021)).toEqual([
      '2021-01-01',
      '2021-01-18',
      '2021-02-15',
      '2021-04-02',
      '2021-05-31',
      '2021-07-05',
      '2021-09-06',
      '2021-11-25',
      '2021-12-24',
    ])
  })

  it('2022: no New Year closure (a Saturday), the first Juneteenth observed on Monday 20 June', () => {
    expect(nyseClosures(2022).map((c) => [date(c.day), c.name])).toEqual([
      ['2022-01-17', 'Martin Luther King Jr. Day'],
      ['2022-02-21', "Washington's Birthday"],
      ['2022-04-15', 'Good Friday'],
      ['2022-05-30', 'Memorial Day'],
      ['2022-06-20', 'Juneteenth (observed)'],
      ['2022-07-04', 'Independence Day'],
      ['2022-09-05', 'Labor Day'],
      ['2022-11-24', 'Thanksgiving Day'],
      ['2022-12-26', 'Christmas Day (observed)'],
    ])
  })

  it('2025: the day of mourning for Jimmy Carter', () => {
    expect(datesOf(2025)).toEqual([
      '2025-01-01',
      '2025-01-09',
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ])
  })

  it('2027: Juneteenth and Christmas on Saturdays are observed on Fridays', () => {
    expect(datesOf(2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-24',
    ])
  })

  it('has no Martin Luther King Jr. Day before 1998', () => {
    expect(nyseClosures(1997).map((c) => c.name)).not.toContain('Martin Luther King Jr. Day')
    expect(nyseClosures(1998).map((c) => [date(c.day), c.name])).toContainEqual([
      '1998-01-19',
      'Martin Luther King Jr. Day',
    ])
  })

  describe('in every year', () => {
    const years = fc.integer({ min: 1985, max: 2400 })

    it('closes on weekdays only, once a day, in date order, within the year', () => {
      fc.assert(
        fc.property(years, (year) => {
          const days = nyseClosures(year).map((c) => c.day)
          for (const day of days) {
            expect(isWeekend(day * MS_PER_DAY), `${date(day)} is a weekend`).toBe(false)
            expect(day).toBeGreaterThanOrEqual(daysFromCivil(year, 1, 1))
            expect(day).toBeLessThan(daysFromCivil(year + 1, 1, 1))
          }
          expect(days).toEqual([...new Set(days)].sort((a, b) => a - b))
        }),
      )
    })

    it('has exactly one of each annual holiday in force, and New Year only when 1 January is not a Saturday', () => {
      fc.assert(
        fc.property(years, (year) => {
          const names = nyseClosures(year).map((c) => c.name.replace(' (observed)', ''))
          for (const holiday of NYSE_ANNUAL_HOLIDAYS) {
            const newYearOnSaturday = holiday.name === NEW_YEARS_DAY && isSaturday(daysFromCivil(year, 1, 1))
            const expected = year < holiday.since || newYearOnSaturday ? 0 : 1
            expect(
              names.filter((n) => n === holiday.name),
              `${holiday.name} ${year}`,
            ).toHaveLength(expected)
          }
        }),
      )
    })

    it('puts Good Friday two days before Easter and Thanksgiving on a Thursday from 22 to 28 November', () => {
      fc.assert(
        fc.property(years, (year) => {
          const closures = nyseClosures(year)
          expect(closures.find((c) => c.name === 'Good Friday')?.day).toBe(easterSunday(year) - 2)
          const thanksgiving = closures.find((c) => c.name === 'Thanksgiving Day')!.day
          expect(new Date(thanksgiving * MS_PER_DAY).getUTCDay()).toBe(4)
          expect(thanksgiving - daysFromCivil(year, 11, 22)).toBeGreaterThanOrEqual(0)
          expect(thanksgiving - daysFromCivil(year, 11, 22)).toBeLessThanOrEqual(6)
        }),
      )
    })
  })
})

function isSaturday(day: number): boolean {
  return new Date(day * MS_PER_DAY).getUTCDay() === 6
}
