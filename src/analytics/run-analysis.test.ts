import { describe, expect, it } from 'vitest'
import { twoInstrumentResult } from '../backtest/testing/result-fixtures.ts'
import { currency } from '../domain/money.ts'
import { toMinorUnits } from './money-units.ts'
import { runAttribution, runPositions, runRisk, runTransactionCosts } from './run-analysis.ts'

const result = twoInstrumentResult()
const USD = currency('USD')

describe('analyses of a backtest run', () => {
  it('holds at the end what the fills left open, valued at the last close', () => {
    // The fixture's last AAA long (from bar 280) is still open; BBB ended flat.
    const aaa = result.fills.filter((f) => f.instrumentId === 'AAA.XNAS')
    const net = aaa.reduce((sum, f) => sum + (f.side === 'buy' ? f.quantity : -f.quantity), 0)
    const closes = result.closes['AAA.XNAS']!
    expect(runPositions(result)).toEqual([
      { instrumentId: 'AAA.XNAS', value: net * closes[closes.length - 1]! },
    ])
  })

  it('costs every order: the fixture fills at the close plus 2 bps, so the shortfall is 2 bps', () => {
    const tca = runTransactionCosts(result)
    expect(tca.orders).toHaveLength(result.orders.length)
    for (const order of tca.orders) expect(order.shortfallBps).toBeCloseTo(2, 1)
    const fees = result.fills.reduce((sum, f) => sum + toMinorUnits(f.fee, USD, 'fee'), 0n)
    expect(tca.total.fees).toBe(fees)
  })

  it('attributes the trades’ P&L exactly, by phase as by instrument', () => {
    const attribution = runAttribution(result)
    const total = result.trades.reduce((sum, t) => sum + toMinorUnits(t.pnl, USD, 'pnl'), 0n)
    expect(attribution.total).toBe(total)
    expect(attribution.by.phase.reduce((sum, b) => sum + b.pnl, 0n)).toBe(total)
    expect(attribution.by.instrument.map((b) => b.key)).toEqual(['AAA.XNAS', 'BBB.XNYS'])
  })

  it('measures the equity’s VaR, drawdown and stress on the open position', () => {
    const risk = runRisk(result, { periodsPerYear: 252 })
    expect(risk.var).toHaveLength(12)
    expect(risk.drawdown.maxDrawdown).toBeGreaterThan(0)
    expect(risk.instruments).toEqual(['AAA.XNAS', 'BBB.XNYS'])
    expect(risk.correlation[0]).toBeCloseTo(1, 12)
    const position = runPositions(result)[0]!
    const down10 = risk.stress.find((s) => s.scenario === 'market −10%')!
    expect(down10.pnl).toBe(toMinorUnits(position.value * -0.1, USD, 'pnl'))
    expect(risk.exposure.herfindahl, 'one position').toBe(1)
  })
})
