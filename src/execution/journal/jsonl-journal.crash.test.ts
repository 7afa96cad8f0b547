/**
 * The crash test: a child process appends to a journal (`sync` mode, and `batch` mode behind group
 * commit as the service runs it) and acknowledges each durable append on stdout; the parent kills
 * it with SIGKILL at a moment chosen by a seeded generator, recovers the journal, and checks that
 * nothing acknowledged was lost, that every record is intact and numbered contiguously, and that
 * no garbage follows the last record. The runs share one file, so each child also recovers the
 * wreck the previous one left.
 *
 * SIGKILL loses the process, not the page cache, so this proves the write path and the recovery
 * rules, not the disk's honesty about fsync (docs/execution.md, known gaps).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SeededRandom } from '../../data/simulator/random.ts'
import { openJournal, readJournal } from './jsonl-journal.ts'
import { runAndKill } from './testing/crash-harness.ts'
import { sampleRecordCodec, sampleRecordFor } from './testing/sample-record.ts'

const CHILD_SCRIPT = fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url))
const RUNS = 6

describe('JsonlJournal under SIGKILL', () => {
  let dir = ''

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradepulse-journal-crash-'))
  })

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it.each(['sync', 'group'] as const)(
    'keeps every acknowledged record, intact and contiguous, through repeated crashes (%s commit)',
    async (mode) => {
      const path = join(dir, `orders-${mode}.jsonl`)
      const random = new SeededRandom(20_260_611)
      let recoveredSeq = 0
      for (let run = 0; run < RUNS; run++) {
        const killAfterAcks = 1 + Math.floor(random.nextFloat() * 120)
        const delayMs = run % 2 === 0 ? 0 : Math.floor(random.nextFloat() * 4)
        const crash = await runAndKill(CHILD_SCRIPT, path, mode, run + 1, killAfterAcks, delayMs)
        const context = `run ${run}: killed after ${killAfterAcks} acks (+${delayMs} ms)`

        expect(crash.signal, context).toBe('SIGKILL')
        expect(crash.finished, `${context}: killed mid-stream, not after finishing`).toBe(false)
        expect(crash.startSeq, `${context}: the child continued where the last recovery ended`).toBe(
          recoveredSeq,
        )
        expect(crash.acknowledged.length, context).toBeGreaterThanOrEqual(killAfterAcks)
        const lastAcknowledged = crash.acknowledged.at(-1)!

        const replay = readJournal(path, sampleRecordCodec)
        expect(replay.lastSeq, `${context}: every acknowledged record survived`).toBeGreaterThanOrEqual(
          lastAcknowledged,
        )
        // readJournal has already refused any gap, repeat or bad checksum; this checks the contents too.
        const expected = Array.from({ length: replay.lastSeq }, (_, i) => sampleRecordFor(i + 1))
        expect(replay.records, `${context}: every record intact`).toEqual(expected)

        const journal = openJournal(path, { codec: sampleRecordCodec })
        expect(journal.recovered).toEqual(replay)
        journal.close()
        const bytes = readFileSync(path)
        expect(bytes.at(-1), `${context}: the file ends with a whole record`).toBe(0x0a)
        expect(
          readJournal(path, sampleRecordCodec).droppedTailBytes,
          `${context}: no garbage after recovery`,
        ).toBe(0)
        recoveredSeq = replay.lastSeq
      }
      expect(recoveredSeq, 'the runs wrote a real stream of records').toBeGreaterThan(RUNS)
    },
  )
})
