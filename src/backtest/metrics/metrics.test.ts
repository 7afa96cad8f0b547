import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MS_PER_DAY } from '../../domain/time.ts'
import type { FillRecord } from '../result.ts'
import {
  FIXTURE_START,
  calendarDayTimes,
  closedTrade,
  resultFromEquity,
  twoInstrumentResult,
} from '../testing/result-fixtures.ts'
import { drawdownSeries, maxDrawdown } from './drawdown.ts'
import { computeMetrics } from './metrics.ts'

const YEAR_MS = 365.25 * MS_PER_DAY

describe('computeMetrics on a four-point weekday series', () => {
  // Thu 2, Fri 3, Mon 6, Tue 7 January 2025: three steps over three weekdays, so 252 periods a year.
  const result = resultFromEquity([100, 110, 99, 121], { initialCapital: 100 })
  const metrics = computeMetrics(result)
  const returns = [110 / 100 - 1, 99 / 110 - 1, 121 / 99 - 1] // 0.1, −0.1, 0.2̅
  const average = (0.1 - 0.1 + 22 / 99) / 3
  const deviation = Math.sqrt(returns.reduce((sum, r) => sum + (r - average) ** 2, 0) / 2)
  const years = (5 * MS_PER_DAY) / YEAR_MS // Thu 2 to Tue 7 January
  const cagr = 1.21 ** (1 / years) - 1

  it('annualises at 252 periods a year', () => {
    expect(metrics.annualisation.periodsPerYear).toBe(252)
  })

  it('takes the total return from the initial capital and the CAGR over calendar time', () => {
    expect(metrics.strategy.totalReturn).toBeCloseTo(0.21, 12)
    expect(metrics.strategy.annualisedReturn! / cagr).toBeCloseTo(1, 12)
  })

  it('scales the sample volatility, Sharpe and Sortino by √252', () => {
    expect(metrics.strategy.annualisedVolatility).toBeCloseTo(deviation * Math.sqrt(252), 12)
    expect(metrics.strategy.sharpe).toBeCloseTo((average / deviation) * Math.sqrt(252), 12)
    // Only −0.1 is below 0: downside deviation √(0.01 / 3).
    expect(metrics.strategy.sortino).toBeCloseTo((average / Math.sqrt(0.01 / 3)) * Math.sqrt(252), 12)
  })

  it('measures the drawdown from 110 to 99, recovered at 121 four days after the peak', () => {
    expect(metrics.strategy.drawdown).toEqual({
      maxDrawdown: expect.closeTo(0.1, 12) as number,
      peakTime: FIXTURE_START + MS_PER_DAY,
      troughTime: FIXTURE_START + 4 * MS_PER_DAY,
      recoveryTime: FIXTURE_START + 5 * MS_PER_DAY,
      durationMs: 4 * MS_PER_DAY,
    })
    expect(metrics.strategy.calmar! / (cagr / 0.1)).toBeCloseTo(1, 12)
  })
})

describe('computeMetrics for the benchmark', () => {
  it('runs the drawdown of an unrecovered benchmark to the last point', () => {
    const result = resultFromEquity([100, 100, 100, 100], { benchmark: [100, 105, 95, 100] })
    const { benchmark } = computeMetrics(result)
    expect(benchmark.totalReturn).toBe(0)
    expect(benchmark.drawdown.maxDrawdown).toBeCloseTo(1 - 95 / 105, 12)
    expect(benchmark.drawdown.recoveryTime).toBeNull()
    // Peak on Fri 3, end on Tue 7 January.
    expect(benchmark.drawdown.durationMs).toBe(4 * MS_PER_DAY)
    const returns = [0.05, 95 / 105 - 1, 100 / 95 - 1]
    const average = returns.reduce((a, b) => a + b, 0) / 3
    const deviation = Math.sqrt(returns.reduce((sum, r) => sum + (r - average) ** 2, 0) / 2)
    expect(benchmark.sharpe).toBeCloseTo((average / deviation) * Math.sqrt(252), 12)
  })
})

describe('computeMetrics on trades, exposure and turnover', () => {
  it('counts closed trades for the win rate, the profit factor and the averages', () => {
    const open = { ...closedTrade(99), exitTime: null }
    const trades = [
      closedTrade(50),
      closedTrade(-20),
      closedTrade(30),
      closedTrade(-10),
      closedTrade(0),
      open,
    ]
    const metrics = computeMetrics(resultFromEquity([100, 101], { trades }))
    expect(metrics.trades).toEqual({
      trades: 6,
      closedTrades: 5,
      openTrades: 1,
      winRate: 2 / 5,
      profitFactor: 80 / 30,
      averageWin: 40,
      averageLoss: -15,
      netPnl: 50 - 20 + 30 - 10 + 0 + 99,
    })
  })

  it('gives a profit factor of 0 with losers only and none without losers', () => {
    expect(computeMetrics(resultFromEquity([1, 1], { trades: [closedTrade(-5)] })).trades.profitFactor).toBe(
      0,
    )
    expect(
      computeMetrics(resultFromEquity([1, 1], { trades: [closedTrade(5)] })).trades.profitFactor,
    ).toBeNull()
  })

  it('measures exposure as the share of intervals that start with a position', () => {
    const metrics = computeMetrics(resultFromEquity([100, 100, 100, 100], { grossExposure: [0, 10, 10, 0] }))
    expect(metrics.exposure).toBe(2 / 3)
  })

  it('annualises turnover over calendar time', () => {
    const fill = (side: 'buy' | 'sell'): FillRecord => ({
      time: FIXTURE_START,
      instrumentId: 'AAA',
      orderId: 'O-1',
      tradeId: side,
      side,
      price: 10,
      lots: 5,
      quantity: 5,
      fee: 0,
      slippage: 0,
      liquidity: 'taker',
    })
    // 100 of notional on an average equity of 100 over half a year: 2 a year.
    const times = [FIXTURE_START, FIXTURE_START + YEAR_MS / 2]
    const metrics = computeMetrics(resultFromEquity([90, 110], { times, fills: [fill('buy'), fill('sell')] }))
    expect(metrics.tradedNotional).toBe(100)
    expect(metrics.turnover).toBeCloseTo(2, 12)
  })
})

