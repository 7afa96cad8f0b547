import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isWeekend } from '../domain/civil.ts'
import { GapTracker, weekendSlots } from './gaps.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const FRIDAY = Date.UTC(2024, 0, 5)

describe('weekendSlots', () => {
  it('counts the grid slots on Saturday and Sunday', () => {
    expect(weekendSlots(FRIDAY, FRIDAY + 3 * DAY, DAY), 'Friday → Monday leaves Saturday and Sunday').toBe(2)
    expect(weekendSlots(FRIDAY, FRIDAY + DAY, DAY)).toBe(0)
    expect(weekendSlots(FRIDAY + 23 * HOUR, FRIDAY + 3 * DAY, HOUR), 'every hour of the weekend').toBe(48)
    expect(weekendSlots(FRIDAY, FRIDAY + 17 * DAY, DAY), 'three weekends').toBe(6)
  })

  it('agrees with counting slot by slot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3000, max: 3000 }),
        fc.constantFrom(15 * 60_000, HOUR, 4 * HOUR, DAY, 7 * DAY),
        fc.integer({ min: 1, max: 400 }),
        (startHour, interval, slots) => {
          const lo = Date.UTC(2024, 0, 1) + startHour * HOUR
          const hi = lo + slots * interval + (slots % 3) * 60_000
          let expected = 0
          for (let t = lo + interval; t < hi; t += interval) if (isWeekend(t)) expected++
          expect(weekendSlots(lo, hi, interval)).toBe(expected)
        },
      ),
    )
  })
})

describe('GapTracker', () => {
  it('counts bars missing on both calendars', () => {
    const gaps = new GapTracker(DAY)
    gaps.step(FRIDAY - DAY, FRIDAY, 2)
    gaps.step(FRIDAY, FRIDAY + 3 * DAY, 3)
    gaps.step(FRIDAY + 3 * DAY, FRIDAY + 5 * DAY, 4)
    expect([gaps.continuous.count, gaps.continuous.missingBars, gaps.continuous.largestMs]).toEqual([2, 3, 3 * DAY])
    expect([gaps.weekdays.count, gaps.weekdays.missingBars, gaps.weekdays.largestMs]).toEqual([1, 1, 2 * DAY])
    expect(gaps.weekdays.records).toEqual([{ line: 4, lo: FRIDAY + 3 * DAY, hi: FRIDAY + 5 * DAY, missing: 1 }])
  })

  it('does not count a step a little longer than the interval as a missing bar', () => {
    const gaps = new GapTracker(HOUR)
    gaps.step(0, HOUR + 1, 2)
    expect(gaps.continuous.count).toBe(1)
    expect(gaps.continuous.missingBars, 'the slot at one hour is missing').toBe(1)
    const exact = new GapTracker(HOUR)
    exact.step(0, HOUR, 2)
    expect(exact.continuous.count).toBe(0)
  })
})
