/**
 * The fast path against the event-driven engine, combination by combination, over the same
 * simulated bars and frictions. They agree exactly: the same orders, fills and round trips, the
 * same equity at every bar, so the same Sharpe ratio, drawdown and exposure. Any difference here
 * is a bug in one of the two, not a tolerance to widen.
 */
import { describe, expect, it } from 'vitest'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { runBacktest } from '../../backtest/engine.ts'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import { computeMetrics } from '../../backtest/metrics/metrics.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { parseInterval } from '../../domain/time.ts'
import { getStrategy } from '../../strategy/registry.ts'
import { vectorisedSweep } from './sweep.ts'

// Hourly bars span weekends, so the annualisation is the 24×7 one; 3,000 bars are four months.
const series = simulateUniverse({ assets: 1, bars: 3000, seed: 7, interval: parseInterval('1h') }).series[0]!
const instrument = instrumentForSeries('SIM000', series)

/** Small enough a capital that every order fits in its bar's volume. */
const config: BacktestConfigInput = {
  initialCapital: 100_000,
  fill: 'next-open',
  commission: { basisPoints: 1.5, takerBasisPoints: 0.25 },
  slippage: { model: 'fixed-bps', basisPoints: 2 },
  liquidity: { participation: 1 },
}

function expectAgreement(strategy: string, combos: readonly Record<string, unknown>[], cfg = config): void {
  const fast = vectorisedSweep({ strategy, series, instrument, combos, frictions: cfg, keepEquity: true })
  combos.forEach((params, k) => {
    const result = runBacktest({
      strategy: getStrategy(strategy),
      params,
      data: [{ instrument, series, source: 'simulated' }],
      config: cfg,
    })
    const metrics = computeMetrics(result)
    const v = fast[k]!
    const label = `${strategy} ${JSON.stringify(params)}`
    expect(v.participationExceeded, label).toBe(0)
    expect(v.orders, `${label}: orders`).toBe(result.orders.length)
    expect(v.refused, `${label}: refused`).toBe(result.orders.filter((o) => o.status === 'rejected').length)
    expect(v.fills, `${label}: fills`).toBe(result.fills.length)
    expect(v.trades, `${label}: trades`).toBe(result.trades.length)
    expect(Array.from(v.equity!), `${label}: equity curve`).toEqual(result.equity.map((p) => p.equity))
    expect(v.finalEquity).toBe(metrics.strategy.endEquity)
    expect(v.totalReturn).toBe(metrics.strategy.totalReturn)
    expect(v.sharpe, `${label}: Sharpe`).toBe(metrics.strategy.sharpe)
    expect(v.maxDrawdown).toBe(metrics.strategy.drawdown.maxDrawdown)
    expect(v.exposure).toBe(metrics.exposure)
    expect(v.fees).toBeCloseTo(result.frictions.fees, 9)
    expect(v.slippage).toBeCloseTo(result.frictions.slippage, 9)
  })
}

describe('the fast path against runBacktest', () => {
  it('agrees on moving-average crossovers, SMA and EMA, long-only and long/short', () => {
    expectAgreement('ma-crossover', [
      { fast: 5, slow: 20 },
      { fast: 10, slow: 30, average: 'ema', allowShort: true },
      { fast: 3, slow: 50, fraction: 0.5, allowShort: true },
    ])
  })

  it('agrees while the position limit refuses targets, each waiting for the next change of direction', () => {
    // Equity grows past 1/0.95 of the capital, so a full-size position breaks maxPositionFraction 1.
    const [run] = vectorisedSweep({
      strategy: 'ma-crossover',
      series,
      instrument,
      combos: [{ fast: 10, slow: 30, average: 'ema', allowShort: true }],
      frictions: config,
    })
    expect(run!.refused, 'the case exercises refusals').toBeGreaterThan(50)
    expectAgreement('ma-crossover', [{ fast: 10, slow: 30, average: 'ema', allowShort: true }])
  })

  it('agrees on Bollinger/RSI mean reversion', () => {
    expectAgreement('mean-reversion', [{}, { allowShort: true, period: 10, multiplier: 1.5, rsiPeriod: 7 }])
  })

  it('agrees on the Donchian breakout, its ATR stop walked along the OHLC path', () => {
    expectAgreement('breakout', [
      {},
      { allowShort: true, channel: 10, stopAtr: 1.5 },
      { channel: 40, stopAtr: 0.5 },
    ])
  })

  it('agrees with sparse equity points, no slippage and the OHLC-path fill rule', () => {
    const sparse: BacktestConfigInput = {
      ...config,
      fill: 'ohlc-path',
      slippage: { model: 'none' },
      commission: { basisPoints: 0.75 },
      equityEvery: 24,
    }
    expectAgreement('ma-crossover', [{ fast: 8, slow: 21, allowShort: true }], sparse)
    expectAgreement('breakout', [{ allowShort: true }], sparse)
  })
})
