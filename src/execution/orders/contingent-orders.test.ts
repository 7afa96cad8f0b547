import { describe, expect, it } from 'vitest'
import { clientOrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import { ACME, type Market, external, openMarket } from '../e2e/testing/market.ts'
import { recoverExecutionCore } from '../execution-core.ts'
import type { JournalRecord } from '../journal-record.ts'
import { MemoryJournal } from '../journal/memory-journal.ts'
import type { Side } from '../types.ts'
import { ContingentOrders } from './contingent-orders.ts'
import type { OrderRequest } from './order.ts'

function limit(id: string, side: Side, quantity: number, price: number): OrderRequest {
  return {
    clientOrderId: clientOrderId(id),
    instrumentId: ACME.id,
    side,
    type: 'limit',
    quantity: quantity as QuantityLots,
    price: price as PriceTicks,
    timeInForce: 'GTC',
  }
}

function setup(): { market: Market; contingent: ContingentOrders; journal: MemoryJournal<JournalRecord> } {
  const journal = new MemoryJournal<JournalRecord>()
  const market = openMarket({ journal })
  return { market, contingent: new ContingentOrders(market.core.manager, market.core.bus), journal }
}

function status(market: Market, id: string): string | undefined {
  return market.core.manager.orderByClientId(clientOrderId(id))?.status
}

describe('OCO', () => {
  it('cancels the other order when one fills, even in part', () => {
    const { market, contingent } = setup()
    contingent.oco(limit('buy-dip', 'buy', 10, 9_900), limit('buy-break', 'buy', 10, 9_950))
    expect([status(market, 'buy-dip'), status(market, 'buy-break')]).toEqual(['accepted', 'accepted'])
    external(market, 'taker', 'sell', 4) // hits the better bid, 99.50
    expect(status(market, 'buy-break')).toBe('partially-filled')
    expect(status(market, 'buy-dip')).toBe('cancelled')
  })

  it('cancels the other when one is cancelled', () => {
    const { market, contingent } = setup()
    const { first } = contingent.oco(limit('a', 'buy', 10, 9_900), limit('b', 'sell', 10, 10_100))
    market.core.manager.cancel(first.order.orderId)
    expect(status(market, 'b')).toBe('cancelled')
    expect(contingent.members('oco:a').map((o) => o.status)).toEqual(['cancelled', 'cancelled'])
  })
})

describe('bracket', () => {
  it('protects the entry from its first fill, grows the exits with it, and closes with one of them', () => {
    const { market, contingent } = setup()
    external(market, 'mm', 'sell', 30, 10_000)
    external(market, 'mm', 'sell', 20, 10_002)
    contingent.bracket({
      entry: limit('entry', 'buy', 50, 10_002),
      takeProfit: 10_100 as PriceTicks,
      stopLoss: 9_900 as PriceTicks,
    })
    // The entry filled 30 then 20: the exits were sent at 30 and replaced up to 50.
    expect(status(market, 'entry')).toBe('filled')
    const tp = market.core.manager.orderByClientId(clientOrderId('entry.tp'))!
    const sl = market.core.manager.orderByClientId(clientOrderId('entry.sl'))!
    expect(tp).toMatchObject({ side: 'sell', type: 'limit', price: 10_100, quantity: 50, reduceOnly: true })
    expect(sl).toMatchObject({ side: 'sell', type: 'stop', stopPrice: 9_900, quantity: 50 })
    // Take-profit fills 20: the stop-loss shrinks to the 30 still open.
    external(market, 'taker', 'buy', 20)
    expect(market.core.manager.orderByClientId(clientOrderId('entry.sl'))!.quantity).toBe(30)
    // The rest of the take-profit fills: the stop-loss is cancelled, the position is flat.
    external(market, 'taker', 'buy', 30)
    expect(status(market, 'entry.tp')).toBe('filled')
    expect(status(market, 'entry.sl')).toBe('cancelled')
    expect(market.core.portfolio.quantity(ACME.id)).toBe(0)
  })

  it('sends nothing if the entry never fills', () => {
    const { market, contingent } = setup()
    const entry = contingent.bracket({
      entry: limit('quiet', 'buy', 5, 9_000),
      takeProfit: 9_500 as PriceTicks,
      stopLoss: 8_500 as PriceTicks,
      stopLossLimit: 8_490 as PriceTicks,
    })
    market.core.manager.cancel(entry.order.orderId)
    expect(contingent.members('bracket:quiet').map((o) => o.clientOrderId)).toEqual(['quiet'])
  })

  it('restores its links after a restart and sends the exits a crash left unsent', () => {
    const { market, journal } = setup()
    // A bracket entry journaled and filled, but the process died before its exits were sent:
    // simulated by submitting the entry through the manager alone.
    external(market, 'mm', 'sell', 10, 10_000)
    market.core.manager.submit({
      ...limit('crashed', 'buy', 10, 10_000),
      contingency: {
        kind: 'bracket-entry',
        group: 'bracket:crashed',
        takeProfit: 10_200 as PriceTicks,
        stopLoss: 9_800 as PriceTicks,
      },
    })
    expect(market.core.portfolio.quantity(ACME.id)).toBe(10)
    const restarted = recoverExecutionCore(
      { ...market.options, journal: new MemoryJournal<JournalRecord>() },
      journal.contents().records,
    )
    const contingent = new ContingentOrders(restarted.manager, restarted.bus)
    contingent.rebuild()
    expect(contingent.members('bracket:crashed').map((o) => [o.clientOrderId, o.quantity])).toEqual([
      ['crashed', 10],
      ['crashed.tp', 10],
      ['crashed.sl', 10],
    ])
  })
})