describe('computeMetrics on degenerate runs', () => {
  it('reports a flat equity with no trades as nulls, which JSON keeps as null', () => {
    const metrics = computeMetrics(
      resultFromEquity([100, 100, 100], { times: calendarDayTimes(FIXTURE_START, 3) }),
    )
    expect(metrics.strategy.annualisedVolatility).toBe(0)
    expect(metrics.strategy.sharpe).toBeNull()
    expect(metrics.strategy.sortino).toBeNull()
    expect(metrics.strategy.calmar).toBeNull()
    expect(metrics.trades.winRate).toBeNull()
    expect(metrics.trades.profitFactor).toBeNull()
    const json = JSON.stringify(metrics)
    expect(json).toContain('"sharpe":null')
    expect(json).not.toMatch(/NaN|Infinity/)
  })

  it('gives the total return of one point and nothing that needs a span', () => {
    const metrics = computeMetrics(resultFromEquity([105], { initialCapital: 100 }))
    expect(metrics.strategy.totalReturn).toBeCloseTo(0.05, 12)
    expect(metrics.strategy.annualisedReturn).toBeNull()
    expect(metrics.strategy.annualisedVolatility).toBeNull()
    expect(metrics.strategy.sharpe).toBeNull()
    expect(metrics.strategy.drawdown.maxDrawdown).toBe(0)
    expect(metrics.exposure).toBeNull()
    expect(metrics.turnover).toBeNull()
  })

  it('gives an annualised return of −1 once the equity is gone', () => {
    const metrics = computeMetrics(resultFromEquity([100, 50, 0], { initialCapital: 100 }))
    expect(metrics.strategy.annualisedReturn).toBe(-1)
    expect(metrics.strategy.drawdown.maxDrawdown).toBe(1)
    expect(JSON.stringify(metrics)).not.toMatch(/NaN|Infinity/)
  })

  it('reports an empty run without a single number that is not finite', () => {
    const metrics = computeMetrics(resultFromEquity([], { initialCapital: 100 }))
    expect(metrics.startTime).toBeNull()
    expect(metrics.strategy.totalReturn).toBeNull()
    expect(metrics.benchmark.endEquity).toBeNull()
  })
})

describe('computeMetrics on the two-instrument run', () => {
  const result = twoInstrumentResult()
  const metrics = computeMetrics(result)

  it('agrees with the result it summarises', () => {
    const last = result.equity[result.equity.length - 1]!
    expect(metrics.points).toBe(300)
    expect(metrics.annualisation.calendar).toBe('weekdays')
    expect(metrics.strategy.totalReturn).toBeCloseTo(last.equity / 100_000 - 1, 12)
    expect(metrics.trades.trades).toBe(7)
    expect(metrics.trades.closedTrades).toBe(6)
    expect(metrics.fills).toBe(13)
    expect(metrics.frictions).toEqual(result.frictions)
  })

  it('counts the intervals held: AAA 40 + 50 + 60 + 19 and BBB where AAA is flat', () => {
    // AAA holds [20,60), [100,150), [200,260), [280,299); BBB adds [60,80), [150,170), and nothing
    // else outside AAA's holdings ([40,60), [120,150), [220,250) overlap them).
    const held = 40 + 50 + 60 + 19 + 20 + 20
    expect(metrics.exposure).toBe(held / 299)
  })
})

describe('drawdowns', () => {
  const positiveSeries = fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), {
    minLength: 1,
    maxLength: 60,
  })

  it('reports the largest value of the drawdown series, between 0 and 1', () => {
    fc.assert(
      fc.property(positiveSeries, (values) => {
        const times = values.map((_, i) => i)
        const stats = maxDrawdown(times, values)
        expect(stats.maxDrawdown).toBe(Math.max(...drawdownSeries(values)))
        expect(stats.maxDrawdown).toBeGreaterThanOrEqual(0)
        expect(stats.maxDrawdown).toBeLessThan(1)
      }),
    )
  })

  it('gives the same Sharpe, volatility and drawdown for equity scaled by a constant', () => {
    fc.assert(
      fc.property(positiveSeries, fc.double({ min: 0.01, max: 100, noNaN: true }), (values, scale) => {
        const plain = computeMetrics(resultFromEquity(values)).strategy
        const scaled = computeMetrics(resultFromEquity(values.map((value) => value * scale))).strategy
        for (const key of ['sharpe', 'annualisedVolatility', 'totalReturn'] as const) {
          if (plain[key] === null) expect(scaled[key]).toBeNull()
          else expect(scaled[key]).toBeCloseTo(plain[key], 6)
        }
        expect(scaled.drawdown.maxDrawdown).toBeCloseTo(plain.drawdown.maxDrawdown, 9)
      }),
    )
  })
})
