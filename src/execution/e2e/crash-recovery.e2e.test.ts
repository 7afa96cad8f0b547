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
import { runUntilKilled } from './testing/crash-run.ts'
import { ACME, ScriptedStrategy, external, lastJournaledTime, openMarket } from './testing/market.ts'

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
      const { acks } = await runUntilKilled([path, String(seed)], (run) => run.acks.length >= killAfter)
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
    await runUntilKilled([path, '7', '--trip-after', '25'], (run) => run.lines.includes('tripped'))
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
})
