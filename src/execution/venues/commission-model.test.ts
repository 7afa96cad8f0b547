import { describe, expect, it } from 'vitest'
import { type PriceTicks, type QuantityLots, defineInstrument } from '../../domain/instrument.ts'
import { ScheduleCommission } from './commission-model.ts'

const stock = defineInstrument({
  symbol: 'S',
  venue: 'PAPER',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const settings = {
  perOrder: 0,
  perUnit: 0,
  basisPoints: 0,
  makerBasisPoints: 0,
  takerBasisPoints: 0,
  tiers: [],
  minimum: 0,
}
const at = (price: number): PriceTicks => Math.round(price * 100) as PriceTicks
const lots = (n: number): QuantityLots => n as QuantityLots

describe('ScheduleCommission', () => {
  it('rounds a maker rebate toward zero and a charge up, in cents', () => {
    const c = new ScheduleCommission({ ...settings, makerBasisPoints: -0.7, takerBasisPoints: 0.7 })
    // 10 × 100.10 = 1001.00; × 0.7 bp = 0.07007: a −0.07 rebate, a 0.08 charge
    expect(c.fee(stock, at(100.1), lots(10), 'maker', true)).toBe(-7n)
    expect(c.fee(stock, at(100.1), lots(10), 'taker', true)).toBe(8n)
  })

  it('charges perOrder on the first fill only and perUnit on every fill', () => {
    const c = new ScheduleCommission({ ...settings, perOrder: 1.5, perUnit: 0.0035 })
    // 1.50 + ⌈3 × 0.0035 = 0.0105⌉ = 1.50 + 0.02; then 0.02
    expect(c.fee(stock, at(50), lots(3), 'taker', true)).toBe(152n)
    expect(c.fee(stock, at(50), lots(3), 'taker', false)).toBe(2n)
  })

  it('picks the highest tier the traded notional has reached before the fill', () => {
    const c = new ScheduleCommission({
      ...settings,
      takerBasisPoints: 10,
      tiers: [
        { fromNotional: 2000, makerBasisPoints: 0, takerBasisPoints: 1 },
        { fromNotional: 1000, makerBasisPoints: 0, takerBasisPoints: 5 },
      ],
    })
    // 1000.00 each: 10 bp (traded 0), 5 bp (traded 1000), 1 bp (traded 2000)
    expect([1, 2, 3].map(() => c.fee(stock, at(100), lots(10), 'taker', true))).toEqual([100n, 50n, 10n])
  })

  it('refuses basis points with more than two decimals, naming the field', () => {
    expect(() => new ScheduleCommission({ ...settings, basisPoints: 0.123 })).toThrow(
      'commission.basisPoints',
    )
  })
})
