import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysFromCivil, dayOfWeek } from '../civil.ts'
import { MS_PER_DAY, formatIso } from '../time.ts'
import { easterSunday } from './easter.ts'

const date = (day: number): string => formatIso(day * MS_PER_DAY).slice(0, 10)

describe('easterSunday', () => {
  it('matches published Easter dates, including the earliest and latest possible', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2001: '2001-04-15',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2012: '2012-04-08',
      2019: '2019-04-21',
      2020: '2020-04-12',
      2022: '2022-04-17',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    }
    for (const [year, expected] of Object.entries(known))
      expect(date(easterSunday(Number(year))), year).toBe(expected)
  })

  it('is always a Sunday from 22 March to 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 100_000 }), (year) => {
        const day = easterSunday(year)
        expect(dayOfWeek(day * MS_PER_DAY), `${year}`).toBe(0)
        expect(day).toBeGreaterThanOrEqual(daysFromCivil(year, 3, 22))
        expect(day).toBeLessThanOrEqual(daysFromCivil(year, 4, 25))
      }),
    )
  })

  it('repeats its dates every 5,700,000 years, the period of the Gregorian computus', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 10_000 }), (year) => {
        const later = year + 5_700_000
        expect(easterSunday(later) - daysFromCivil(later, 3, 1)).toBe(
          easterSunday(year) - daysFromCivil(year, 3, 1),
        )
      }),
    )
  })
})
