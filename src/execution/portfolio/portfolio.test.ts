import { describe, expect, it } from 'vitest'
import type { PriceTicks } from '../../domain/instrument.ts'
import { currency, money } from '../../domain/money.ts'
import { MS_PER_DAY, MS_PER_HOUR, type UnixMillis } from '../../domain/time.ts'
import { Portfolio, type PortfolioSnapshot } from './portfolio.ts'
import { rational } from './rational.ts'
import { AAPL, BTC_USD, BTC_USDT, ES, TOYOTA, fill } from './testing/fills.ts'
import { utcTradingDay } from './trading-day.ts'

const USD = currency('USD')
const at = (ms: number): UnixMillis => ms as UnixMillis
const px = (ticks: number): PriceTicks => ticks as PriceTicks

function usdAccount(): Portfolio {
  return new Portfolio({ instruments: [AAPL, ES], initialCash: [money(USD, '10000.00')] })
}

function balanced(portfolio: Portfolio): bigint[] {
  return portfolio.reconcile().map((r) => r.difference)
}

describe('Portfolio', () => {
  it('books buy 10 @ 1.00, buy 10 @ 1.10, sell 15 @ 1.20 in cents', () => {
    const portfolio = usdAccount()
    portfolio.applyFill(fill('t1', AAPL, 'buy', 10, 100))
    portfolio.applyFill(fill('t2', AAPL, 'buy', 10, 110))
    expect(portfolio.position(AAPL.id).averagePrice, 'average 105 ticks').toEqual(rational(105n, 1n))
    const outcome = portfolio.applyFill(fill('t3', AAPL, 'sell', 15, 120))
    expect(outcome.applied && outcome.realisedPnl.units, 'realised 15 × 15 cents').toBe(225n)
    const usd = portfolio.ledger('USD')
    expect(usd.cash, '1 000 000 − 1000 − 1100 + 1800').toBe(999_700n)
    expect(usd.marketValue, '5 shares at 1.20').toBe(600n)
    expect(usd.unrealisedPnl, '5 × (120 − 105)').toBe(75n)
    expect(usd.equity).toBe(1_000_300n)
    expect(balanced(portfolio)).toEqual([0n])
  })

  it('values a futures tick at the multiplier: one ES point is 50 USD', () => {
    const portfolio = usdAccount()
    portfolio.applyFill(fill('t1', ES, 'buy', 2, 20_000)) // 2 contracts at 5000.00
    portfolio.mark(ES.id, px(20_004), at(1)) // up one point
    expect(portfolio.ledger('USD').unrealisedPnl, '2 × 4 ticks × 12.50 USD').toBe(10_000n)
    expect(portfolio.position(ES.id).unrealisedPnl.units).toBe(10_000n)
    expect(balanced(portfolio)).toEqual([0n])
  })

  it('flips from +5 to −5 and realises the long on the way through zero', () => {
    const portfolio = usdAccount()
    portfolio.applyFill(fill('t1', AAPL, 'buy', 5, 100))
    const outcome = portfolio.applyFill(fill('t2', AAPL, 'sell', 10, 104))
    expect(outcome.applied && outcome.realisedPnl.units).toBe(20n)
    const position = portfolio.position(AAPL.id)
    expect(position.quantity).toBe(-5)
    expect(position.side).toBe('short')
    expect(position.averagePrice).toEqual(rational(104n, 1n))
    expect(position.unrealisedTickLots, 'the short opened at the fill price').toBe(0n)
    expect(balanced(portfolio)).toEqual([0n])
  })

  it('shows a short gaining as the price falls, and exposure with its sign', () => {
    const portfolio = usdAccount()
    portfolio.applyFill(fill('t1', AAPL, 'sell', 3, 200))
    portfolio.applyFill(fill('t2', ES, 'buy', 1, 20_000))
    portfolio.mark(AAPL.id, px(190), at(1))
    const usd = portfolio.ledger('USD')
    expect(portfolio.position(AAPL.id).unrealisedPnl.units, '3 × 10 cents').toBe(30n)
    expect(usd.grossExposure, '|−5.70| + 5000.00 points × 50 USD').toBe(570n + 25_000_000n)
    expect(usd.netExposure, '−5.70 + 250 000.00 USD').toBe(-570n + 25_000_000n)
    expect(balanced(portfolio)).toEqual([0n])
  })

  it('credits a maker rebate (a negative fee) to cash', () => {
    const portfolio = usdAccount()
    portfolio.applyFill(fill('t1', AAPL, 'buy', 100, 100, { fee: 25n, liquidity: 'taker' }))
    portfolio.applyFill(fill('t2', AAPL, 'sell', 100, 100, { fee: -5n, liquidity: 'maker' }))
    const usd = portfolio.ledger('USD')
    expect(usd.fees, '25 charged, 5 rebated').toBe(20n)
    expect(usd.cash, 'flat at the same price: only the fees moved cash').toBe(1_000_000n - 20n)
    expect(usd.realisedPnl).toBe(0n)
    expect(usd.dailyPnl, 'PnL is net of fees').toBe(-20n)
    expect(balanced(portfolio)).toEqual([0n])
  })

  it('ignores a fill sent twice and says so; a repeat with other content is a conflict', () => {
    const portfolio = usdAccount()
    const first = fill('t1', AAPL, 'buy', 10, 100, { fee: 3n })
    portfolio.applyFill(first)
    const before = JSON.stringify(portfolio.snapshot().ledgers)
    expect(portfolio.applyFill(first)).toEqual({
      applied: false,
      code: 'duplicate-fill',
      message: 'fill t1 from sim was already applied',
    })
    const changed = portfolio.applyFill({ ...first, quantity: 11 as typeof first.quantity })
    expect(!changed.applied && changed.code).toBe('conflicting-duplicate-fill')
    expect(portfolio.quantity(AAPL.id)).toBe(10)
    expect(JSON.stringify(portfolio.snapshot().ledgers)).toBe(before)
    expect(portfolio.duplicateFills).toBe(2)
    expect(portfolio.hasTrade('sim', 't1')).toBe(true)
  })

  it('keys fills by venue and trade id: the same id from two venues is two fills', () => {
    const portfolio = usdAccount()
    expect(portfolio.applyFill(fill('9', AAPL, 'buy', 10, 100, { venue: 'north' })).applied).toBe(true)
    expect(portfolio.applyFill(fill('9', AAPL, 'buy', 5, 101, { venue: 'south' })).applied).toBe(true)
    expect(portfolio.quantity(AAPL.id)).toBe(15)
    expect(portfolio.hasTrade('north', '9') && portfolio.hasTrade('south', '9')).toBe(true)
    expect(portfolio.hasTrade('west', '9')).toBe(false)
    expect(portfolio.duplicateFills).toBe(0)
  })

  it('keeps USD at 6 decimals when a 0.0001 BTC lot at a 0.01 USD tick is worth a millionth of a dollar', () => {
    const portfolio = new Portfolio({ instruments: [AAPL, BTC_USD], initialCash: [money(USD, '1000.00')] })
    const usd = portfolio.ledger('USD')
    expect(usd.currency.decimals).toBe(6)
    expect(usd.initialCash, '1000 USD in micro-dollars').toBe(1_000_000_000n)
    // 0.0003 BTC at 65 000.01 USD: 19.500003 USD, which no cent amount could hold.
    portfolio.applyFill(fill('t1', BTC_USD, 'buy', 3, 6_500_001, { fee: 2n }))
    expect(usd.cash, 'notional 19.500003 USD, fee 2 cents').toBe(1_000_000_000n - 19_500_003n - 20_000n)
    expect(portfolio.converter(AAPL.id).unitsPerTickLot, 'a cent is 10 000 micro-dollars').toBe(10_000n)
    expect(balanced(portfolio)).toEqual([0n])
  })

  it('keeps one ledger per currency, in code order, each balanced on its own', () => {
    const portfolio = new Portfolio({
      instruments: [TOYOTA, BTC_USDT, AAPL],
      initialCash: [money(currency('JPY'), '1000000'), money(currency('USDT'), '5000')],
    })
    portfolio.applyFill(fill('t1', TOYOTA, 'buy', 2, 2_500)) // 200 shares at 2500 yen
    portfolio.applyFill(fill('t2', BTC_USDT, 'sell', 10, 6_500_000, { fee: 1n }))
    expect(portfolio.ledgers().map((l) => l.currency.code)).toEqual(['JPY', 'USD', 'USDT'])
    expect(portfolio.ledger('JPY').cash).toBe(1_000_000n - 500_000n)
    expect(portfolio.ledger('USDT').cash, '0.0001 BTC at 65 000 USDT, minus 1e-8 fee').toBe(
      500_000_000_000n + 650_000_000n - 1n,
    )
    expect(portfolio.positions().map((p) => p.instrumentId)).toEqual([
      '7203.XTKS',
      'AAPL.XNAS',
      'BTCUSDT.BINANCE',
    ])
    expect(balanced(portfolio)).toEqual([0n, 0n, 0n])
  })

  it('measures daily PnL from the start of the trading day, at a boundary the caller picks', () => {
    // Days start at 22:00 UTC (17:00 New York in winter).
    const portfolio = new Portfolio({
      instruments: [AAPL],
      initialCash: [money(USD, '1000.00')],
      tradingDay: utcTradingDay(22 * MS_PER_HOUR),
    })
    portfolio.applyFill(fill('t1', AAPL, 'buy', 10, 100, { time: 10 * MS_PER_HOUR }))
    portfolio.applyFill(fill('t2', AAPL, 'sell', 5, 110, { time: 21 * MS_PER_HOUR, fee: 1n }))
    const usd = portfolio.ledger('USD')
    expect(usd.dailyRealisedPnl).toBe(50n)
    expect(usd.dailyPnl, 'realised 50 + unrealised 50 − fee 1').toBe(99n)
    portfolio.advanceTo(at(23 * MS_PER_HOUR)) // the next trading day
    expect(usd.dailyPnl).toBe(0n)
    expect(portfolio.tradingDayStart).toBe(22 * MS_PER_HOUR)
    portfolio.mark(AAPL.id, px(90), at(MS_PER_DAY + 1))
    expect(usd.dailyPnl, '5 shares down 20 cents').toBe(-100n)
    expect(usd.dailyRealisedPnl).toBe(0n)
    expect(usd.dailyFees).toBe(0n)
  })

  it('tracks drawdown from the highest equity seen', () => {
    const portfolio = usdAccount()
    portfolio.applyFill(fill('t1', AAPL, 'buy', 100, 100))
    portfolio.mark(AAPL.id, px(130), at(1))
    portfolio.mark(AAPL.id, px(110), at(2))
    const usd = portfolio.ledger('USD')
    expect(usd.peakEquity, '10 000 USD + 100 × 30 cents').toBe(1_003_000n)
    expect(usd.drawdown, '100 × 20 cents below the peak').toBe(2_000n)
    portfolio.mark(AAPL.id, px(140), at(3))
    expect(usd.drawdown, 'a new high clears it').toBe(0n)
  })

  it('rebuilds the same state from a JSON snapshot, duplicates included', () => {
    const options = { instruments: [AAPL, ES, BTC_USD], initialCash: [money(USD, '500.00')] }
    const portfolio = new Portfolio(options)
    portfolio.applyFill(fill('t1', AAPL, 'buy', 10, 100, { fee: 1n, time: 5 }))
    portfolio.applyFill(fill('t2', BTC_USD, 'sell', 7, 6_500_000, { time: 6 }))
    portfolio.mark(AAPL.id, px(97), at(7))
    const text = JSON.stringify(portfolio.snapshot())
    const copy = Portfolio.restore(options, JSON.parse(text) as PortfolioSnapshot)
    expect(JSON.stringify(copy.snapshot())).toBe(text)
    expect(copy.ledger('USD')).toEqual(portfolio.ledger('USD'))
    expect(copy.ledger('USD').unrealisedPnl).toBe(portfolio.ledger('USD').unrealisedPnl)
    expect(copy.applyFill(fill('t1', AAPL, 'buy', 10, 100, { fee: 1n, time: 5 })).applied).toBe(false)
    expect(balanced(copy)).toEqual([0n])
  })

  it('refuses snapshots that do not fit', () => {
    const options = { instruments: [AAPL], initialCash: [money(USD, '500.00')] }
    const snapshot = new Portfolio(options).snapshot()
    expect(() => Portfolio.restore({ instruments: [ES] }, snapshot)).toThrow(/does not match/)
    expect(() => Portfolio.restore(options, { ...snapshot, version: 1 as 2 })).toThrow(/version 1/)
    const stray = { ...snapshot.positions[0]!, instrumentId: 'MSFT.XNAS' }
    expect(() => Portfolio.restore(options, { ...snapshot, positions: [stray] })).toThrow(/does not/)
    const unpriced = { ...snapshot.positions[0]!, quantity: 3, costBasisTickLots: '300' }
    expect(() => Portfolio.restore(options, { ...snapshot, positions: [unpriced] })).toThrow(
      /without a last price/,
    )
    const ledger = { ...snapshot.ledgers[0]!, cash: 'lots' }
    expect(() => Portfolio.restore(options, { ...snapshot, ledgers: [ledger] })).toThrow(/integer string/)
  })

  it('throws on misuse: unknown instruments and currencies, malformed fills, doubled set-up', () => {
    const portfolio = usdAccount()
    expect(() => portfolio.applyFill(fill('t1', BTC_USD, 'buy', 1, 1))).toThrow(/does not hold/)
    expect(() => portfolio.applyFill(fill('t1', AAPL, 'buy', 0, 100))).toThrow(/positive whole number/)
    expect(() => portfolio.applyFill(fill('t1', AAPL, 'buy', 1, 100.5))).toThrow(/whole number of ticks/)
    expect(() => portfolio.applyFill(fill('t1', AAPL, 'buy', 1, 100, { time: 0.5 }))).toThrow(/milliseconds/)
    expect(() => {
      portfolio.mark(AAPL.id, px(Number.NaN), at(0))
    }).toThrow(/whole number of ticks/)
    expect(() => portfolio.ledger('EUR')).toThrow(/no EUR ledger/)
    expect(portfolio.hasTrade('sim', 't1'), 'a refused fill is not remembered').toBe(false)
    expect(() => new Portfolio({ instruments: [AAPL, AAPL] })).toThrow(/listed twice/)
    expect(() => new Portfolio({ instruments: [], initialCash: [money(USD, 1), money(USD, 2)] })).toThrow(
      /USD twice/,
    )
  })
})
