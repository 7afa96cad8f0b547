import { describe, expect, it } from 'vitest'
import { currency, money } from '../../domain/money.ts'
import { AAPL, BTC_USD, BTC_USDT, ES, TOYOTA } from './testing/fills.ts'
import {
  ledgerCurrencies,
  roundToCurrency,
  tickLotConverter,
  tickLotValue,
  tickLotsToMoney,
} from './tick-lot-converter.ts'

describe('tickLotValue', () => {
  it('multiplies tick, lot and multiplier exactly, in lowest terms', () => {
    expect(tickLotValue(AAPL), '0.01 USD').toEqual({ units: 1n, scale: 2 })
    expect(tickLotValue(ES), '0.25 × 50 = 12.5 USD').toEqual({ units: 125n, scale: 1 })
    expect(tickLotValue(BTC_USD), '0.01 × 0.0001 USD').toEqual({ units: 1n, scale: 6 })
    expect(tickLotValue(TOYOTA), '1 × 100 JPY').toEqual({ units: 100n, scale: 0 })
  })
})

describe('ledgerCurrencies', () => {
  it('picks, per currency, the finest precision any instrument or balance needs, in code order', () => {
    const ledgers = ledgerCurrencies([TOYOTA, BTC_USD, AAPL, BTC_USDT], [money(currency('EUR'), '1')])
    expect(ledgers.map((c) => `${c.code}/${c.decimals}`)).toEqual(['EUR/2', 'JPY/0', 'USD/6', 'USDT/8'])
  })
})

describe('tickLotConverter', () => {
  it('converts with an integer multiplier in the ledger currency', () => {
    expect(tickLotConverter(AAPL).unitsPerTickLot, 'one cent').toBe(1n)
    expect(tickLotConverter(ES).unitsPerTickLot, '12.50 USD in cents').toBe(1250n)
    expect(tickLotConverter(AAPL, currency('USD', 6)).unitsPerTickLot).toBe(10_000n)
    expect(tickLotConverter(BTC_USDT).unitsPerTickLot, '1e-7 USDT in 1e-8 units').toBe(10n)
    expect(tickLotsToMoney(tickLotConverter(ES), -3n)).toEqual(money(currency('USD'), '-37.50'))
  })

  it('refuses a ledger too coarse to hold one tick-lot, or in another currency', () => {
    expect(() => tickLotConverter(BTC_USD)).toThrow(/0\.000001 USD.*at least 6/)
    expect(() => tickLotConverter(AAPL, currency('EUR'))).toThrow(/quoted in USD, not EUR/)
  })
})

describe('roundToCurrency', () => {
  it('brings a fine ledger figure back to cents by a named rule, or refuses to guess', () => {
    const fine = tickLotsToMoney(tickLotConverter(BTC_USD, currency('USD', 6)), 19_500_003n)
    expect(roundToCurrency(fine, currency('USD'), 'half-even')).toEqual(money(currency('USD'), '19.50'))
    expect(roundToCurrency(fine, currency('USD'), 'ceil')).toEqual(money(currency('USD'), '19.51'))
    expect(() => roundToCurrency(fine, currency('USD'))).toThrow(/not exact/)
    expect(() => roundToCurrency(fine, currency('EUR'))).toThrow(/USD in EUR/)
  })
})
