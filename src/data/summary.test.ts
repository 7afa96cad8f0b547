import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, parseInterval } from '../domain/time.ts'
import { BarSeries } from './bar-series.ts'
import { BarSeriesBuilder } from './bar-series-builder.ts'
import { formatDuration, summarizeSeries } from './summary.ts'

const DAY = parseInterval('1d')
const T0 = Date.UTC(2024, 0, 1)

function daily(closes: readonly number[], skip: readonly number[] = []): BarSeries {
  const builder = new BarSeriesBuilder()
  let day = 0
  closes.forEach((close, i) => {
    while (skip.includes(day)) day++
    const t = T0 + day * MS_PER_DAY
    const open = i === 0 ? close : closes[i - 1]!
    builder.push(t, t + MS_PER_DAY, open, Math.max(open, close) + 1, Math.min(open, close) - 1, close, 100 * (i + 1))
    day++
  })
  return builder.build(DAY)
}

describe('summarizeSeries', () => {
  it('reports span, range, return, drawdown, volume and gaps', () => {
    const s = summarizeSeries(daily([100, 110, 120, 90, 100, 130], [3]))
    expect(s).toMatchObject({
      bars: 6,
      interval: '1d',
      first: '2024-01-01T00:00:00.000Z',
      last: '2024-01-07T00:00:00.000Z',
      lastKnownAt: '2024-01-08T00:00:00.000Z',
      firstOpen: 100,
      lastClose: 130,
      lowest: 89,
      highest: 131,
      totalVolume: 2100,
      gaps: 1,
      largestGap: '2d before 2024-01-05T00:00:00.000Z',
      maxDrawdownPeak: '2024-01-03T00:00:00.000Z',
      maxDrawdownTrough: '2024-01-05T00:00:00.000Z',
    })
    expect(s.totalReturn).toBeCloseTo(0.3, 12)
    expect(s.maxDrawdown).toBeCloseTo(0.25, 12)
  })

  it('counts gaps of weekday-only daily bars on the weekday calendar', () => {
    // Mon 2024-01-01 … Fri 2024-01-12 without weekends, and Wednesday the 10th missing.
    const days = [0, 1, 2, 3, 4, 7, 8, 10, 11]
    const builder = new BarSeriesBuilder()
    for (const d of days) {
      const t = T0 + d * MS_PER_DAY
      builder.push(t, t + MS_PER_DAY, 1, 1, 1, 1, 1)
    }
    const s = summarizeSeries(builder.build(DAY))
    expect(s).toMatchObject({ calendar: 'weekdays', gaps: 1, missingBars: 1, largestGap: '2d before 2024-01-11T00:00:00.000Z' })
  })

  it('counts gaps on the calendar asked for, and infers the NYSE one from holiday-shaped gaps', () => {
    // Weekdays of January 2024 without Monday the 15th (Martin Luther King Jr. Day).
    const builder = new BarSeriesBuilder()
    for (let d = 1; d <= 31; d++) {
      const t = Date.UTC(2024, 0, d)
      const weekday = new Date(t).getUTCDay()
      if (weekday === 0 || weekday === 6 || d === 15) continue
      builder.push(t, t + MS_PER_DAY, 1, 1, 1, 1, 1)
    }
    const series = builder.build(DAY)
    expect(summarizeSeries(series)).toMatchObject({ calendar: 'nyse', gaps: 0, missingBars: 0, largestGap: null })
    expect(summarizeSeries(series, { calendar: 'weekdays' })).toMatchObject({ calendar: 'weekdays', gaps: 1, missingBars: 1 })
    expect(summarizeSeries(series, { calendar: 'continuous' })).toMatchObject({ calendar: 'continuous', gaps: 4, missingBars: 9 })
  })

  it('annualises volatility by the observed bars per year', () => {
    // Alternating ±1% log returns: sample stdev is ~0.01 per bar.
    const closes = Array.from({ length: 366 }, (_, i) => 100 * Math.exp(i % 2 === 0 ? 0 : 0.01))
    const s = summarizeSeries(daily(closes))
    const perBar = Math.sqrt((365 * 0.0001 - (0.01 * 0.01) / 365) / 364) // exact sample stdev of the ±0.01 series
    expect(s.annualisedVolatility).toBeCloseTo(perBar * Math.sqrt(366 / (366 / 365.25)), 6)
  })

  it('describes an empty series without inventing numbers', () => {
    const s = summarizeSeries(BarSeries.empty(DAY))
    expect(s.bars).toBe(0)
    expect(s.first).toBeNull()
    expect(Number.isNaN(s.lastClose)).toBe(true)
    expect(s.largestGap).toBeNull()
  })
})

describe('formatDuration', () => {
  it('writes the largest units first', () => {
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000)).toBe('3d 2h')
    expect(formatDuration(90_000)).toBe('1m 30s')
    expect(formatDuration(5)).toBe('5ms')
  })
})
