import { describe, expect, it } from 'vitest'
import type { UnixMillis } from '../../domain/time.ts'
import { currency } from '../../domain/money.ts'
import type { FillRecord, OrderRecord } from '../../backtest/result.ts'
import type { MarketTape } from './market-tape.ts'
import { transactionCosts } from './tca.ts'

const USD = currency('USD')
const ms = (t: number): UnixMillis => t as UnixMillis

// Closes 100, 101, 102, 103 at t = 0, 1000, 2000, 3000 with volumes 10, 20, 30, 40.
const market: MarketTape = new Map([
  ['AAA.XNAS', { times: [0, 1000, 2000, 3000], closes: [100, 101, 102, 103], volumes: [10, 20, 30, 40] }],
])

function order(partial: Partial<OrderRecord> & Pick<OrderRecord, 'orderId' | 'side'>): OrderRecord {
  return {
    clientOrderId: `C-${partial.orderId}`,
    instrumentId: 'AAA.XNAS',
    type: 'market',
    lots: 10,
    price: null,
    stopPrice: null,
    status: 'filled',
    filledLots: 10,
    averagePrice: null,
    createdAt: ms(0),
    updatedAt: ms(0),
    reason: null,
    tag: null,
    ...partial,
  }
}

function fill(
  orderId: string,
  time: number,
  side: 'buy' | 'sell',
  price: number,
  quantity: number,
  fee: number,
  slippage: number,
): FillRecord {
  return {
    time: ms(time),
    instrumentId: 'AAA.XNAS',
    orderId,
    tradeId: `${orderId}-${time}`,
    side,
    price,
    lots: quantity,
    quantity,
    fee,
    slippage,
    liquidity: fee < 0 ? 'maker' : 'taker',
  }
}

// O1: a market buy of 10 submitted at t = 500 (arrival: the close 100 at t = 0), filled 4 @ 101 at
// t = 1000 and 6 @ 102 at t = 2000. O2: a limit sell of 10 submitted at t = 2500 (arrival 102),
// 5 filled @ 103 at t = 3000 with a 0.10 rebate, then cancelled at t = 3500.
const orders = [
  order({ orderId: 'O1', side: 'buy', createdAt: ms(500), updatedAt: ms(2000) }),
  order({
    orderId: 'O2',
    side: 'sell',
    type: 'limit',
    price: 103,
    status: 'canceled',
    filledLots: 5,
    createdAt: ms(2500),
    updatedAt: ms(3500),
  }),
]
const fills = [
  fill('O1', 1000, 'buy', 101, 4, 0.4, 0.04),
  fill('O1', 2000, 'buy', 102, 6, 0.61, 0.06),
  fill('O2', 3000, 'sell', 103, 5, -0.1, 0),
]

describe('transactionCosts', () => {
  const report = transactionCosts({ strategy: 'demo', currency: USD, orders, fills, market })
  const [o1, o2] = report.orders

  it('measures a buy against its arrival price, the interval VWAP and the close', () => {
    // p̄ = (4·101 + 6·102) / 10 = 101.6; shortfall = (101.6 − 100)/100·10⁴ = 160 bps.
    expect(o1?.averagePrice).toBeCloseTo(101.6, 12)
    expect(o1?.arrivalPrice).toBe(100)
    expect(o1?.shortfallBps).toBeCloseTo(160, 9)
    // VWAP over [500, 2000] = (101·20 + 102·30)/50 = 101.6: no slippage against it.
    expect(o1?.vwapSlippageBps).toBeCloseTo(0, 9)
    // The close of the completing bar is 102: (101.6 − 102)/102·10⁴ = −39.2157 bps (better).
    expect(o1?.closeSlippageBps).toBeCloseTo(-39.2156862745098, 9)
    expect(o1?.fillRate).toBe(1)
    expect(o1?.submitToCompleteMs, '2000 − 500').toBe(1500)
    expect(o1?.submitToAcknowledgeMs, 'a run folder records no acknowledgement').toBeNull()
  })

  it('signs a sell the other way: selling above arrival is a gain, a negative shortfall', () => {
    // −(103 − 102)/102·10⁴ = −98.0392 bps.
    expect(o2?.shortfallBps).toBeCloseTo(-98.0392156862745, 9)
    expect(o2?.vwapSlippageBps, 'VWAP over [2500, 3500] is the bar at 3000: 103').toBeCloseTo(0, 9)
    expect(o2?.closeSlippageBps, 'no bar closes at or after the cancel').toBeNull()
    expect(o2?.fillRate).toBe(0.5)
    expect(o2?.submitToCompleteMs, '3500 − 2500').toBe(1000)
  })

  it('keeps fees, rebates and slippage exact in cents', () => {
    expect(o1?.fees, '40 + 61 cents').toBe(101n)
    expect(o1?.slippage, '4 + 6 cents').toBe(10n)
    expect(o2?.rebates).toBe(10n)
    expect(report.total.fees).toBe(101n)
    expect(report.total.rebates).toBe(10n)
  })

  it('prices each fill against its order’s arrival', () => {
    const [f1, f2, f3] = report.fills.map((f) => f.shortfallBps)
    expect(f1, '(101 − 100)/100·10⁴').toBeCloseTo(100, 9)
    expect(f2, '(102 − 100)/100·10⁴').toBeCloseTo(200, 9)
    expect(f3, '−(103 − 102)/102·10⁴').toBeCloseTo(-98.0392156862745, 9)
    expect(report.fills[0]?.feeBps, '0.40 / 404 · 10⁴').toBeCloseTo(9.900990099, 8)
  })

  it('aggregates by dimension, with a notional-weighted shortfall and percentiles', () => {
    // Σ shortfall·notional / Σ notional = (160·1016 − 98.0392·515) / 1531.
    expect(report.total.weightedShortfallBps).toBeCloseTo((160 * 1016 - (10_000 / 102) * 515) / 1531, 9)
    // Two shortfalls, −98.04 and 160: the type-7 median is their midpoint.
    expect(report.total.shortfallBps.p50).toBeCloseTo((160 - 10_000 / 102) / 2, 9)
    expect(report.total.shortfallBps.p90).toBeCloseTo(-10_000 / 102 + 0.9 * (160 + 10_000 / 102), 9)
    expect(report.by.side.map((g) => [g.key, g.orders, g.fills])).toEqual([
      ['buy', 1, 2],
      ['sell', 1, 1],
    ])
    expect(report.by.type.map((g) => g.key)).toEqual(['limit', 'market'])
    expect(report.by.venue.map((g) => g.key)).toEqual(['XNAS'])
    expect(report.by.strategy.map((g) => [g.key, g.notional])).toEqual([['demo', 1531]])
  })

  it('reports a null VWAP when the tape has no volumes', () => {
    const closesOnly: MarketTape = new Map([
      ['AAA.XNAS', { times: [0, 1000, 2000, 3000], closes: [100, 101, 102, 103] }],
    ])
    const plain = transactionCosts({ strategy: 'demo', currency: USD, orders, fills, market: closesOnly })
    expect(plain.orders[0]?.vwapSlippageBps).toBeNull()
    expect(plain.orders[0]?.shortfallBps).toBeCloseTo(160, 9)
  })
})
