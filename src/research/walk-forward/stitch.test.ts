import { describe, expect, it } from 'vitest'
import { closedTrade, resultFromEquity } from '../../backtest/testing/result-fixtures.ts'
import { equityReturns, outOfSample, stitchOutOfSample } from './stitch.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2024, 0, 1)
const at = (...offsets: number[]): number[] => offsets.map((d) => T0 + d * DAY)

describe('outOfSample', () => {
  it('keeps the run from the point at tradeFrom on', () => {
    const run = resultFromEquity([100, 100, 100, 110, 99], { times: at(0, 1, 2, 3, 4), initialCapital: 100 })
    const kept = outOfSample(run, T0 + 2 * DAY)
    expect(kept.equity.map((p) => p.equity)).toEqual([100, 110, 99])
    expect(kept.equity[0]!.time).toBe(T0 + 2 * DAY)
  })

  it('restamps the last earlier point when no point falls on tradeFrom', () => {
    const run = resultFromEquity([100, 100, 120], { times: at(0, 2, 4), initialCapital: 100 })
    const kept = outOfSample(run, T0 + 3 * DAY)
    expect(kept.equity.map((p) => [p.time, p.equity])).toEqual([
      [T0 + 3 * DAY, 100],
      [T0 + 4 * DAY, 120],
    ])
  })
})

describe('stitchOutOfSample', () => {
  it('starts each window from the previous ending equity (worked by hand)', () => {
    // Window 1: 1000 → 1100 → 1210 (+10 %, +10 %). Window 2 starts where window 1 ended, at day 2:
    // 1000 → 900 (−10 %), scaled by 1210 / 1000 to 1210 → 1089. Window 3, after a gap, +50 %.
    const one = resultFromEquity([1000, 1100, 1210], { times: at(0, 1, 2), initialCapital: 1000 })
    const two = resultFromEquity([1000, 900], {
      times: at(2, 3),
      initialCapital: 1000,
      trades: [{ ...closedTrade(-100), quantity: 10, fees: 2 }],
    })
    const three = resultFromEquity([1000, 1500], { times: at(5, 6), initialCapital: 1000 })
    const stitched = stitchOutOfSample([one, two, three], 1000)
    expect(stitched.equity.map((p) => p.time)).toEqual(at(0, 1, 2, 3, 5, 6))
    const values = stitched.equity.map((p) => p.equity)
    expect(values[0]).toBe(1000)
    expect(values[1]).toBe(1100)
    expect(values[2]).toBe(1210)
    expect(values[3]).toBeCloseTo(1089, 9)
    expect(values[4]).toBeCloseTo(1089, 9)
    expect(values[5]).toBeCloseTo(1633.5, 9)
    // Money recorded by window 2 is scaled by 1.21, as the larger account would have traded.
    expect(stitched.trades[0]!.pnl).toBeCloseTo(-121, 9)
    expect(stitched.trades[0]!.quantity).toBeCloseTo(12.1, 9)
    expect(stitched.trades[0]!.fees).toBeCloseTo(2.42, 9)
    // The benchmark (the equity itself in these fixtures) is chained the same way.
    expect(stitched.benchmark.at(-1)!.equity).toBeCloseTo(1633.5, 9)
    expect(stitched.initialCapital).toBe(1000)
    expect(stitched.barEvents).toBe(7)
  })

  it('compounds the windows: the total return is the product of theirs', () => {
    const windows = [
      [1000, 1050, 1020],
      [1000, 980, 1100],
      [1000, 1000, 950],
    ].map((values, w) =>
      resultFromEquity(values, { times: at(2 * w, 2 * w + 1, 2 * w + 2), initialCapital: 1000 }),
    )
    const stitched = stitchOutOfSample(windows, 500)
    const product = windows.reduce((p, r) => (p * r.equity.at(-1)!.equity) / r.equity[0]!.equity, 1)
    expect(stitched.equity.at(-1)!.equity / 500).toBeCloseTo(product, 12)
    expect(stitched.equity).toHaveLength(7)
  })

  it('gives per-point returns of the stitched curve', () => {
    const returns = equityReturns([{ equity: 100 }, { equity: 110 }, { equity: 99 }])
    expect(returns).toHaveLength(2)
    expect(returns[0]).toBeCloseTo(0.1, 12)
    expect(returns[1]).toBeCloseTo(-0.1, 12)
  })
})
