import type { Market } from 'ccxt'
import { describe, expect, it } from 'vitest'
import { formatDecimal } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { DECIMAL_PLACES, TICK_SIZE, marketRules } from './exchange-rules.ts'

function market(fields: Partial<Market>): Market {
  return {
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    type: 'spot',
    precision: { price: 0.01, amount: 0.00001 },
    limits: { amount: { min: 0.0001 }, cost: { min: 5 }, price: {}, leverage: {} },
    ...fields,
  } as Market
}

describe('marketRules', () => {
  it('loads tick, lot, minimum quantity and minimum notional from a tick-size market', () => {
    const rules = marketRules({ 'BTC/USDT': market({}) }, 'BTC/USDT', 'BINANCE', TICK_SIZE)
    const { instrument } = rules
    expect(instrument.id).toBe('BTC/USDT.BINANCE')
    expect(
      [instrument.tickSize, instrument.lotSize, instrument.minQuantity].map((d) => formatDecimal(d)),
    ).toEqual(['0.01', '0.00001', '0.0001'])
    expect(instrument.minLots).toBe(10)
    expect(instrument.quoteCurrency.code).toBe('USDT')
    expect(rules.minNotional === undefined ? undefined : formatDecimal(rules.minNotional)).toBe('5')
  })

  it('reads decimal-places precision as the step it stands for', () => {
    const rules = marketRules(
      { 'ETH/EUR': market({ symbol: 'ETH/EUR', quote: 'EUR', precision: { price: 2, amount: 4 } }) },
      'ETH/EUR',
      'KRAKEN',
      DECIMAL_PLACES,
    )
    expect(formatDecimal(rules.instrument.tickSize)).toBe('0.01')
    expect(formatDecimal(rules.instrument.lotSize)).toBe('0.0001')
  })

  it('refuses a symbol the exchange does not list, or one that is not spot, naming it', () => {
    expect(() => marketRules({}, 'DOGE/USDT', 'BINANCE', TICK_SIZE)).toThrow(
      /DOGE\/USDT is not listed on BINANCE/,
    )
    const swap = { 'BTC/USDT:USDT': market({ symbol: 'BTC/USDT:USDT', type: 'swap' }) }
    expect(() => marketRules(swap, 'BTC/USDT:USDT', 'BINANCE', TICK_SIZE)).toThrow(TradePulseError)
  })
})
