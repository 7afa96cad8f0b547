import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defineInstrument, priceToTicks, quantityToLots } from './instrument.ts'
import { gridDecimal, numberToLots, numberToTicks } from './number-grid.ts'

const cents = defineInstrument({
  symbol: 'C',
  venue: 'T',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const satoshis = defineInstrument({
  symbol: 'B',
  venue: 'T',
  assetClass: 'crypto-spot',
  quoteCurrency: 'USD',
  tickSize: '0.00000001',
  lotSize: '0.0001',
})
const quarters = defineInstrument({
  symbol: 'F',
  venue: 'T',
  assetClass: 'future',
  quoteCurrency: 'USD',
  tickSize: '0.25',
  lotSize: '100',
})
const instruments = [cents, satoshis, quarters]

describe('numberToTicks and numberToLots', () => {
  it('read a price as the decimal it prints as, however large: 123456.78 is 12345678 cents either way', () => {
    // Its binary value is 123456.779999999998…; rounding that would take a cent off a sell.
    for (const rounding of ['floor', 'ceil'] as const) {
      expect(numberToTicks(cents, 123456.78, rounding)).toBe(12345678)
      expect(numberToTicks(cents, 98765432.1, rounding)).toBe(9876543210)
      expect(numberToLots(quarters, 123456700, rounding)).toBe(1234567)
    }
  })

  it('decide as the exact decimal rule on the values that sit on or next to a grid line', () => {
    for (const price of [100, 100.01, 0.1 + 0.2, 1.005, 101.49999999999999, 1e-8, 3e-8 - 1e-22, 99.99 * 3]) {
      for (const rounding of ['floor', 'ceil'] as const) {
        for (const instrument of instruments) {
          expect(numberToTicks(instrument, price, rounding)).toBe(
            priceToTicks(instrument, gridDecimal(price), rounding),
          )
        }
      }
    }
    expect(numberToLots(cents, 1234.9999999999998, 'floor')).toBe(1235)
    expect(numberToLots(quarters, 250, 'floor')).toBe(2)
  })

  it('equal the exact rule on any price or volume', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...instruments),
        fc.oneof(
          fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
          fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 100),
        ),
        fc.constantFrom('floor' as const, 'ceil' as const),
        (instrument, value, rounding) => {
          expect(numberToTicks(instrument, value, rounding)).toBe(
            priceToTicks(instrument, gridDecimal(value), rounding),
          )
          expect(numberToLots(instrument, value, rounding)).toBe(
            quantityToLots(instrument, gridDecimal(value), rounding),
          )
        },
      ),
      { numRuns: 20_000 },
    )
  })
})
