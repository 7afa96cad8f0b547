import { describe, expect, it } from 'vitest'
import { clientOrderId, tradeId } from '../domain/ids.ts'
import type { Instrument, PriceTicks, QuantityLots } from '../domain/instrument.ts'
import { money } from '../domain/money.ts'
import { ManualClock } from './clock.ts'
import {
  ACME,
  BOLT,
  CRUX,
  ScriptedStrategy,
  external,
  lastJournaledTime,
  openMarket,
} from './e2e/testing/market.ts'
import { type ExecutionCoreOptions, createExecutionCore, recoverExecutionCore } from './execution-core.ts'
import type { JournalRecord } from './journal-record.ts'
import { journalRecordCodec } from './journal-record-codec.ts'
import { MemoryJournal } from './journal/memory-journal.ts'
import { ScriptedVenue } from './testing/scripted-venue.ts'
import type { Fill } from './types.ts'
import type { ExecutionReport } from './venue.ts'
import { VenueRouter } from './venues/venue-router.ts'

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

  it('books fills of two venues that use the same trade id, and recovers both', () => {
    // Each venue fills every order at once as its trade "1": ids are only unique per venue.
    const answering = (name: string, instrument: Instrument): ScriptedVenue => {
      const venue = new ScriptedVenue(name)
      venue.answer = (command): readonly ExecutionReport[] =>
        command.kind !== 'submit'
          ? []
          : [
              { kind: 'accepted', orderId: command.order.orderId, time: command.order.createdAt },
              {
                kind: 'fill',
                fill: {
                  venue: name,
                  tradeId: tradeId('1'),
                  orderId: command.order.orderId,
                  clientOrderId: command.order.clientOrderId,
                  instrumentId: instrument.id,
                  side: command.order.side,
                  price: command.order.price!,
                  quantity: command.order.quantity,
                  fee: 0n,
                  liquidity: 'taker',
                  time: command.order.createdAt,
                },
              },
            ]
      return venue
    }
    const build = (): ExecutionCoreOptions => {
      const router = new VenueRouter({
        routes: [
          { venue: answering('north', ACME), instruments: [ACME.id] },
          { venue: answering('south', CRUX), instruments: [CRUX.id] },
        ],
      })
      return {
        clock: new ManualClock(0),
        venue: router,
        instruments: [ACME, CRUX],
        initialCash: [money(ACME.quoteCurrency, '10000')],
        accountCurrency: 'USD',
        journal: new MemoryJournal<JournalRecord>({ codec: journalRecordCodec }),
      }
    }
    const options = build()
    const core = createExecutionCore(options)
    for (const [instrument, quantity, price] of [
      [ACME, 2, 10_000],
      [CRUX, 3, 400],
    ] as const) {
      core.manager.submit({
        clientOrderId: clientOrderId(`c-${instrument.symbol}`),
        instrumentId: instrument.id,
        side: 'buy',
        type: 'limit',
        quantity: quantity as QuantityLots,
        price: price as PriceTicks,
        timeInForce: 'GTC',
      })
    }
    expect(core.manager.orders().map((o) => [o.status, o.filledQuantity])).toEqual([
      ['filled', 2],
      ['filled', 3],
    ])
    expect([core.portfolio.quantity(ACME.id), core.portfolio.quantity(CRUX.id)]).toEqual([2, 3])
    expect(core.portfolio.hasTrade('north', '1') && core.portfolio.hasTrade('south', '1')).toBe(true)
    // 2 × 100.00 + 3 × 20.00 USD spent.
    expect(core.portfolio.ledger('USD').cash).toBe(1_000_000n - 20_000n - 6_000n)

    const journal = options.journal as MemoryJournal<JournalRecord>
    const recovered = recoverExecutionCore(build(), journal.contents().records)
    expect(recovered.portfolio.snapshot()).toEqual(core.portfolio.snapshot())
    expect(recovered.manager.orders()).toEqual(core.manager.orders())
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

  it('keeps a tripped kill switch and its log through a restart, refusing orders until the logged reset', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const before = openMarket({ journal })
    before.core.killSwitch.trip(before.clock.now(), 'desk: runaway strategy')
    const after = openMarket({ journal }, journal.contents().records)
    expect(after.core.killSwitch.tripped).toBe(true)
    expect(after.core.killSwitch.log).toEqual(before.core.killSwitch.log)
    external(after, 'mm', 'sell', 50, 10_000)
    const strategy = new ScriptedStrategy(after, 'after-restart')
    expect(strategy.market('buy', 1)).toMatchObject({ ok: false, code: 'kill-switch' })
    after.core.killSwitch.reset(after.clock.now(), 'desk: reviewed')
    expect(strategy.market('buy', 1)).toMatchObject({ ok: true })
    const again = openMarket({ journal: new MemoryJournal<JournalRecord>() }, journal.contents().records)
    expect(again.core.killSwitch.tripped).toBe(false)
    expect(again.core.killSwitch.log.map((e) => [e.action, e.reason])).toEqual([
      ['trip', 'desk: runaway strategy'],
      ['reset', 'desk: reviewed'],
    ])
  })

  it('keeps halted instruments halted through a restart, until trading in them is resumed', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const before = openMarket({ journal, instruments: [ACME, BOLT] })
    before.core.halts.halt(ACME.id, before.clock.now(), 'exchange: news pending')
    before.core.halts.halt(BOLT.id, before.clock.now(), 'exchange: news pending')
    before.core.halts.resume(BOLT.id, before.clock.now(), 'exchange: news out')
    const after = openMarket({ journal, instruments: [ACME, BOLT] }, journal.contents().records)
    expect(after.core.halts.halted).toEqual([ACME.id])
    expect(after.core.halts.log).toEqual(before.core.halts.log)
    external(after, 'mm', 'sell', 5, 10_000, ACME)
    external(after, 'mm', 'sell', 5, 5_000, BOLT)
    const strategy = new ScriptedStrategy(after, 'after-restart')
    expect(strategy.market('buy', 1, ACME)).toMatchObject({ ok: false, code: 'instrument-halted' })
    expect(strategy.market('buy', 1, BOLT)).toMatchObject({ ok: true })
    after.core.halts.resume(ACME.id, after.clock.now(), 'exchange: reopened')
    expect(strategy.market('buy', 1, ACME)).toMatchObject({ ok: true })
    const again = openMarket(
      { journal: new MemoryJournal<JournalRecord>(), instruments: [ACME, BOLT] },
      journal.contents().records,
    )
    expect(again.core.halts.halted).toEqual([])
  })

  it('counts the orders sent just before a restart toward the order rate after it', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const risk = { account: { maxOrdersPerSecond: 2 } }
    const before = openMarket({ journal, risk })
    const first = new ScriptedStrategy(before)
    first.limit('buy', 1, 9_000)
    before.clock.advance(400)
    first.limit('buy', 1, 9_000)
    const records = journal.contents().records
    const after = openMarket({ journal, risk, start: lastJournaledTime(records) + 1 }, records)
    const second = new ScriptedStrategy(after, 'after-restart')
    expect(second.limit('buy', 1, 9_000)).toMatchObject({ ok: false, code: 'order-rate' })
    after.clock.advance(600) // the first order leaves the one-second window
    expect(second.limit('buy', 1, 9_000)).toMatchObject({ ok: true })
  })

  it('keeps risk limits changed at run time through a restart', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const risk = { account: { maxOrderQuantity: 100, maxDailyLoss: 1_000_000n } }
    const before = openMarket({ journal, risk })
    before.core.risk.setLimits(
      'account',
      { maxOrderQuantity: 5, maxDailyLoss: 50_000n },
      before.clock.now(),
      'desk: tighten after a loss',
    )
    const after = openMarket({ journal, risk }, journal.contents().records)
    expect(after.core.risk.limits('account')).toEqual({ maxOrderQuantity: 5, maxDailyLoss: 50_000n })
    expect(after.core.risk.limitsLog).toEqual(before.core.risk.limitsLog)
    external(after, 'mm', 'sell', 50, 10_000)
    expect(new ScriptedStrategy(after, 'after-restart').market('buy', 8)).toMatchObject({
      ok: false,
      code: 'max-order-quantity',
    })
  })

  it('keeps the marks, and so the equity peak, through a restart: a drawdown measured from it trips', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const risk = { account: { maxDrawdown: 50_000n } } // $500
    const before = openMarket({ journal, risk })
    external(before, 'mm', 'sell', 100, 10_000)
    new ScriptedStrategy(before).market('buy', 100)
    before.core.mark(ACME.id, 11_000 as PriceTicks) // +$1,000: the peak
    const peak = before.core.portfolio.ledger('USD').peakEquity
    const after = openMarket({ journal, risk }, journal.contents().records)
    expect(after.core.portfolio.ledger('USD').peakEquity).toBe(peak)
    expect(after.core.portfolio.lastPrice(ACME.id)).toBe(11_000)
    after.core.mark(ACME.id, 10_400 as PriceTicks) // $600 below the peak
    expect(after.core.killSwitch.tripped).toBe(true)
    expect(after.core.killSwitch.log.map((e) => [e.reason, e.automatic])).toEqual([
      ['drawdown 60000 exceeds the limit 50000', true],
    ])
  })

  it('refuses a mark it could not replay before journaling it', () => {
    const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
    const market = openMarket({ journal })
    expect(() => {
      market.core.mark(BOLT.id, 5_000 as PriceTicks)
    }).toThrow('the portfolio does not hold instrument BOLT.SIM')
    expect(() => {
      market.core.mark(ACME.id, 100.5 as PriceTicks)
    }).toThrow('mark of ACME.SIM: price must be a positive whole number of ticks, was 100.5')
    expect(journal.contents().records).toEqual([])
  })
})
