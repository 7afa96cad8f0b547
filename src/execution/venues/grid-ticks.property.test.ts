import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Instrument, defineInstrument } from '../../domain/instrument.ts'
import { numberToTicks } from '../../domain/number-grid.ts'
import { gridTicks } from './grid-ticks.ts'

const withTick = (tickSize: string): Instrument =>
  defineInstrument({
    symbol: 'X',
    venue: 'PAPER',
    assetClass: 'equity',
    quoteCurrency: 'USD',
    tickSize,
    lotSize: '1',
  })

const TICKS = ['0.01', '0.05', '0.25', '1', '5', '0.0001', '0.00000001', '0.000000000001', '0.0000000000001']

describe('gridTicks', () => {
  it('gives numberToTicks’s answer for prices on the grid, near it and between, on either side of 8192', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TICKS),
        fc.integer({ min: 1, max: 2_000_000_000 }),
        fc.constantFrom(0, 1e-13, -1e-13, 4e-13, -4e-13, 6e-13, -6e-13, 1e-9, 0.3, 0.5),
        fc.constantFrom('floor' as const, 'ceil' as const),
        (tickSize, n, nudge, rounding) => {
          const instrument = withTick(tickSize)
          const price = n * Number(tickSize) + nudge
          if (!(price > 0)) return
          expect(gridTicks(instrument)(price, rounding), `${price} on ${tickSize}`).toBe(
            numberToTicks(instrument, price, rounding),
          )
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('answers prices parsed from text on the grid with their tick count, rounding either way', () => {
    const cents = gridTicks(withTick('0.01'))
    for (const [text, ticks] of [
      ['100.37', 10_037],
      ['0.07', 7],
      ['8191.99', 819_199],
    ] as const) {
      expect(cents(Number(text), 'floor'), text).toBe(ticks)
      expect(cents(Number(text), 'ceil'), text).toBe(ticks)
    }
  })

  it('rounds a price off the grid against the trader, as numberToTicks does', () => {
    const cents = gridTicks(withTick('0.01'))
    expect(cents(100.374, 'floor')).toBe(10_037)
    expect(cents(100.374, 'ceil')).toBe(10_038)
  })
})
