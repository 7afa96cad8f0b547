import { describe, expect, it } from 'vitest'
import type { StrategyContext } from '../../strategy/types.ts'
import { runBacktest } from '../engine.ts'
import type { BacktestConfigInput } from '../config.ts'
import type { BacktestResult } from '../result.ts'
import { DAY_MS, type Row, equity, seriesOf } from './testing/bars.ts'
import { scripted } from './testing/scripted-strategy.ts'

const X = equity('X')
const noSlippage = { model: 'none' } as const

/** Runs `act(ctx, index)` on every bar of `rows` (daily bars of X). */
function run(
  rows: readonly Row[],
  config: BacktestConfigInput,
  act: (ctx: StrategyContext, index: number) => void,
): BacktestResult {
  return runBacktest({
    strategy: scripted('act', () => ({
      onBar(ctx, event) {
        act(ctx, event.index)
      },
    })),
    data: [{ instrument: X, series: seriesOf(rows), source: 'rows' }],
    config,
  })
}

function market(ctx: StrategyContext, side: 'buy' | 'sell', quantity: number): void {
  ctx.submit({ instrumentId: X.id, side, type: 'market', quantity })
}

const rising: Row[] = [
  [100, 101, 99, 100.5, 1_000_000],
  [101, 102, 100, 101.5, 1_000_000],
  [102, 103, 101, 102, 1_000_000],
  [103, 104, 102, 103, 1_000_000],
]

describe('commission', () => {
  it('charges per order, per unit and basis points, each rounded up to the cent', () => {
    const result = run(
      rising,
      {
        slippage: noSlippage,
        commission: { perOrder: 1, perUnit: 0.005, basisPoints: 1, takerBasisPoints: 2 },
      },
      (ctx, i) => {
        if (i === 0) market(ctx, 'buy', 10)
      },
    )
    // 1.00 + 10 × 0.005 + ⌈1010 × 3 bp = 0.303⌉ = 1.00 + 0.05 + 0.31
    expect(result.fills.map((f) => [f.price, f.fee, f.liquidity])).toEqual([[101, 1.36, 'taker']])
    expect(result.equity[1]).toEqual({
      time: 2 * DAY_MS,
      equity: 998_988.64 + 1015,
      cash: 998_988.64,
      grossExposure: 1015,
    })
    expect(result.frictions).toEqual({ fees: 1.36, slippage: 0, financing: 0 })
  })

  it('moves to a tier once the notional traded before a fill reaches it, and floors each fill at the minimum', () => {
    const result = run(
      rising,
      {
        slippage: noSlippage,
        commission: {
          basisPoints: 1,
          takerBasisPoints: 2,
          tiers: [{ fromNotional: 1000, makerBasisPoints: 0, takerBasisPoints: 0.5 }],
          minimum: 0.25,
        },
      },
      (ctx, i) => {
        if (i < 2) market(ctx, 'buy', 10)
      },
    )
    // First fill: 1010 × 3 bp = 0.303 → 0.31. Second: 1020 traded after 1010 ≥ 1000, so
    // 1 + 0.5 bp: 0.153 → 0.16, below the minimum 0.25.
    expect(result.fills.map((f) => [f.time, f.price, f.fee])).toEqual([
      [DAY_MS, 101, 0.31],
      [2 * DAY_MS, 102, 0.25],
    ])
    expect(result.trades[0]!.fees).toBe(0.31 + 0.25)
  })
})

