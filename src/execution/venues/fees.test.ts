import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type PriceTicks, type QuantityLots, defineInstrument, notional } from '../../domain/instrument.ts'
import { feeUnits, notionalUnitsOf } from './fees.ts'

const btc = defineInstrument({
  symbol: 'BTC-USD',
  venue: 'SIM',
  assetClass: 'crypto-spot',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '0.001',
})

describe('feeUnits', () => {
  it('charges taker fees on the notional in cents, rounded up', () => {
    // 0.001 BTC at 50,000.01 = 50.00001 USD → 5,000 cents (half-even); 10 bp → 5 cents.
    expect(
      feeUnits(btc, 5_000_001 as PriceTicks, 1 as QuantityLots, 'taker', {
        makerBasisPoints: 0,
        takerBasisPoints: 10,
      }),
    ).toBe(5n)
  })

  it('pays maker rebates rounded toward zero', () => {
    expect(
      feeUnits(btc, 5_000_001 as PriceTicks, 1 as QuantityLots, 'maker', {
        makerBasisPoints: -2.5,
        takerBasisPoints: 10,
      }),
    ).toBe(-1n)
  })

  it('is exact for round numbers and zero without a rate', () => {
    expect(
      feeUnits(btc, 10_000_000 as PriceTicks, 1_000 as QuantityLots, 'taker', {
        makerBasisPoints: 0,
        takerBasisPoints: 5,
      }),
    ).toBe(5_000n)
    expect(
      feeUnits(btc, 10_000_000 as PriceTicks, 1_000 as QuantityLots, 'maker', {
        makerBasisPoints: 0,
        takerBasisPoints: 5,
      }),
    ).toBe(0n)
  })
})

describe('notionalUnitsOf', () => {
  const grids = fc.record({
    tickSize: fc.constantFrom('0.01', '0.25', '0.0001', '5', '0.00000001'),
    lotSize: fc.constantFrom('1', '0.001', '100', '0.00000001'),
    multiplier: fc.constantFrom('1', '50', '0.1'),
    quoteCurrency: fc.constantFrom('USD', 'JPY', 'BTC'),
  })

  it('equals the domain notional in minor units, rounded or not, for any grid, price and size', () => {
    fc.assert(
      fc.property(
        grids,
        fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        (grid, ticks, lots) => {
          const instrument = defineInstrument({ symbol: 'X', venue: 'SIM', assetClass: 'future', ...grid })
          expect(notionalUnitsOf(instrument)(ticks as PriceTicks, lots as QuantityLots)).toBe(
            notional(instrument, ticks as PriceTicks, lots as QuantityLots).units,
          )
        },
      ),
      { numRuns: 500 },
    )
  })

  it('is exact where the product of price and size passes 2^53', () => {
    const units = notionalUnitsOf(btc)(9_007_199_254_740_991 as PriceTicks, 1_000 as QuantityLots)
    expect(units).toBe(9_007_199_254_740_991_000n / 1_000n)
  })
})
