import { describe, expect, it } from 'vitest'
import { ACME, BOLT, ScriptedStrategy, external, openMarket } from './e2e/testing/market.ts'
import type { JournalRecord } from './journal-record.ts'
import { journalRecordCodec } from './journal-record-codec.ts'
import { MemoryJournal } from './journal/memory-journal.ts'
import type { Fill } from './types.ts'

function fills(market: ReturnType<typeof openMarket>): Fill[] {
  const seen: Fill[] = []
  market.core.bus.subscribe('fill', (f) => {
    seen.push(f)
  })
  return seen
}

describe('the execution core', () => {
  it('books the fills of two instruments on one exchange, whose books trade in step', () => {
    const market = openMarket({
      journal: new MemoryJournal<JournalRecord>({ codec: journalRecordCodec }),
      instruments: [ACME, BOLT],
    })
    const booked = fills(market)
    external(market, 'mm', 'sell', 10, 10_000, ACME)
    external(market, 'mm', 'sell', 10, 5_000, BOLT)
    const strategy = new ScriptedStrategy(market)
    const a = strategy.market('buy', 3, ACME).order.orderId
    const b = strategy.market('buy', 4, BOLT).order.orderId
    expect(market.core.manager.order(a)).toMatchObject({ status: 'filled', filledQuantity: 3 })
    expect(market.core.manager.order(b)).toMatchObject({ status: 'filled', filledQuantity: 4 })
    expect(market.core.portfolio.quantity(ACME.id)).toBe(3)
    expect(market.core.portfolio.quantity(BOLT.id)).toBe(4)
    expect(booked.map((f) => f.tradeId)).toEqual(['simulated-1', 'simulated-2'])
  })

  it('trades on after a restart with trade ids the journal has not seen', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const instruments = [ACME, BOLT]
    const before = openMarket({ journal, instruments })
    external(before, 'mm', 'sell', 10, 10_000, ACME)
    external(before, 'mm', 'sell', 10, 5_000, BOLT)
    new ScriptedStrategy(before).market('buy', 2, ACME)
    new ScriptedStrategy(before, 'second').market('buy', 3, BOLT)

    const after = openMarket({ journal, instruments }, journal.contents().records)
    const booked = fills(after)
    const events: string[] = []
    after.core.bus.subscribe('order', (e) => events.push(e.kind))
    external(after, 'mm', 'sell', 10, 10_000, ACME)
    const again = new ScriptedStrategy(after, 'after-restart').market('buy', 4, ACME).order.orderId
    expect(booked.map((f) => [f.venue, f.tradeId])).toEqual([['simulated', 'simulated-3']])
    expect(after.core.manager.order(again)).toMatchObject({ status: 'filled', filledQuantity: 4 })
    expect(events).toEqual(['submitted', 'accepted', 'filled'])
    expect(after.core.portfolio.quantity(ACME.id)).toBe(6)
    expect(after.core.portfolio.quantity(BOLT.id)).toBe(3)

    const replayed = openMarket(
      { journal: new MemoryJournal<JournalRecord>(), instruments },
      journal.contents().records,
    )
    expect(replayed.core.portfolio.snapshot()).toEqual(after.core.portfolio.snapshot())
    expect(replayed.core.manager.orders()).toEqual(after.core.manager.orders())
  })
})