describe('slippage', () => {
  const roundTrip = (ctx: StrategyContext, i: number): void => {
    if (i === 0) market(ctx, 'buy', 10)
    if (i === 1) market(ctx, 'sell', 10)
  }

  it('fixed-bps moves a buy up and a sell down, onto the tick grid against the trader', () => {
    const result = run(rising, { slippage: { model: 'fixed-bps', basisPoints: 10 } }, roundTrip)
    // 101 + 0.101 → 101.11; 102 − 0.102 → 101.89; each 0.11 × 10 against the trader.
    expect(result.fills.map((f) => [f.side, f.price, f.slippage])).toEqual([
      ['buy', 101.11, 1.1],
      ['sell', 101.89, 1.1],
    ])
    expect(result.frictions.slippage).toBe(2.2)
    expect(result.trades[0]!.pnl).toBeCloseTo(10 * (101.89 - 101.11), 9)
  })

  it('spread takes half the spread in basis points', () => {
    const result = run(rising, { slippage: { model: 'spread', basisPoints: 5 } }, roundTrip)
    // 101 + 0.0505 → 101.06; 102 − 0.051 → 101.94
    expect(result.fills.map((f) => f.price)).toEqual([101.06, 101.94])
  })

  // Closes 100, 110, 99: returns +10 % and −10 %, σ = 0.1 (population) over a window of 2.
  const volatile: Row[] = [
    [100, 100, 100, 100, 10_000],
    [100, 110, 100, 110, 10_000],
    [110, 110, 99, 99, 10_000],
    [100, 100, 100, 100, 10_000],
  ]

  it('volatility moves by a multiple of σ of the returns known before the fill’s bar', () => {
    const result = run(
      volatile,
      {
        slippage: { model: 'volatility', volatilityMultiple: 0.5, window: 2 },
        liquidity: { participation: 1 },
      },
      (ctx, i) => {
        if (i === 2) market(ctx, 'buy', 100)
      },
    )
    // 100 × 0.5 × 0.1 = 5 above the open
    expect(result.fills.map((f) => [f.price, f.slippage])).toEqual([[105, 500]])
  })

  it('sqrt-impact moves by coefficient × σ × √(quantity / bar volume)', () => {
    const result = run(
      volatile,
      {
        slippage: { model: 'sqrt-impact', impactCoefficient: 1, window: 2 },
        liquidity: { participation: 1 },
      },
      (ctx, i) => {
        if (i === 2) market(ctx, 'buy', 100)
      },
    )
    // 100 × 1 × 0.1 × √(100 / 10000) = 1
    expect(result.fills.map((f) => [f.price, f.slippage])).toEqual([[101, 100]])
  })
})

describe('liquidity', () => {
  const thin: Row[] = [
    [100, 101, 99, 100, 1000],
    [101, 102, 100, 101, 1000],
    [102, 103, 101, 102, 1000],
    [103, 104, 102, 103, 1000],
  ]

  it('caps each bar at participation × volume, shared by orders, the rest carried to later bars', () => {
    const result = run(thin, { slippage: noSlippage, liquidity: { participation: 0.1 } }, (ctx, i) => {
      if (i !== 0) return
      market(ctx, 'buy', 150)
      market(ctx, 'buy', 80)
    })
    // 100 lots a bar: the first order takes bar 1 whole; bar 2 is split 50 / 50; bar 3 ends it.
    // Each fill is at its bar's open (bar i opens on day i).
    expect(result.fills.map((f) => [f.orderId, f.time / DAY_MS, f.price, f.lots])).toEqual([
      ['O-1', 1, 101, 100],
      ['O-1', 2, 102, 50],
      ['O-2', 2, 102, 50],
      ['O-2', 3, 103, 30],
    ])
    expect(result.orders.map((o) => [o.status, o.filledLots])).toEqual([
      ['filled', 150],
      ['filled', 80],
    ])
  })

  const dip: Row[] = [
    [100, 101, 100, 100, 1_000_000],
    [100, 101, 99, 100, 1_000_000],
    [100, 101, 98.5, 100, 1_000_000],
  ]
  const bid = (ctx: StrategyContext, i: number): void => {
    if (i === 0) ctx.submit({ instrumentId: X.id, side: 'buy', type: 'limit', quantity: 10, price: 99 })
  }

  it('fills a limit on a touch of its price under touch', () => {
    const result = run(dip, { slippage: noSlippage, liquidity: { limitFill: 'touch' } }, bid)
    // Bar 1's path 100 → 99 → 101 → 100 touches 99 at the end of its first third.
    expect(result.fills.map((f) => [f.time, f.price, f.liquidity])).toEqual([
      [DAY_MS + DAY_MS / 3, 99, 'maker'],
    ])
  })

  it('fills a limit only when the path trades beyond it under through', () => {
    const result = run(dip, { slippage: noSlippage, liquidity: { limitFill: 'through' } }, bid)
    // Bar 2's path 100 → 98.5 → 101 → 100 passes 99 two thirds of the way down its first third.
    expect(result.fills.map((f) => [f.time, f.price, f.liquidity])).toEqual([
      [2 * DAY_MS + (DAY_MS * 2) / 9, 99, 'maker'],
    ])
  })
})

