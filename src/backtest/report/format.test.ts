import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, MS_PER_HOUR } from '../../domain/time.ts'
import { formatCount, formatDate, formatDays, formatNumber, formatPercent } from './format.ts'

describe('report formatting', () => {
  it('writes percentages and amounts with grouped thousands, whatever the machine’s locale', () => {
    expect(formatPercent(0.123456)).toBe('12.35%')
    expect(formatPercent(-12.5)).toBe('-1,250.00%')
    expect(formatNumber(-1234567.891)).toBe('-1,234,567.89')
    expect(formatNumber(999.995, 1)).toBe('1,000.0')
    expect(formatCount(1234567)).toBe('1,234,567')
  })

  it('writes a missing figure as an em dash', () => {
    expect(formatPercent(null)).toBe('—')
    expect(formatNumber(null)).toBe('—')
    expect(formatDate(null)).toBe('—')
  })

  it('writes a midnight as a date and any other time with its hour and minute', () => {
    expect(formatDate(Date.UTC(2025, 0, 2))).toBe('2025-01-02')
    expect(formatDate(Date.UTC(2025, 0, 2, 14, 30))).toBe('2025-01-02 14:30 UTC')
  })

  it('writes durations in days, with a decimal below ten days', () => {
    expect(formatDays(MS_PER_DAY)).toBe('1 day')
    expect(formatDays(36 * MS_PER_HOUR)).toBe('1.5 days')
    expect(formatDays(349 * MS_PER_DAY + 5 * MS_PER_HOUR)).toBe('349 days')
  })
})
