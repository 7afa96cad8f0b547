/**
 * The store journal under SIGKILL, as the file journal is tested (jsonl-journal.crash.test.ts): a
 * child appends to the journal in a migrated SQLite file and acknowledges each durable append;
 * the parent kills it at a seeded moment, reopens the journal and checks that nothing
 * acknowledged was lost and every record is intact and numbered contiguously. The runs share one
 * file, so each child also recovers what the previous one left.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SeededRandom } from '../data/simulator/random.ts'
import { runAndKill } from '../execution/journal/testing/crash-harness.ts'
import { sampleRecordCodec, sampleRecordFor } from '../execution/journal/testing/sample-record.ts'
import { migrate } from './migrator.ts'
import { openSqliteDatabase } from './sqlite-database.ts'
import { openStoreJournal } from './store-journal.ts'

const CHILD_SCRIPT = fileURLToPath(new URL('./testing/store-crash-writer.ts', import.meta.url))
const RUNS = 5

describe('the store journal under SIGKILL', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradepulse-store-journal-crash-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it.each(['sync', 'group'] as const)(
    'keeps every acknowledged record, intact and contiguous, through repeated crashes (%s commit)',
    async (mode) => {
      const path = join(dir, `journal-${mode}.db`)
      const db = openSqliteDatabase(path)
      await migrate(db)
      await db.close()
      const random = new SeededRandom(20_261_206)
      let recoveredSeq = 0
      for (let run = 0; run < RUNS; run++) {
        const killAfterAcks = 1 + Math.floor(random.nextFloat() * 120)
        const delayMs = run % 2 === 0 ? 0 : Math.floor(random.nextFloat() * 4)
        const crash = await runAndKill(CHILD_SCRIPT, path, mode, run + 1, killAfterAcks, delayMs)
        const context = `run ${run}: killed after ${killAfterAcks} acks (+${delayMs} ms)`
        expect(crash.signal, context).toBe('SIGKILL')
        expect(crash.finished, `${context}: killed mid-stream`).toBe(false)
        expect(crash.startSeq, `${context}: continued where the last recovery ended`).toBe(recoveredSeq)
        const lastAcknowledged = crash.acknowledged.at(-1)!

        const journal = openStoreJournal(path, { codec: sampleRecordCodec })
        const replay = journal.recovered
        journal.close()
        expect(replay.lastSeq, `${context}: every acknowledged record survived`).toBeGreaterThanOrEqual(
          lastAcknowledged,
        )
        const expected = Array.from({ length: replay.lastSeq }, (_, i) => sampleRecordFor(i + 1))
        expect(replay.records, `${context}: every record intact`).toEqual(expected)
        recoveredSeq = replay.lastSeq
      }
      expect(recoveredSeq, 'the runs wrote a real stream of records').toBeGreaterThan(RUNS)
    },
  )
})
