import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { InstrumentId, PriceTicks } from '../../domain/instrument.ts'
import type { Side } from '../types.ts'
import { Position } from './position.ts'
import { rational } from './rational.ts'
import { AverageCostBook, FifoBook } from './testing/fifo-reference.ts'
import { AAPL } from './testing/fills.ts'
import { tickLotConverter } from './tick-lot-converter.ts'

const id = 'AAPL.XNAS' as InstrumentId
const px = (ticks: number): PriceTicks => ticks as PriceTicks

describe('Position', () => {
  it('averages the entry price exactly and realises a reduction against it', () => {
    const position = new Position(id)
    position.apply('buy', px(100), 10)
    position.apply('buy', px(110), 10)
    expect(position.averagePrice(), 'buy 10 @ 100 and 10 @ 110').toEqual(rational(105n, 1n))
    const realised = position.apply('sell', px(120), 15)
    expect(realised, 'sell 15 @ 120 realises 15 × (120 − 105)').toBe(225n)
    expect(position.quantity).toBe(5)
    expect(position.averagePrice(), 'the 5 left keep their average').toEqual(rational(105n, 1n))
    expect(position.realisedPnl(tickLotConverter(AAPL)).units, '225 cents').toBe(225n)
  })

  it('keeps an average that is not a whole tick as a fraction', () => {
    const position = new Position(id)
    position.apply('buy', px(100), 1)
    position.apply('buy', px(101), 2)
    expect(position.averagePrice()).toEqual(rational(302n, 3n))
    expect(position.costBasisTickLots).toBe(302n)
  })

  it('rounds a partial reduction at a fractional average half to even, and a full close settles it', () => {
    const position = new Position(id)
    position.apply('buy', px(100), 1)
    position.apply('buy', px(101), 2)
    // The lot closed carries 302/3 = 100.67 ticks of basis, rounded to 101.
    expect(position.apply('sell', px(101), 1)).toBe(0n)
    expect(position.costBasisTickLots).toBe(201n)
    expect(position.apply('sell', px(101), 2), 'the rest closes against all remaining basis').toBe(1n)
    expect(position.realisedTickLots, 'a round trip realises Σ sells − Σ buys exactly').toBe(303n - 302n)
    expect(position.side).toBe('flat')
    expect(position.averagePrice()).toBeUndefined()
  })

  it('flips from long 5 to short 5: the long closes at the fill price, the short opens there', () => {
    const position = new Position(id)
    position.apply('buy', px(100), 5)
    expect(position.apply('sell', px(104), 10), 'closing the long realises 5 × 4').toBe(20n)
    expect(position.quantity).toBe(-5)
    expect(position.side).toBe('short')
    expect(position.averagePrice()).toEqual(rational(104n, 1n))
    expect(position.costBasisTickLots, 'a short basis is negative').toBe(-520n)
  })

  it("makes a short's PnL positive when the price falls", () => {
    const position = new Position(id)
    position.apply('sell', px(200), 3)
    expect(position.unrealisedTickLots(px(190)), '3 × (200 − 190)').toBe(30n)
    expect(position.marketValueTickLots(px(190))).toBe(-570n)
    expect(position.unrealisedPnl(tickLotConverter(AAPL), px(190)).units, '30 cents').toBe(30n)
    expect(position.apply('buy', px(190), 3), 'covering realises the same').toBe(30n)
    expect(position.unrealisedTickLots(px(150))).toBe(0n)
  })

  it('stays exact where a number would not: ten BTC in satoshi lots at 100 000.00', () => {
    const position = new Position(id)
    position.apply('buy', px(10_000_000), 1_000_000_000)
    position.apply('buy', px(10_000_001), 1)
    expect(position.costBasisTickLots).toBe(10_000_000_010_000_001n)
    expect(Number.isSafeInteger(10_000_000 * 1_000_000_000), 'the same sum in a number has left 2^53').toBe(
      false,
    )
    expect(position.apply('sell', px(10_000_002), 1_000_000_001)).toBe(2_000_000_001n)
  })

  it('refuses a fractional, zero or unsafe quantity, a fractional price and an overflowing position', () => {
    const position = new Position(id)
    expect(() => position.apply('buy', px(100), 1.5)).toThrow(/positive whole number of lots/)
    expect(() => position.apply('buy', px(100), 0)).toThrow(/positive whole number of lots/)
    expect(() => position.apply('buy', px(100.5), 1)).toThrow(/whole number of ticks/)
    position.apply('buy', px(1), Number.MAX_SAFE_INTEGER)
    expect(() => position.apply('buy', px(1), 1)).toThrow(/beyond 2\^53/)
    expect(position.quantity, 'a refused fill changes nothing').toBe(Number.MAX_SAFE_INTEGER)
  })

  it('round-trips through a JSON snapshot and refuses a corrupt one', () => {
    const position = new Position(id)
    position.apply('buy', px(100), 1)
    position.apply('buy', px(101), 2)
    position.apply('sell', px(103), 1)
    const copy = Position.restore(
      JSON.parse(JSON.stringify(position.snapshot())) as ReturnType<Position['snapshot']>,
    )
    expect(copy.snapshot()).toEqual(position.snapshot())
    expect(() => Position.restore({ ...position.snapshot(), costBasisTickLots: '1.5' })).toThrow(
      /integer string/,
    )
    expect(() => Position.restore({ ...position.snapshot(), quantity: 0 })).toThrow(
      /flat but has a cost basis/,
    )
  })
})

const trade = fc.record({
  side: fc.constantFrom<Side>('buy', 'sell'),
  quantity: fc.integer({ min: 1, max: 1_000 }),
  price: fc.integer({ min: 1, max: 100_000 }),
})

describe('Position properties', () => {
  it('equals the signed sum of its fills, totals the same PnL as FIFO, and matches exact average cost when flat', () => {
    fc.assert(
      fc.property(
        fc.array(trade, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 100_000 }),
        (trades, mark) => {
          const position = new Position(id)
          const fifo = new FifoBook()
          const exact = new AverageCostBook()
          let signedSum = 0
          let cashTickLots = 0n
          for (const t of trades) {
            const signed = t.side === 'buy' ? t.quantity : -t.quantity
            position.apply(t.side, px(t.price), t.quantity)
            fifo.apply(signed, t.price)
            exact.apply(signed, t.price)
            signedSum += signed
            cashTickLots -= BigInt(signed) * BigInt(t.price)
            expect(position.quantity).toBe(signedSum)
            expect(cashTickLots, 'cash moved = realised − basis').toBe(
              position.realisedTickLots - position.costBasisTickLots,
            )
            expect(position.realisedTickLots + position.unrealisedTickLots(px(mark))).toBe(
              fifo.realised + fifo.open(mark),
            )
            if (position.quantity === 0) {
              expect(position.realisedTickLots, 'flat: all PnL realised, as FIFO').toBe(fifo.realised)
            }
            const { distance, denominator } = exact.twiceScaledDistance(position.realisedTickLots)
            // Each partial reduction since the last flat or flip may round half a tick-lot.
            expect(distance <= BigInt(exact.partialReductions) * denominator).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
