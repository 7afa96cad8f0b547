import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defineInstrument, priceToTicks } from '../../domain/instrument.ts'
import { numberToTicks } from '../../domain/number-grid.ts'
import { TickGrid } from './tick-grid.ts'

const cents = defineInstrument({
  symbol: 'C',
  venue: 'T',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const fine = defineInstrument({
  symbol: 'F',
  venue: 'T',
  assetClass: 'crypto-spot',
  quoteCurrency: 'USD',
  tickSize: '0.00001',
  lotSize: '0.001',
})
const quarter = defineInstrument({
  symbol: 'Q',
  venue: 'T',
  assetClass: 'future',
  quoteCurrency: 'USD',
  tickSize: '0.25',
  lotSize: '1',
  multiplier: 50,
})

/** Prices on the grid, a hair off it either way, and anywhere. */
const prices = (perUnit: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 1, max: 50_000_000 }).map((r) => r / perUnit),
    fc.tuple(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: -3, max: 3 })).map(([r, ulps]) => {
      let x = r / perUnit
      for (let k = 0; k < Math.abs(ulps); k++) x = ulps > 0 ? x + x * Number.EPSILON : x - x * Number.EPSILON
      return x
    }),
    fc.double({ min: 1e-4, max: 9e4, noNaN: true }),
    fc.integer({ min: 1, max: 900_000 }).map((r) => r / 100 - (2 * 0.3) / 100),
  )

describe('TickGrid', () => {
  for (const [instrument, perUnit] of [
    [cents, 100],
    [fine, 100_000],
    [quarter, 4],
  ] as const) {
    const grid = new TickGrid(instrument)
    it(`rounds bar prices exactly as the venue does (tick ${instrument.tickSize.units}e-${instrument.tickSize.scale})`, () => {
      fc.assert(
        fc.property(prices(perUnit), fc.boolean(), (price, up) => {
          expect(grid.barTicks(price, up)).toBe(numberToTicks(instrument, price, up ? 'ceil' : 'floor'))
        }),
        { numRuns: 3000 },
      )
    })
    it(`rounds computed levels exactly as a strategy's priceToTicks does (tick ${instrument.tickSize.units}e-${instrument.tickSize.scale})`, () => {
      fc.assert(
        // Above a cent: the engine's own conversion refuses a number needing more decimals than a Decimal holds.
        fc.property(
          prices(perUnit).filter((p) => p >= 0.01),
          fc.boolean(),
          (price, up) => {
            expect(grid.levelTicks(price, up)).toBe(priceToTicks(instrument, price, up ? 'ceil' : 'floor'))
          },
        ),
        { numRuns: 3000 },
      )
    })
  }

  it('gives back the price of a tick count as the nearest double to the decimal', () => {
    expect(new TickGrid(cents).price(10_001)).toBe(100.01)
    expect(new TickGrid(quarter).price(401)).toBe(100.25)
  })
})
