import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId, tradeId } from '../domain/ids.ts'
import { type PriceTicks, type QuantityLots, instrumentId } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'
import { AppliedFills, fillFingerprint, sameFill } from './fill-identity.ts'
import type { Fill } from './types.ts'

function fill(venue: string, trade: string, quantity = 3): Fill {
  return {
    venue,
    tradeId: tradeId(trade),
    orderId: orderId('O-1'),
    clientOrderId: clientOrderId('c-1'),
    instrumentId: instrumentId('BTC-USD', 'SIM'),
    side: 'buy',
    price: 100 as PriceTicks,
    quantity: quantity as QuantityLots,
    fee: 5n,
    liquidity: 'taker',
    time: 1_000 as UnixMillis,
  }
}

describe('AppliedFills', () => {
  it('tells the same trade id on two venues apart', () => {
    const applied = new AppliedFills()
    applied.add('sim', 'T-1', fill('sim', 'T-1'))
    expect(applied.has('sim', 'T-1')).toBe(true)
    expect(applied.has('paper', 'T-1')).toBe(false)
    applied.add('paper', 'T-1', fill('paper', 'T-1'))
    expect(applied.size).toBe(2)
  })

  it('compares a repeat with a fill kept as an object or, from a snapshot, as a fingerprint', () => {
    const first = fill('sim', 'T-1')
    const applied = new AppliedFills()
    applied.add('sim', 'T-1', first)
    applied.add('sim', 'T-2', fillFingerprint(fill('sim', 'T-2')))
    expect(sameFill(applied.get('sim', 'T-1')!, fill('sim', 'T-1'))).toBe(true)
    expect(sameFill(applied.get('sim', 'T-1')!, fill('sim', 'T-1', 4))).toBe(false)
    expect(sameFill(applied.get('sim', 'T-2')!, fill('sim', 'T-2'))).toBe(true)
    expect(sameFill(applied.get('sim', 'T-2')!, fill('sim', 'T-2', 4))).toBe(false)
  })

  it('lists every fill as venue, trade id and fingerprint, each venue’s in the order applied', () => {
    const applied = new AppliedFills()
    applied.add('sim', 'T-2', fill('sim', 'T-2'))
    applied.add('paper', 'P-1', fill('paper', 'P-1'))
    applied.add('sim', 'T-1', fill('sim', 'T-1'))
    expect(applied.entries().map(([venue, trade]) => `${venue}/${trade}`)).toEqual([
      'sim/T-2',
      'sim/T-1',
      'paper/P-1',
    ])
    expect(applied.entries()[0]![2]).toBe(fillFingerprint(fill('sim', 'T-2')))
  })

  it('keeps a venue’s own numbering apart from ids that only look like it', () => {
    const applied = new AppliedFills()
    applied.add('paper', 'paper-1', fill('paper', 'paper-1'))
    applied.add('paper', 'paper-2', fill('paper', 'paper-2'))
    expect(applied.has('paper', 'paper-2')).toBe(true)
    expect(applied.has('paper', 'paper-02'), 'a leading zero names another trade').toBe(false)
    expect(applied.has('paper', 'paper-3'), 'not yet issued').toBe(false)
    expect(applied.has('paper', 'paper-0')).toBe(false)
    expect(applied.has('paper', 'paperx2')).toBe(false)
    expect(applied.has('sim', 'paper-1'), 'the venue is part of the key').toBe(false)
    expect(applied.size).toBe(2)
  })

  it('keeps the order applied when a trade id breaks the venue’s sequence', () => {
    const applied = new AppliedFills()
    applied.add('paper', 'paper-1', fill('paper', 'paper-1'))
    applied.add('paper', 'paper-2', fill('paper', 'paper-2'))
    applied.add('paper', 'paper-9', fill('paper', 'paper-9'))
    applied.add('paper', 'paper-3', fill('paper', 'paper-3'))
    expect(applied.get('paper', 'paper-9')).toEqual(fill('paper', 'paper-9'))
    expect(applied.entries().map(([, trade]) => trade)).toEqual(['paper-1', 'paper-2', 'paper-9', 'paper-3'])
    expect(applied.size).toBe(4)
  })

  it('replaces a fill added again under its trade id without counting it twice', () => {
    const applied = new AppliedFills()
    applied.add('paper', 'paper-1', fill('paper', 'paper-1'))
    applied.add('paper', 'paper-1', fingerprint('paper', 'paper-1', 7))
    expect(applied.size).toBe(1)
    expect(applied.get('paper', 'paper-1')).toBe(fingerprint('paper', 'paper-1', 7))
  })

  it('answers like one map keyed by venue and trade id, whatever ids arrive in whatever order', () => {
    const venue = fc.constantFrom('paper', 'sim')
    const id = fc.oneof(
      fc.integer({ min: 0, max: 12 }).map((n) => `-${n}`),
      fc.constantFrom('-01', '-', '-x', '-1x', '1', 'T-1'),
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(venue, id, fc.integer({ min: 1, max: 5 })), { maxLength: 40 }),
        (adds) => {
          const applied = new AppliedFills()
          const model = new Map<string, Map<string, string>>()
          for (const [v, suffix, quantity] of adds) {
            // Mostly the venue's own form (`paper-3`), sometimes another venue's or none.
            const trade = suffix.startsWith('-') ? `${v}${suffix}` : suffix
            const print = fingerprint(v, trade, quantity)
            applied.add(v, trade, print)
            if (!model.has(v)) model.set(v, new Map())
            model.get(v)!.set(trade, print)
          }
          const expected = [...model].flatMap(([v, trades]) => [...trades].map(([t, p]) => [v, t, p]))
          expect(applied.entries()).toEqual(expected)
          expect(applied.size).toBe(expected.length)
          for (const [v, suffix] of adds) {
            for (const probe of [`${v}${suffix}`, `${v}-${adds.length + 1}`, suffix]) {
              expect(applied.get(v, probe)).toBe(model.get(v)?.get(probe))
              expect(applied.has(v, probe)).toBe(model.get(v)?.has(probe) ?? false)
            }
          }
        },
      ),
    )
  })
})

function fingerprint(venue: string, trade: string, quantity: number): string {
  return fillFingerprint(fill(venue, trade, quantity))
}