describe('stops', () => {
  it('fills a stop that the market gaps through at the open, the worse price', () => {
    const rows: Row[] = [
      [100, 100, 100, 100, 1_000_000],
      [100, 101, 99, 100, 1_000_000],
      [93, 94, 92, 93.5, 1_000_000],
    ]
    const result = run(rows, { slippage: noSlippage }, (ctx, i) => {
      if (i === 0) market(ctx, 'buy', 10)
      if (i === 1) ctx.submit({ instrumentId: X.id, side: 'sell', type: 'stop', quantity: 10, stopPrice: 95 })
    })
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 100],
      ['sell', 93],
    ])
    // At the gapped bar's open, the moment the price was there.
    expect(result.trades.map((t) => [t.exitTime, t.pnl])).toEqual([[2 * DAY_MS, -70]])
  })

  // Long 10 from bar 1; a target at 103 (sent first) and a stop at 98 both lie inside bar 2.
  // Ten lots trade per bar, so only the order the path reaches first can fill there.
  function bracket(bar2: Row): BacktestResult {
    const rows: Row[] = [
      [100, 100, 100, 100, 100],
      [100, 100, 100, 100, 100],
      bar2,
      [100, 100, 100, 100, 100],
    ]
    return run(rows, { slippage: noSlippage, liquidity: { participation: 0.1 } }, (ctx, i) => {
      if (i === 0) market(ctx, 'buy', 10)
      if (i === 1) {
        ctx.submit({ instrumentId: X.id, side: 'sell', type: 'limit', quantity: 10, price: 103 })
        ctx.submit({ instrumentId: X.id, side: 'sell', type: 'stop', quantity: 10, stopPrice: 98 })
      }
    })
  }

  it('on an up bar visits the low first: the stop fills, not the target', () => {
    const result = bracket([100, 104, 97, 101, 100])
    // The stop at 98 is two thirds of the way down 100 → 97, the path's first third.
    expect(result.fills.map((f) => [f.time, f.orderId, f.price])).toEqual([
      [DAY_MS, 'O-1', 100],
      [2 * DAY_MS + (DAY_MS * 2) / 9, 'O-3', 98],
    ])
  })

  it('on a down bar visits the high first: the target fills, not the stop', () => {
    const result = bracket([100, 104, 97, 99, 100])
    // The target at 103 is three quarters of the way up 100 → 104, the path's first third.
    expect(result.fills.map((f) => [f.time, f.orderId, f.price])).toEqual([
      [DAY_MS, 'O-1', 100],
      [2 * DAY_MS + DAY_MS / 4, 'O-2', 103],
    ])
  })
})

describe('borrow and risk', () => {
  it('charges borrow daily on the value of a short position, as financing', () => {
    const rows: Row[] = [
      [100, 100, 100, 100, 1_000_000],
      [100, 100, 100, 100, 1_000_000],
      [102, 102, 102, 102, 1_000_000],
      [101, 101, 101, 101, 1_000_000],
    ]
    const result = run(rows, { slippage: noSlippage, borrow: { annualRateBps: 3650 } }, (ctx, i) => {
      if (i === 0) market(ctx, 'sell', 10)
    })
    // 10 bp a day: 0.10 % of 10 × 100 entering day 3, of 10 × 102 entering day 4.
    expect(result.frictions.financing).toBe(2.02)
    expect(result.equity.map((p) => p.equity)).toEqual([
      1_000_000,
      1_000_000,
      1_000_000 - 20 - 1,
      1_000_000 - 10 - 2.02,
    ])
    expect(result.trades[0]!.pnl).toBeCloseTo(-10 - 2.02, 9)
  })

  it('limits each position to maxPositionFraction of the capital at the last close', () => {
    const result = run(rising, { slippage: noSlippage, risk: { maxPositionFraction: 0.001 } }, (ctx, i) => {
      // 0.001 × 1,000,000 / 100.5 → 9 lots
      if (i === 0) {
        market(ctx, 'buy', 10)
        market(ctx, 'buy', 9)
      }
    })
    expect(result.orders.map((o) => [o.lots, o.status, o.reason])).toEqual([
      [10, 'rejected', 'max-position: position would reach 10 (with working orders), the limit is 9'],
      [9, 'filled', null],
    ])
    expect(result.events.map((e) => [e.time, e.kind])).toEqual([[DAY_MS, 'risk-reject']])
  })

  it('trips the kill switch on the drawdown limit and refuses orders after it', () => {
    const rows: Row[] = [
      [100, 100, 100, 100, 1_000_000],
      [100, 100, 100, 100, 1_000_000],
      [98, 98, 98, 98, 1_000_000],
      [99, 99, 99, 99, 1_000_000],
    ]
    const result = run(rows, { slippage: noSlippage, risk: { maxDrawdownFraction: 0.0001 } }, (ctx, i) => {
      if (i === 0) market(ctx, 'buy', 100)
      if (i === 2) market(ctx, 'sell', 100)
    })
    expect(result.events.map((e) => [e.time / DAY_MS, e.kind, e.message])).toEqual([
      [3, 'kill-switch', 'drawdown 20000 exceeds the limit 10000'],
      [3, 'risk-reject', 'act-2 sell 100 X.BACKTEST: kill-switch: the kill switch is tripped'],
    ])
  })
})
