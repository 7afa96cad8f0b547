import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dayOfWeek, daysFromCivil, isWeekend } from '../../domain/civil.ts'
import { parseIsoAt, parseTimeOfDayAt, timeScan } from './iso-time.ts'

function iso(text: string): number {
  const buf = Buffer.from(`${text},`, 'latin1')
  const t = parseIsoAt(buf, 0)
  return Number.isNaN(t) || timeScan.end !== text.length ? NaN : t
}

function timeOfDay(text: string): number {
  const buf = Buffer.from(`${text},`, 'latin1')
  const t = parseTimeOfDayAt(buf, 0)
  return Number.isNaN(t) || timeScan.end !== text.length ? NaN : t
}

describe('daysFromCivil', () => {
  it('agrees with Date.UTC over four centuries either side of the epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400 * 366, max: 800 * 366 }), (days) => {
        const d = new Date(days * 86_400_000)
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(days)
      }),
    )
  })

  it('knows the day of the week', () => {
    expect(dayOfWeek(Date.UTC(2024, 0, 6)), '2024-01-06 was a Saturday').toBe(6)
    expect(isWeekend(Date.UTC(2024, 0, 7, 23, 59))).toBe(true)
    expect(isWeekend(Date.UTC(2024, 0, 8))).toBe(false)
    expect(dayOfWeek(Date.UTC(1969, 11, 31)), 'before the epoch too').toBe(3)
  })
})

describe('parseIsoAt', () => {
  it('reads dates, times, fractions and zones', () => {
    expect(iso('2024-01-02')).toBe(Date.UTC(2024, 0, 2))
    expect(iso('2024-01-02T09:30')).toBe(Date.UTC(2024, 0, 2, 9, 30))
    expect(iso('2024-01-02 09:30:15')).toBe(Date.UTC(2024, 0, 2, 9, 30, 15))
    expect(iso('2024-01-02T09:30:15.123Z')).toBe(Date.UTC(2024, 0, 2, 9, 30, 15, 123))
    expect(iso('2024-01-02T09:30:15.1239999Z'), 'sub-millisecond digits are truncated').toBe(Date.UTC(2024, 0, 2, 9, 30, 15, 123))
    expect(iso('2024-01-02T09:30:15,5')).toBe(Date.UTC(2024, 0, 2, 9, 30, 15, 500))
    expect(iso('2024-01-02T09:30:00+05:30')).toBe(Date.UTC(2024, 0, 2, 4, 0))
    expect(iso('2024-01-02T09:30:00-0500')).toBe(Date.UTC(2024, 0, 2, 14, 30))
    expect(iso('2024-01-02T09:30:00+01')).toBe(Date.UTC(2024, 0, 2, 8, 30))
  })

  it('says whether the value had a time of day', () => {
    iso('2024-01-02')
    expect(timeScan.hasTime).toBe(false)
    iso('2024-01-02T00:00Z')
    expect(timeScan.hasTime).toBe(true)
  })

  it('refuses dates and times that do not exist', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-02T24:00', '2024-01-02T23:60', '2024-01-02T23:59:60', '2024/01/02', '24-01-02', '2024-01-02T09:30:00.Z', '2024-01-02T09:30+25:00']) {
      expect(iso(bad), bad).toBeNaN()
    }
    expect(iso('2024-02-29'), 'a leap day').toBe(Date.UTC(2024, 1, 29))
  })

  it('agrees with Date.parse on random instants', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
        const text = d.toISOString()
        expect(iso(text), text).toBe(Date.parse(text))
        expect(iso(text.slice(0, 19)), 'no zone means UTC').toBe(Date.parse(text.slice(0, 19) + 'Z'))
      }),
    )
  })
})

describe('parseTimeOfDayAt', () => {
  it('reads the ways terminals write a time of day', () => {
    expect(timeOfDay('09:30')).toBe((9 * 60 + 30) * 60_000)
    expect(timeOfDay('9:30')).toBe((9 * 60 + 30) * 60_000)
    expect(timeOfDay('09:30:15')).toBe(((9 * 60 + 30) * 60 + 15) * 1000)
    expect(timeOfDay('09:30:15.250')).toBe(((9 * 60 + 30) * 60 + 15) * 1000 + 250)
    expect(timeOfDay('093015')).toBe(((9 * 60 + 30) * 60 + 15) * 1000)
    expect(timeOfDay('0930')).toBe((9 * 60 + 30) * 60_000)
  })

  it('refuses what is not a time of day', () => {
    for (const bad of ['24:00', '09:60', '09:30:61', 'x', '09:30.', '']) expect(timeOfDay(bad), bad).toBeNaN()
  })
})
