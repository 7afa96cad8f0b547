import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tradeId } from '../../domain/ids.ts'
import { AAPL, fill } from '../portfolio/testing/fills.ts'
import type { Fill } from '../types.ts'
import { TradeIdSequence } from './trade-id-sequence.ts'

function reported(venue: string, id: string): Fill {
  return { ...fill('x', AAPL, 'buy', 1, 100, { venue }), tradeId: tradeId(id) }
}

describe('TradeIdSequence', () => {
  it('numbers trades from 1 under the venue name', () => {
    const ids = new TradeIdSequence('north')
    expect([ids.next(), ids.next(), ids.last]).toEqual(['north-1', 'north-2', 2])
  })

  it('refuses the first id that outgrows the id rules, still checking once it has issued some', () => {
    const venue = 'v'.repeat(60)
    const ids = new TradeIdSequence(venue)
    expect(ids.next()).toBe(`${venue}-1`)
    ids.resume([reported(venue, `${venue}-998`)])
    expect(ids.next(), '64 characters: the longest id allowed').toBe(`${venue}-999`)
    expect(() => ids.next()).toThrow(expect.objectContaining({ code: 'DOMAIN_INVALID_ID' }))
  })

  it('refuses a venue name no trade id may carry, at its first fill', () => {
    const ids = new TradeIdSequence('two words')
    expect(() => ids.next()).toThrow(expect.objectContaining({ code: 'DOMAIN_INVALID_ID' }))
    expect(() => ids.next(), 'and at every fill after').toThrow(
      expect.objectContaining({ code: 'DOMAIN_INVALID_ID' }),
    )
  })

  it("resumes after the highest of its own numbers, ignoring other venues' ids and other forms", () => {
    const ids = new TradeIdSequence('north')
    ids.resume([
      reported('north', 'north-7'),
      reported('north', 'north-12'),
      reported('north', 'north-3'),
      reported('south', 'north-99'),
      reported('north', 'north-40-taker'),
      reported('north', 'north-007'),
      reported('north', 'northeast-50'),
    ])
    expect(ids.next()).toBe('north-13')
  })

  it('never issues an id twice across any number of restarts resumed from the journal', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 10 }),
        (runs, foreign) => {
          // The journal holds every fill of every run, and fills of another venue with look-alike ids.
          const journal: Fill[] = foreign.map((n) => reported('south', `north-${n + 1}`))
          const issued = new Set<string>()
          for (const count of runs) {
            const ids = new TradeIdSequence('north')
            ids.resume(journal)
            for (let i = 0; i < count; i++) {
              const id = ids.next()
              expect(issued.has(id), `${id} issued twice`).toBe(false)
              issued.add(id)
              journal.push(reported('north', id))
            }
          }
          expect(issued.size).toBe(runs.reduce((a, b) => a + b, 0))
        },
      ),
    )
  })
})
