import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, MS_PER_HOUR, type UnixMillis } from '../../domain/time.ts'
import { utcTradingDay } from './trading-day.ts'

const at = (ms: number): UnixMillis => ms as UnixMillis

describe('utcTradingDay', () => {
  it('starts days at midnight UTC by default', () => {
    const day = utcTradingDay()
    expect(day(at(0))).toBe(0)
    expect(day(at(MS_PER_DAY - 1))).toBe(0)
    expect(day(at(MS_PER_DAY))).toBe(MS_PER_DAY)
    expect(day(at(-1)), 'before the epoch').toBe(-MS_PER_DAY)
  })

  it('starts days at an offset: 22:00 UTC belongs to the next FX day', () => {
    const day = utcTradingDay(22 * MS_PER_HOUR)
    expect(day(at(21 * MS_PER_HOUR))).toBe(-2 * MS_PER_HOUR)
    expect(day(at(22 * MS_PER_HOUR))).toBe(22 * MS_PER_HOUR)
    expect(day(at(MS_PER_DAY + 21 * MS_PER_HOUR))).toBe(22 * MS_PER_HOUR)
  })

  it('refuses an offset outside one day', () => {
    expect(() => utcTradingDay(MS_PER_DAY)).toThrow(/0 to 86_399_999/)
    expect(() => utcTradingDay(-1)).toThrow(/0 to 86_399_999/)
    expect(() => utcTradingDay(0.5)).toThrow(/0 to 86_399_999/)
  })
})
