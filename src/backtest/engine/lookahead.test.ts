import { describe, expect, it } from 'vitest'
import { checkLookahead } from './lookahead.ts'
import { DAY_MS, type Row, equity, seriesOf } from './testing/bars.ts'
import {
  honestMomentum,
  normalisesOverWholeSeries,
  peeksAtNextBar,
  usesDailyBarBeforeItCloses,
} from './testing/leaky-strategies.ts'

const X = equity('X')
const XD = equity('XD')
const HOUR_MS = 3_600_000

/** Closes that zig-zag upward: every bar's successor differs, and the highs come late. */
const zigzag: Row[] = Array.from({ length: 40 }, (_, i) => {
  const close = 100 + i + (i % 2 === 0 ? 3 : -3)
  return [close, close + 1, close - 1, close, 1_000_000] as const
})
const config = { slippage: { model: 'none' as const } }

describe('checkLookahead', () => {
  it('passes an honest strategy', () => {
    const report = checkLookahead({
      strategy: honestMomentum,
      data: [{ instrument: X, series: seriesOf(zigzag), source: 'zigzag' }],
      config,
    })
    expect(report.leaks).toEqual([])
    expect(report.passed).toBe(true)
    expect(report.cuts).toHaveLength(5)
    expect(report.decisionsCompared).toBeGreaterThan(0)
  })

  it('flags a strategy that reads the next bar, naming the first differing decision', () => {
    const report = checkLookahead(
      {
        strategy: peeksAtNextBar,
        data: [{ instrument: X, series: seriesOf(zigzag), source: 'zigzag' }],
        config,
      },
      { cuts: 3 },
    )
    expect(report.passed).toBe(false)
    // Cut after the bar known at day 10: with the data cut, the decision there sees no next bar.
    expect(report.cuts).toEqual([10 * DAY_MS, 20 * DAY_MS, 30 * DAY_MS])
    expect(report.leaks[0]).toEqual({
      cut: 10 * DAY_MS,
      time: 10 * DAY_MS,
      instrumentId: 'X.BACKTEST',
      message: 'buy 10 market decided in the full run, not with the data cut',
    })
  })

  it('flags a strategy that normalises over the whole series', () => {
    // A steady rise: the whole-series maximum is only reached at the end.
    const rise: Row[] = Array.from(
      { length: 40 },
      (_, i) => [100 + i, 101 + i, 99 + i, 100 + i, 1_000_000] as const,
    )
    const report = checkLookahead(
      {
        strategy: normalisesOverWholeSeries,
        data: [{ instrument: X, series: seriesOf(rise), source: 'rise' }],
        config,
      },
      { cuts: 1 },
    )
    // Cut at day 20 (close 119): scaled over 100..119, the exit comes at close 110 (day 11);
    // over 100..139 it came at close 120, after the cut.
    expect(report.leaks).toEqual([
      {
        cut: 20 * DAY_MS,
        time: 11 * DAY_MS,
        instrumentId: 'X.BACKTEST',
        message: 'sell 10 market decided only with the data cut',
      },
    ])
  })

  it('flags a strategy that uses a daily bar before the day closes', () => {
    // Three days of hourly bars rising 100 → 123 through each day; the second day closes at 90.
    const hourly: Row[] = Array.from({ length: 72 }, (_, i) => {
      const price = 100 + (i % 24)
      return [price, price, price, price, 1000] as const
    })
    const daily: Row[] = [
      [100, 123, 100, 123, 24_000],
      [100, 123, 90, 90, 24_000],
      [100, 123, 100, 123, 24_000],
    ]
    const report = checkLookahead(
      {
        strategy: usesDailyBarBeforeItCloses(XD.id),
        data: [
          { instrument: X, series: seriesOf(hourly, '1h'), source: 'hourly' },
          { instrument: XD, series: seriesOf(daily, '1d'), source: 'daily' },
        ],
        config,
      },
      { cuts: 1 },
    )
    // Cut mid-day 2 (hour 36): its daily bar is gone, so at the day's first hour the strategy
    // reads day 1's close (123, above the price) where the full run read 90 and stayed flat.
    expect(report.cuts).toEqual([36 * HOUR_MS])
    expect(report.leaks).toEqual([
      {
        cut: 36 * HOUR_MS,
        time: 25 * HOUR_MS,
        instrumentId: 'X.BACKTEST',
        message: 'buy 10 market decided only with the data cut',
      },
    ])
  })
})
