import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Instrument, type PriceTicks, defineInstrument, ticksToNumber } from '../../domain/instrument.ts'
import { tickValues } from './tick-values.ts'

function instrument(tickSize: string): Instrument {
  return defineInstrument({
    symbol: 'ABC',
    venue: 'SIM',
    assetClass: 'equity',
    quoteCurrency: 'USD',
    tickSize,
    lotSize: '1',
  })
}

describe('tickValues', () => {
  it('gives the price a decimal tick count spells, not the float product', () => {
    const cents = tickValues(instrument('0.1'))
    expect(cents(3 as PriceTicks), '3 × 0.1 would be 0.30000000000000004').toBe(0.3)
    expect(tickValues(instrument('0.01'))(12_345 as PriceTicks)).toBe(123.45)
    expect(tickValues(instrument('5'))(7 as PriceTicks)).toBe(35)
  })

  it('agrees with the exact decimal rule for every tick count and tick size', () => {
    const tickSize = fc
      .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 12 }))
      .map(([units, scale]) => (units / 10 ** scale).toFixed(scale))
    const ticks = fc.oneof(
      fc.integer({ min: 1, max: 1_000_000_000 }),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    )
    fc.assert(
      fc.property(tickSize, fc.array(ticks, { minLength: 1, maxLength: 20 }), (size, counts) => {
        const i = instrument(size)
        const fast = tickValues(i)
        for (const n of counts) expect(fast(n as PriceTicks)).toBe(ticksToNumber(i, n as PriceTicks))
      }),
      { numRuns: 300 },
    )
  })
})
