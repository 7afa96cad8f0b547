import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatDecimal } from './decimal.ts'
import {
  type PriceTicks,
  type QuantityLots,
  defineInstrument,
  instrumentId,
  lotsToQuantity,
  notional,
  priceToTicks,
  quantityToLots,
  ticksToNumber,
  ticksToPrice,
} from './instrument.ts'
import { formatMoney } from './money.ts'

const AAPL = defineInstrument({
  symbol: 'AAPL',
  venue: 'XNAS',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const BTC = defineInstrument({
  symbol: 'BTCUSDT',
  venue: 'BINANCE',
  assetClass: 'crypto-spot',
  quoteCurrency: 'USDT',
  tickSize: '0.01',
  lotSize: '0.00001',
  minQuantity: '0.0001',
})
const ES = defineInstrument({
  symbol: 'ESZ6',
  venue: 'XCME',
  assetClass: 'future',
  quoteCurrency: 'USD',
  tickSize: 0.25,
  lotSize: 1,
  multiplier: 50,
})

describe('defineInstrument', () => {
  it('builds the SYMBOL.VENUE id and keeps the grid exact', () => {
    expect(AAPL.id).toBe('AAPL.XNAS')
    expect(formatDecimal(BTC.lotSize)).toBe('0.00001')
    expect(BTC.minLots).toBe(10)
    expect(AAPL.minLots, 'minimum quantity defaults to one lot').toBe(1)
  })

  it('rejects a non-positive grid, a minimum off the lot grid and malformed names', () => {
    const base = {
      symbol: 'X',
      venue: 'V',
      assetClass: 'equity',
      quoteCurrency: 'USD',
      tickSize: '0.01',
      lotSize: '1',
    } as const
    expect(() => defineInstrument({ ...base, tickSize: '0' })).toThrow(/tickSize must be > 0/)
    expect(() => defineInstrument({ ...base, lotSize: '-1' })).toThrow(/lotSize must be > 0/)
    expect(() => defineInstrument({ ...base, minQuantity: '1.5' })).toThrow(
      /minQuantity of X.V 1.5 is not a multiple of 1/,
    )
    expect(() => instrumentId('', 'V')).toThrow(/symbol/)
    expect(() => instrumentId('X', 'v')).toThrow(/venue/)
  })
})

describe('prices and quantities on the grid', () => {
  it('converts on-grid prices exactly, from numbers and from text', () => {
    expect(priceToTicks(AAPL, 187.23)).toBe(18723)
    expect(priceToTicks(AAPL, '187.2300')).toBe(18723)
    expect(priceToTicks(ES, 5012.75)).toBe(20051)
    expect(priceToTicks(AAPL, 0.29), '0.29 / 0.01 is 28.999999999999996 in floats').toBe(29)
  })

  it('refuses an off-grid price unless a rounding rule is named', () => {
    expect(() => priceToTicks(AAPL, 187.234)).toThrow(/price of AAPL.XNAS 187.234 is not a multiple of 0.01/)
    expect(priceToTicks(AAPL, 187.234, 'floor')).toBe(18723)
    expect(priceToTicks(AAPL, 187.234, 'ceil')).toBe(18724)
    expect(priceToTicks(ES, 5012.6, 'half-even')).toBe(20050)
  })

  it('converts quantities to lots and refuses negative or off-grid ones', () => {
    expect(quantityToLots(BTC, '0.12345')).toBe(12345)
    expect(() => quantityToLots(BTC, '0.123456')).toThrow(/not a multiple of 0.00001/)
    expect(quantityToLots(BTC, '0.123456', 'floor')).toBe(12345)
    expect(() => quantityToLots(AAPL, -3)).toThrow(/must be >= 0, was -3/)
  })

  it('refuses counts beyond 2^53', () => {
    expect(() => priceToTicks(AAPL, '1e20')).toThrow(/beyond 2\^53/)
  })

  it('maps ticks and lots back to exact decimals', () => {
    expect(formatDecimal(ticksToPrice(ES, 20051 as PriceTicks))).toBe('5012.75')
    expect(ticksToNumber(AAPL, 18723 as PriceTicks)).toBe(187.23)
    expect(formatDecimal(lotsToQuantity(BTC, 12345 as QuantityLots))).toBe('0.12345')
  })

  it('round-trips any on-grid price through ticks', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (ticks) => {
        const price = ticksToPrice(ES, ticks as PriceTicks)
        expect(priceToTicks(ES, price)).toBe(ticks)
        expect(priceToTicks(ES, formatDecimal(price))).toBe(ticks)
      }),
    )
  })
})

describe('notional', () => {
  it('multiplies price, quantity and multiplier exactly', () => {
    expect(formatMoney(notional(ES, priceToTicks(ES, 5012.75), 3 as QuantityLots))).toBe('751912.50 USD')
    expect(formatMoney(notional(BTC, priceToTicks(BTC, '67123.45'), quantityToLots(BTC, '0.12345')))).toBe(
      '8286.38990250 USDT',
    )
  })

  it('rounds to the ledger unit only by the named rule', () => {
    const odd = defineInstrument({
      symbol: 'X',
      venue: 'V',
      assetClass: 'equity',
      quoteCurrency: 'USD',
      tickSize: '0.001',
      lotSize: '1',
    })
    expect(formatMoney(notional(odd, 1005 as PriceTicks, 1 as QuantityLots))).toBe('1.00 USD')
    expect(formatMoney(notional(odd, 1015 as PriceTicks, 1 as QuantityLots))).toBe('1.02 USD')
    expect(() => notional(odd, 1005 as PriceTicks, 1 as QuantityLots, 'reject')).toThrow(/not exact/)
  })

  it('is additive in quantity: notional(a) + notional(b) = notional(a + b) when no rounding occurs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e7 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        (ticks, a, b) => {
          const p = ticks as PriceTicks
          const sum = notional(BTC, p, a as QuantityLots).units + notional(BTC, p, b as QuantityLots).units
          expect(sum).toBe(notional(BTC, p, (a + b) as QuantityLots).units)
        },
      ),
    )
  })
})
