import { describe, expect, it } from 'vitest'
import { runBacktest } from '../../backtest/engine.ts'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { computeMetrics } from '../../backtest/metrics/metrics.ts'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { parseInterval } from '../../domain/time.ts'
import { getStrategy } from '../../strategy/registry.ts'
import { vectorisedSweep } from './sweep.ts'

const universe = simulateUniverse({ assets: 1, bars: 3000, seed: 7, interval: parseInterval('1h') })
const series = universe.series[0]!
const instrument = instrumentForSeries('SIM000', series)

const config: BacktestConfigInput = {
  initialCapital: 100_000,
  fill: 'next-open',
  commission: { basisPoints: 1.5 },
  slippage: { model: 'fixed-bps', basisPoints: 2 },
  liquidity: { participation: 1 },
}

function compare(strategy: string, combos: Record<string, unknown>[]): void {
  const fast = vectorisedSweep({ strategy, series, instrument, combos, frictions: config, keepEquity: true })
  combos.forEach((params, k) => {
    const result = runBacktest({ strategy: getStrategy(strategy), params, data: [{ instrument, series, source: 'sim' }], config })
    const metrics = computeMetrics(result)
    const v = fast[k]!
    console.log(strategy, JSON.stringify(params), v.fills, result.fills.length, v.orders, result.orders.length, v.trades, result.trades.length, v.finalEquity, metrics.strategy.endEquity, v.sharpe, metrics.strategy.sharpe, v.participationExceeded, v.refused)
    expect(v.fills).toBe(result.fills.length)
  })
}

describe('agreement', () => {
  it('ma', () => {
    compare('ma-crossover', [{ fast: 5, slow: 20 }, { fast: 10, slow: 30, average: 'ema', allowShort: true }, { fast: 3, slow: 50, fraction: 0.5, allowShort: true }])
  })
  it('mr', () => {
    compare('mean-reversion', [{}, { allowShort: true, period: 10, multiplier: 1.5 }])
  })
  it('bo', () => {
    compare('breakout', [{}, { allowShort: true, channel: 10, stopAtr: 1.5 }])
  })
})
