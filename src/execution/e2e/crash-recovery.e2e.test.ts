/**
 * A crash at any point loses no acknowledged fill and no state that governs trading: a child
 * process trades through the whole execution core with a file journal and is killed with SIGKILL
 * mid-stream; the journal is then replayed into a fresh core, which must hold every fill the
 * child acknowledged, with positions equal to the signed sum of the fills and a ledger that
 * reconciles to the unit — and a kill switch tripped before the crash still tripped.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { JournalRecord } from '../journal-record.ts'
import { journalRecordCodec } from '../journal-record-codec.ts'
import { readJournal } from '../journal/jsonl-journal.ts'
import { MemoryJournal } from '../journal/memory-journal.ts'
import type { Fill } from '../types.ts'
import { type Ack, runUntilKilled as run } from './testing/crash-run.ts'
import {
  ACME,
  CRUX,
  ScriptedStrategy,
  TWO_VENUES,
  external,
  lastJournaledTime,
  openMarket,
} from './testing/market.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-crash-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('crash recovery of the execution core', () => {
  it('keeps every acknowledged fill through a SIGKILL at a random moment', async () => {
    for (const [seed, killAfter] of [
      [1, 40],
      [2, 150],
      [3, 400],
    ] as const) {
      const path = join(work, `trader-${seed}.jsonl`)
      const { acks } = await run([path, String(seed)], (run) => run.acks.length >= killAfter)
      const { records } = readJournal(path, journalRecordCodec)
      const core = openMarket({ journal: new MemoryJournal<JournalRecord>() }, records).core
      for (const ack of acks)
        expect(core.portfolio.hasTrade(ack.venue, ack.tradeId), `seed ${seed}: ${ack.tradeId}`).toBe(true)
      const journaledFills = records.flatMap((r) =>
        r.type === 'report' && r.report.kind === 'fill' ? [r.report.fill] : [],
      )
      expect(journaledFills.length).toBeGreaterThanOrEqual(acks.length)
      const position = journaledFills.reduce((sum, f) => sum + (f.side === 'buy' ? 1 : -1) * f.quantity, 0)
      expect(core.portfolio.quantity(ACME.id)).toBe(position)
      expect(core.portfolio.reconcile().map((r) => r.difference)).toEqual([0n])
      for (const order of core.manager.orders())
        expect(order.filledQuantity).toBeLessThanOrEqual(order.quantity)
    }
  })

  it('keeps a kill switch tripped before a SIGKILL tripped after recovery, until the logged reset', async () => {
    const path = join(work, 'kill-switch.jsonl')
    // Killed once it has said so: the trip is journaled by then, and the trader is still running.
    await run([path, '7', '--trip-after', '25'], (run) => run.lines.includes('tripped'))
    const { records } = readJournal(path, journalRecordCodec)
    const market = openMarket(
      { journal: new MemoryJournal<JournalRecord>(), start: lastJournaledTime(records) + 1 },
      records,
    )
    const { killSwitch, manager } = market.core
    expect(killSwitch.tripped).toBe(true)
    expect(killSwitch.log.map((e) => [e.action, e.reason, e.automatic])).toEqual([
      ['trip', 'crash test: tripped after 25 fills', false],
    ])
    expect(manager.workingOrders(), 'the trip cancelled every working order').toEqual([])

    external(market, 'mm', 'sell', 20, 10_001)
    external(market, 'mm', 'buy', 20, 9_999)
    const strategy = new ScriptedStrategy(market, 'after-crash')
    expect(strategy.market('buy', 2)).toMatchObject({ ok: false, code: 'kill-switch' })
    expect(strategy.limit('sell', 2, 10_005)).toMatchObject({ ok: false, code: 'kill-switch' })
    killSwitch.reset(market.clock.now(), 'risk desk: crash reviewed')
    const after = strategy.market('buy', 2)
    expect(after).toMatchObject({ ok: true })
    expect(manager.order(after.order.orderId)).toMatchObject({ status: 'filled', filledQuantity: 2 })
  })

  it('two venues, three instruments, SIGKILL, recovery, trading on: the fills and the journal agree exactly', async () => {
    const path = join(work, 'two-venues.jsonl')
    const key = (fill: { readonly venue: string; readonly tradeId: string }): string =>
      `${fill.venue} ${fill.tradeId}`
    const fillsOf = (records: readonly JournalRecord[]): Fill[] =>
      records.flatMap((r) => (r.type === 'report' && r.report.kind === 'fill' ? [r.report.fill] : []))

    const first = await run([path, '11', '--two-venues'], (r) => r.acks.length >= 120)
    const beforeRecovery = new Set(fillsOf(readJournal(path, journalRecordCodec).records).map(key))
    // A second trader recovers from the same file, trades on, appending to it, and is killed too.
    const second = await run([path, '12', '--two-venues', '--resume'], (r) => r.acks.length >= 120)
    const acks: readonly Ack[] = [...first.acks, ...second.acks]
    for (const [name, r] of [
      ['first', first],
      ['second', second],
    ] as const) {
      expect(new Set(r.acks.map((a) => a.venue)), `${name} run traded on both venues`).toEqual(
        new Set(['xa', 'xb']),
      )
      expect(new Set(r.acks.map((a) => a.instrumentId)).size, `${name} run traded all three`).toBe(3)
    }
    for (const ack of second.acks)
      expect(beforeRecovery.has(key(ack)), `${key(ack)} was used before the recovery`).toBe(false)

    const { records } = readJournal(path, journalRecordCodec)
    const journaled = fillsOf(records)
    expect(new Set(journaled.map(key)).size, 'no trade id is journaled twice').toBe(journaled.length)
    const byKey = new Map(journaled.map((f) => [key(f), f]))
    for (const ack of acks) {
      const fill = byKey.get(key(ack))
      expect(fill, `${key(ack)} acknowledged but not journaled`).toBeDefined()
      expect([fill!.instrumentId, fill!.side, fill!.quantity, fill!.price, fill!.fee]).toEqual([
        ack.instrumentId,
        ack.side,
        ack.quantity,
        ack.price,
        ack.fee,
      ])
    }

    const market = openMarket(
      {
        journal: new MemoryJournal<JournalRecord>(),
        venues: TWO_VENUES,
        start: lastJournaledTime(records) + 1,
      },
      records,
    )
    const { portfolio, manager } = market.core
    for (const ack of acks) expect(portfolio.hasTrade(ack.venue, ack.tradeId), key(ack)).toBe(true)
    expect(portfolio.duplicateFills).toBe(0)
    expect(manager.orders().filter((o) => o.flag !== undefined)).toEqual([])
    let cash = 100_000_000n // 1,000,000.00 USD
    let fees = 0n
    for (const instrument of market.instruments) {
      const own = journaled.filter((f) => f.instrumentId === instrument.id)
      const signed = (f: Fill): number => (f.side === 'buy' ? 1 : -1) * f.quantity
      expect(portfolio.quantity(instrument.id), instrument.id).toBe(
        own.reduce((sum, f) => sum + signed(f), 0),
      )
      const unitsPerTickLot = portfolio.converter(instrument.id).unitsPerTickLot
      for (const f of own) {
        cash -= BigInt(signed(f)) * BigInt(f.price) * unitsPerTickLot + f.fee
        fees += f.fee
      }
    }
    const usd = portfolio.ledger('USD')
    expect([usd.cash, usd.fees]).toEqual([cash, fees])
    expect(portfolio.reconcile().map((r) => r.difference)).toEqual([0n])

    // And trading goes on in this process, under ids no one has used.
    const booked: Fill[] = []
    market.core.bus.subscribe('fill', (f) => booked.push(f))
    external(market, 'mm', 'sell', 20, 401, CRUX)
    const crux = portfolio.quantity(CRUX.id)
    const order = new ScriptedStrategy(market, 'parent').market('buy', 3, CRUX).order.orderId
    expect(manager.order(order)).toMatchObject({ status: 'filled', filledQuantity: 3 })
    expect(portfolio.quantity(CRUX.id)).toBe(crux + 3)
    expect(booked).toHaveLength(1)
    expect(byKey.has(key(booked[0]!))).toBe(false)
    expect(booked[0]!.tradeId).toMatch(/^xb-\d+$/)
  })
})
