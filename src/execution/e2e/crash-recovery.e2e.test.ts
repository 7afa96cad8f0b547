/**
 * A crash at any point loses no acknowledged fill: a child process trades through the whole
 * execution core with a file journal and is killed with SIGKILL mid-stream; the journal is then
 * replayed into a fresh core, which must hold every fill the child acknowledged, with positions
 * equal to the signed sum of the fills and a ledger that reconciles to the unit.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { recoverExecutionCore } from '../execution-core.ts'
import type { JournalRecord } from '../journal-record.ts'
import { journalRecordCodec } from '../journal-record-codec.ts'
import { readJournal } from '../journal/jsonl-journal.ts'
import { MemoryJournal } from '../journal/memory-journal.ts'
import { ACME, openMarket } from './testing/market.ts'

const CHILD = fileURLToPath(new URL('testing/crash-trader.ts', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'tradepulse-crash-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

interface Ack {
  readonly tradeId: string
  readonly side: string
  readonly quantity: number
}

/** Runs the trader until it has acknowledged `killAfter` fills, then kills it. */
function tradeAndKill(path: string, seed: number, killAfter: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, path, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] })
    const acks: Ack[] = []
    let buffered = ''
    let stderr = ''
    let killed = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no ${killAfter} acknowledgements in time; stderr: ${stderr}`))
    }, 30_000)
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const [word, tradeId, side, quantity] = line.split(' ')
        if (word === 'ack' && tradeId !== undefined && side !== undefined) {
          acks.push({ tradeId, side, quantity: Number(quantity) })
        }
      }
      if (!killed && acks.length >= killAfter) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') reject(new Error(`the trader exited on its own; stderr: ${stderr}`))
      else resolve(acks)
    })
  })
}

describe('crash recovery of the execution core', () => {
  it('keeps every acknowledged fill through a SIGKILL at a random moment', async () => {
    for (const [seed, killAfter] of [
      [1, 40],
      [2, 150],
      [3, 400],
    ] as const) {
      const path = join(work, `trader-${seed}.jsonl`)
      const acks = await tradeAndKill(path, seed, killAfter)
      const { records } = readJournal(path, journalRecordCodec)
      const reference = openMarket({ journal: new MemoryJournal<JournalRecord>() })
      const core = recoverExecutionCore(
        { ...reference.options, journal: new MemoryJournal<JournalRecord>() },
        records,
      )
      for (const ack of acks)
        expect(
          core.portfolio.hasTrade(reference.exchange.name, ack.tradeId),
          `seed ${seed}: ${ack.tradeId}`,
        ).toBe(true)
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
})
