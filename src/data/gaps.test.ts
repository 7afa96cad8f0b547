import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CALENDAR_NAMES, tradingCalendar } from '../domain/calendar/trading-calendar.ts'
import { isWeekend } from '../domain/civil.ts'
import {
  type CalendarEvidence,
  type GapCalendar,
  GapTracker,
  closedSlots,
  resolveGapCalendar,
  weekendSlots,
} from './gaps.ts'

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

const day = (iso: string): number => Date.parse(iso)

/** A tracker fed with consecutive daily bars on these dates, and what `auto` would know of them. */
function dailyEvidence(dates: readonly string[]): { gaps: GapTracker; evidence: CalendarEvidence } {
  const gaps = new GapTracker(DAY)
  const times = dates.map(day)
  for (let i = 1; i < times.length; i++) gaps.step(times[i - 1]!, times[i]!, i + 2)
  return { gaps, evidence: { sawWeekend: times.some((t) => isWeekend(t)), firstTime: times[0]!, lastTime: times.at(-1)! } }
}

/** Every weekday from `from` to `to` (inclusive) except `skip`. */
function weekdaysBetween(from: string, to: string, skip: readonly string[] = []): string[] {
  const out: string[] = []
  for (let t = day(from); t <= day(to); t += DAY) {
    const iso = new Date(t).toISOString().slice(0, 10)
    if (!isWeekend(t) && !skip.includes(iso)) out.push(iso)
  }
  return out
}

describe('closedSlots', () => {
  it('counts the slots on weekends and holidays of the calendar', () => {
    const thursday = day('2024-03-28')
    const tuesday = day('2024-04-02')
    expect(closedSlots(tradingCalendar('continuous'), thursday, tuesday, DAY)).toBe(0)
    expect(closedSlots(tradingCalendar('weekdays'), thursday, tuesday, DAY), 'Saturday and Sunday').toBe(2)
    expect(closedSlots(tradingCalendar('nyse'), thursday, tuesday, DAY), 'Good Friday too').toBe(3)
    expect(closedSlots(tradingCalendar('nyse'), thursday, tuesday, HOUR), 'every hour of three days').toBe(72)
  })

  it('agrees with asking the calendar slot by slot', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALENDAR_NAMES),
        fc.integer({ min: -2000, max: 600_000 }),
        fc.constantFrom(15 * 60_000, HOUR, 4 * HOUR, DAY, 7 * DAY),
        fc.integer({ min: 1, max: 400 }),
        (name, startHour, interval, slots) => {
          const calendar = tradingCalendar(name)
          const lo = Date.UTC(1990, 0, 1) + startHour * HOUR
          const hi = lo + slots * interval + (slots % 3) * 60_000
          let expected = 0
          for (let t = lo + interval; t < hi; t += interval) if (!calendar.isTradingDay(Math.floor(t / DAY))) expected++
          expect(closedSlots(calendar, lo, hi, interval)).toBe(expected)
        },
      ),
    )
  })
})

describe('GapTracker on exchange calendars', () => {
  it('does not count Good Friday as missing on the NYSE calendar', () => {
    const gaps = new GapTracker(DAY)
    gaps.step(day('2024-03-28'), day('2024-04-01'), 7)
    expect(gaps.tally('continuous').missingBars).toBe(3)
    expect(gaps.tally('24x7').missingBars).toBe(3)
    expect(gaps.tally('weekdays').missingBars).toBe(1)
    expect(gaps.tally('nyse').count).toBe(0)
    expect(gaps.tally('nasdaq').count).toBe(0)
  })

  it('counts a missing trading day next to a holiday as one missing bar', () => {
    const gaps = new GapTracker(DAY)
    gaps.step(day('2024-03-27'), day('2024-04-01'), 7)
    expect(gaps.tally('nyse').records).toEqual([{ line: 7, lo: day('2024-03-27'), hi: day('2024-04-01'), missing: 1 }])
  })
})

describe('resolveGapCalendar', () => {
  it('keeps a calendar that was asked for, and refuses an unknown one', () => {
    const { gaps, evidence } = dailyEvidence(weekdaysBetween('2024-01-02', '2024-03-28'))
    expect(resolveGapCalendar('weekdays', gaps, evidence)).toBe('weekdays')
    expect(() => resolveGapCalendar('lse' as GapCalendar, gaps, evidence)).toThrow(/unknown trading calendar "lse"/)
  })

  it('infers nyse for daily bars whose missing weekdays are NYSE holidays', () => {
    const { gaps, evidence } = dailyEvidence(weekdaysBetween('2024-01-02', '2024-03-28', ['2024-01-15', '2024-02-19']))
    expect(resolveGapCalendar('auto', gaps, evidence)).toBe('nyse')
  })

  it('infers weekdays when most missing weekdays are not NYSE holidays', () => {
    const skip = ['2024-01-15', '2024-02-19', '2024-01-10', '2024-02-07', '2024-03-06']
    const { gaps, evidence } = dailyEvidence(weekdaysBetween('2024-01-02', '2024-03-28', skip))
    expect(resolveGapCalendar('auto', gaps, evidence)).toBe('weekdays')
  })

  it('infers weekdays when the market traded through most NYSE holidays (London, 2024)', () => {
    // Closed Good Friday, Easter Monday and the May bank holidays; open on the US Monday holidays.
    const skip = ['2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27']
    const { gaps, evidence } = dailyEvidence(weekdaysBetween('2024-01-02', '2024-05-31', skip))
    expect(resolveGapCalendar('auto', gaps, evidence)).toBe('weekdays')
  })

  it('infers weekdays for daily bars with no missing weekday at all', () => {
    const { gaps, evidence } = dailyEvidence(weekdaysBetween('2024-01-02', '2024-01-12'))
    expect(resolveGapCalendar('auto', gaps, evidence)).toBe('weekdays')
  })

  it('infers 24x7 as soon as a bar falls on a weekend, whatever the interval', () => {
    const { gaps, evidence } = dailyEvidence(['2024-01-05', '2024-01-06', '2024-01-08'])
    expect(resolveGapCalendar('auto', gaps, evidence)).toBe('24x7')
    expect(resolveGapCalendar('auto', new GapTracker(HOUR), { ...evidence, sawWeekend: true })).toBe('24x7')
  })

  it('stays continuous for intraday bars and weekdays for weekly bars without weekend rows', () => {
    const evidence = { sawWeekend: false, firstTime: day('2024-01-02'), lastTime: day('2024-06-28') }
    expect(resolveGapCalendar('auto', new GapTracker(HOUR), evidence)).toBe('continuous')
    expect(resolveGapCalendar('auto', new GapTracker(7 * DAY), evidence)).toBe('weekdays')
  })
})
