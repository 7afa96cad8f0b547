import { describe, expect, it } from 'vitest'
import { type PriceTicks, type QuantityLots, defineInstrument } from '../../domain/instrument.ts'
import { feeUnits } from './fees.ts'

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
