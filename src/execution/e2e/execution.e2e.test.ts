/**
 * End to end through the execution core, with no external dependency: a scripted strategy sends
 * orders through the risk engine to the simulated exchange, where a market maker and a
 * counterparty provide scripted flow; fills reach the portfolio; the journal rebuilds it all.
 * `make execution-e2e` runs this suite alone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { recoverExecutionCore } from '../execution-core.ts'
import type { JournalRecord } from '../journal-record.ts'
import { journalRecordCodec } from '../journal-record-codec.ts'
import { openJournal, readJournal } from '../journal/jsonl-journal.ts'
import { MemoryJournal } from '../journal/memory-journal.ts'
import type { OrderEvent } from '../order-events.ts'
import { ACME, type Market, ScriptedStrategy, external, openMarket } from './testing/market.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-e2e-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function memoryMarket(risk?: Parameters<typeof openMarket>[0]['risk']): {
  market: Market
  journal: MemoryJournal<JournalRecord>
} {
  const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
  return { market: openMarket({ journal, ...(risk === undefined ? {} : { risk }) }), journal }
}

function events(market: Market): OrderEvent[] {
  const seen: OrderEvent[] = []
  market.core.bus.subscribe('order', (e) => {
    seen.push(e)
  })
  return seen
}

describe('the execution core, end to end', () => {
  it('routes a marketable order to the book, walks two levels and books the fills', () => {
    const { market } = memoryMarket()
    external(market, 'mm', 'sell', 30, 10_000)
    external(market, 'mm', 'sell', 50, 10_005)
    const seen = events(market)
    const result = new ScriptedStrategy(market).limit('buy', 60, 10_005)
    expect(result.ok).toBe(true)
    const order = market.core.manager.order(result.order.orderId)!
    expect(order).toMatchObject({
      status: 'filled',
      filledQuantity: 60,
      filledNotionalTicks: 30n * 10_000n + 30n * 10_005n,
    })
    expect(seen.map((e) => e.kind)).toEqual(['submitted', 'accepted', 'partially-filled', 'filled'])
    // Taker fees at 2 bp: 30 × 100.00 = 3,000.00 → 60 cents; 30 × 100.05 = 3,001.50 → 60.03 → 61 cents.
    const usd = market.core.portfolio.ledger('USD')
    expect(usd.fees).toBe(121n)
    expect(usd.cash).toBe(100_000_000n - (300_000n + 300_150n) - 121n)
    expect(market.core.portfolio.quantity(ACME.id)).toBe(60)
    expect(market.core.portfolio.reconcile().every((r) => r.difference === 0n)).toBe(true)
    expect(market.exchange.engine(ACME.id)!.book.bestAsk()).toBe(10_005)
  })

  it('rests a bid that counterparties fill in parts, then replaces and cancels it', () => {
    const { market } = memoryMarket()
    const strategy = new ScriptedStrategy(market)
    const id = strategy.limit('buy', 40, 9_990).order.orderId
    expect(market.core.manager.order(id)!.status).toBe('accepted')
    external(market, 'taker', 'sell', 25)
    expect(market.core.manager.order(id)).toMatchObject({ status: 'partially-filled', filledQuantity: 25 })
    // Maker rebate 0.5 bp of 2,497.50 = 12.4875 cents, paid as 12.
    expect(market.core.portfolio.ledger('USD').fees).toBe(-12n)
    market.core.manager.replace(id, { quantity: 30 as QuantityLots })
    expect(market.core.manager.order(id)).toMatchObject({
      status: 'replaced',
      quantity: 30,
      filledQuantity: 25,
    })
    external(market, 'taker', 'sell', 10)
    expect(market.core.manager.order(id)).toMatchObject({ status: 'filled', filledQuantity: 30 })
    const second = strategy.limit('buy', 10, 9_980).order.orderId
    market.core.manager.cancel(second)
    expect(market.core.manager.order(second)!.status).toBe('cancelled')
    expect(market.exchange.engine(ACME.id)!.book.size).toBe(0)
  })

  it('lets the risk engine refuse before anything reaches the book', () => {
    const { market } = memoryMarket({ account: { maxOrderQuantity: 1_000, maxPosition: 1_500 } })
    const strategy = new ScriptedStrategy(market)
    expect(strategy.limit('buy', 2_000, 10_000)).toMatchObject({ ok: false, code: 'max-order-quantity' })
    strategy.limit('buy', 900, 10_000)
    expect(strategy.limit('buy', 700, 9_999)).toMatchObject({ ok: false, code: 'max-position' })
    expect(market.exchange.engine(ACME.id)!.book.size).toBe(1)
  })

  it('trips the kill switch on a loss, cancels working orders at the exchange and refuses new ones', () => {
    const { market } = memoryMarket({ account: { maxDailyLoss: 50_000n } }) // $500
    const strategy = new ScriptedStrategy(market)
    external(market, 'mm', 'sell', 100, 10_000)
    strategy.market('buy', 100)
    const resting = strategy.limit('buy', 10, 9_000).order.orderId
    // The market falls $6: the position loses $600.
    external(market, 'mm', 'buy', 5, 9_400)
    external(market, 'taker', 'sell', 5)
    market.core.portfolio.mark(ACME.id, 9_400 as PriceTicks, market.clock.now())
    expect(strategy.limit('buy', 1, 9_400)).toMatchObject({ ok: false, code: 'max-daily-loss' })
    expect(market.core.killSwitch.tripped).toBe(true)
    expect(market.core.manager.order(resting)!.status).toBe('cancelled')
    expect(market.exchange.engine(ACME.id)!.book.bestBid()).toBeUndefined()
    expect(strategy.limit('sell', 1, 9_400)).toMatchObject({ ok: false, code: 'kill-switch' })
    market.core.killSwitch.reset(market.clock.now(), 'risk desk: reviewed')
    expect(market.core.killSwitch.log.map((e) => e.action)).toEqual(['trip', 'reset'])
  })

  it('waits for latency: an order reaches the book 5 ms after it is sent, its report 2 ms later', () => {
    const journal = new MemoryJournal<JournalRecord>()
    const market = openMarket({ journal, submitLatencyMs: 5, reportLatencyMs: 2 })
    const id = new ScriptedStrategy(market).limit('buy', 10, 9_990).order.orderId
    expect(market.exchange.engine(ACME.id)!.book.size).toBe(0)
    const start = market.clock.now()
    market.clock.set(start + 5)
    market.exchange.advanceTo(start + 5)
    expect(market.exchange.engine(ACME.id)!.book.size).toBe(1)
    expect(market.core.manager.order(id)!.status).toBe('pending-new')
    market.clock.set(start + 7)
    market.exchange.advanceTo(start + 7)
    expect(market.core.manager.order(id)).toMatchObject({
      status: 'accepted',
      updatedAt: (start + 7) as UnixMillis,
    })
  })

  it('rebuilds the same orders, positions and cash from its journal, in memory and on disk', () => {
    const path = join(work, 'session.jsonl')
    const file = openJournal(path, { codec: journalRecordCodec })
    const market = openMarket({ journal: file, risk: { account: { maxOrderQuantity: 500 } } })
    const strategy = new ScriptedStrategy(market)
    external(market, 'mm', 'sell', 300, 10_010)
    external(market, 'mm', 'buy', 300, 9_990)
    strategy.limit('buy', 120, 10_010)
    const rest = strategy.limit('sell', 80, 10_020).order.orderId
    external(market, 'taker', 'buy', 200) // 180 from the maker at 100.10, then 20 of ours at 100.20
    strategy.limit('buy', 900, 10_000)
    market.core.manager.replace(rest, { price: 10_015 as PriceTicks })
    strategy.market('sell', 40)
    market.core.manager.cancel(rest)
    file.close()

    const { records, droppedTailBytes } = readJournal(path, journalRecordCodec)
    expect(droppedTailBytes).toBe(0)
    const rebuilt = recoverExecutionCore(
      { ...market.options, journal: new MemoryJournal<JournalRecord>() },
      records,
    )
    expect(rebuilt.manager.orders()).toEqual(market.core.manager.orders())
    expect(rebuilt.portfolio.snapshot()).toEqual(market.core.portfolio.snapshot())
    expect(rebuilt.portfolio.quantity(ACME.id)).toBe(120 - 20 - 40)
    // Replaying twice gives the same state: replay is deterministic.
    const again = recoverExecutionCore(
      { ...market.options, journal: new MemoryJournal<JournalRecord>() },
      records,
    )
    expect(again.portfolio.snapshot()).toEqual(rebuilt.portfolio.snapshot())
  })
})
