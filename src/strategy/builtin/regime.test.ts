import { describe, expect, it } from 'vitest'
import type { BarSeries } from '../../data/bar-series.ts'
import { readBarsCsv } from '../../data/csv/ingest.ts'
import { ticksToNumber } from '../../domain/instrument.ts'
import { marketPhase, marketPhaseIndicator } from '../../indicators/geometric/market-phase.ts'
import { MARKET_PHASES } from '../../indicators/geometric/market-phase-rules.ts'
import { parseStrategyParams } from '../define.ts'
import { TEST_INSTRUMENT, randomWalkBars, single } from '../testing/bars.ts'
import { type DriverRun, driveStrategy } from '../testing/driver.ts'
import { regime } from './regime.ts'

const CASH = 100_000
const HOLDING = [MARKET_PHASES.indexOf('proto-emergent'), MARKET_PHASES.indexOf('strong-emergent')]

/**
 * Replays the documented rules over the batch market phase of the whole series, with position and
 * equity rebuilt from the run's fills, and checks the run made exactly the orders the rules call
 * for, bar by bar. Returns the number of orders.
 */
function expectDocumentedRules(run: DriverRun, bars: BarSeries, timeframes: string[]): number {
  const p = parseStrategyParams(regime, {})
  const phase = marketPhase(bars.openTime, bars.close, { timeframes })
  const targets = new Map<number, number>()
  for (const d of run.decisions) {
    if (d.action !== 'submit' || d.callback !== 'bar')
      throw new Error(`unexpected ${d.action} in ${d.callback}`)
    targets.set(d.time, d.order.side === 'buy' ? d.order.quantity : -d.order.quantity)
  }
  let cash = CASH
  let position = 0
  let fill = 0
  let target = 0
  let orders = 0
  for (let i = 0; i < bars.length; i++) {
    for (; fill < run.fills.length && run.fills[fill]!.time <= bars.openTime[i]!; fill++) {
      const f = run.fills[fill]!
      const signed = (f.side === 'buy' ? 1 : -1) * f.quantity
      position += signed
      cash -= signed * ticksToNumber(TEST_INSTRUMENT, f.price)
    }
    const close = bars.close[i]!
    const label = phase.phase[i]!
    const trend = phase.trend[i]!
    let wanted: number | undefined
    if (Number.isNaN(label)) wanted = undefined
    else if (!HOLDING.includes(label)) wanted = 0
    else if (Math.abs(trend) >= p.minTrend) {
      const size = p.fraction * phase.confidence[i]! * phase.riskMultiplier[i]!
      wanted = trend > 0 ? Math.floor((size * (cash + position * close)) / close) : 0
    }
    if (wanted !== undefined && wanted === 0 && HOLDING.includes(label) && target > 0 && trend > 0)
      wanted = undefined
    if (
      wanted !== undefined &&
      Math.sign(wanted) === Math.sign(target) &&
      Math.abs(wanted - target) <= p.rebalance * Math.abs(target)
    )
      wanted = undefined
    const ordered = targets.get(bars.knownAt[i]!)
    const expected = wanted === undefined || wanted === position ? undefined : wanted - position
    expect(ordered, `order at bar ${i}`).toBe(expected)
    if (wanted !== undefined) target = wanted
    if (ordered !== undefined) orders++
  }
  return orders
}

describe('regime', () => {
  it('trades the daily S&P 500 by the documented rules with the default parameters', async () => {
    const { series } = await readBarsCsv('data/sp500-2000.csv')
    const run = driveStrategy(regime, {}, single(series), { cash: CASH })
    const timeframes = ['1d', '5d', '15d', '60d']
    const warmup = marketPhaseIndicator.warmup(marketPhaseIndicator.resolve({ timeframes }), series.openTime)
    expect(warmup).toBe(1252)
    expect(run.decisions[0]!.time, 'first order after the warm-up').toBeGreaterThanOrEqual(
      series.knownAt[warmup]!,
    )
    const orders = expectDocumentedRules(run, series, timeframes)
    expect(orders).toBe(run.decisions.length)
    expect(run.fills.some((f) => f.side === 'buy') && run.fills.some((f) => f.side === 'sell')).toBe(true)
  })

  it('picks minute timeframes on minute bars', () => {
    const bars = randomWalkBars(2600, 11, 0.002)
    const run = driveStrategy(regime, {}, single(bars), { cash: CASH })
    const timeframes = ['1m', '5m', '15m', '1h']
    const warmup = marketPhaseIndicator.warmup(marketPhaseIndicator.resolve({ timeframes }), bars.openTime)
    expect(run.decisions.length).toBeGreaterThan(0)
    expect(run.decisions[0]!.time).toBeGreaterThanOrEqual(bars.knownAt[warmup]!)
    expect(expectDocumentedRules(run, bars, timeframes)).toBe(run.decisions.length)
  })
})
