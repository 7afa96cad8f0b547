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
})
