import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysFromCivil, isWeekend } from '../civil.ts'
import { isTradePulseError } from '../errors.ts'
import { MS_PER_DAY, formatIso } from '../time.ts'
import { CALENDAR_NAMES, tradingCalendar, yearOfDay } from './trading-calendar.ts'

const day = (iso: string): number => Date.parse(iso) / MS_PER_DAY
const date = (d: number): string => formatIso(d * MS_PER_DAY).slice(0, 10)

describe('tradingCalendar', () => {
  it('trades every day on continuous and 24x7', () => {
    for (const name of ['continuous', '24x7'] as const) {
      const calendar = tradingCalendar(name)
      expect(calendar.closedOnWeekends).toBe(false)
      expect([day('2024-01-06'), day('2024-12-25')].map((d) => calendar.isTradingDay(d))).toEqual([
        true,
        true,
      ])
      expect(calendar.closuresBetween(day('2024-01-01'), day('2025-01-01'))).toEqual([])
    }
  })

  it('closes weekends only on weekdays', () => {
    const weekdays = tradingCalendar('weekdays')
    expect(
      ['2024-01-05', '2024-01-06', '2024-01-07', '2024-12-25'].map((d) => weekdays.isTradingDay(day(d))),
    ).toEqual([true, false, false, true])
  })

  it('closes NYSE holidays and special closures, and Nasdaq on the same days', () => {
    for (const name of ['nyse', 'nasdaq'] as const) {
      const calendar = tradingCalendar(name)
      const open = (d: string): boolean => calendar.isTradingDay(day(d))
      expect(
        [open('2012-10-29'), open('2012-10-31'), open('2024-03-29'), open('2024-03-28'), open('2024-03-30')],
        name,
      ).toEqual([false, true, false, true, false])
    }
  })

  it('lists the closures in a range of days that crosses years, half-open', () => {
    const nyse = tradingCalendar('nyse')
    const closures = nyse.closuresBetween(day('2021-12-24'), day('2022-01-17'))
    expect(closures.map((c) => [date(c.day), c.name])).toEqual([['2021-12-24', 'Christmas Day (observed)']])
    expect(nyse.closuresBetween(day('2021-12-25'), day('2022-01-18')).map((c) => date(c.day))).toEqual([
      '2022-01-17',
    ])
    expect(nyse.closuresBetween(day('2022-01-18'), day('2022-01-18'))).toEqual([])
  })

  it('never trades on a weekend when weekends are closed, and agrees with closuresBetween', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALENDAR_NAMES),
        fc.integer({ min: day('1985-01-01'), max: day('2100-12-31') }),
        (name, d) => {
          const calendar = tradingCalendar(name)
          const closed =
            calendar.closuresBetween(d, d + 1).length > 0 ||
            (calendar.closedOnWeekends && isWeekend(d * MS_PER_DAY))
          expect(calendar.isTradingDay(d), `${name} ${date(d)}`).toBe(!closed)
        },
      ),
    )
  })

  it('refuses an unknown name with a code', () => {
    expect(() => tradingCalendar('lse')).toThrow(
      /unknown trading calendar "lse": use one of continuous, 24x7, weekdays, nyse, nasdaq/,
    )
    try {
      tradingCalendar('lse')
    } catch (error) {
      expect(isTradePulseError(error) && error.code).toBe('DOMAIN_UNKNOWN_CALENDAR')
    }
  })
})

describe('yearOfDay', () => {
  it('finds the year of any day, also at year boundaries and before 1970', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 12_000 }), fc.boolean(), (year, lastDay) => {
        const d = lastDay ? daysFromCivil(year + 1, 1, 1) - 1 : daysFromCivil(year, 1, 1)
        expect(yearOfDay(d)).toBe(year)
      }),
    )
  })
})
