import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { TradePulseError } from '../../domain/errors.ts'
import { orderId } from '../../domain/ids.ts'
import type { Durability } from './journal.ts'
import { encodeRecordLine } from './journal-format.ts'
import { openJournal, readJournal, type JsonlJournal } from './jsonl-journal.ts'
import { journalContract } from './testing/journal-contract.ts'
import { sampleRecordCodec, sampleRecordFor, type SampleRecord } from './testing/sample-record.ts'

let dir = ''
let fileCount = 0
let opened: JsonlJournal<SampleRecord>[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradepulse-journal-'))
  opened = []
})

afterEach(() => {
  for (const journal of opened) journal.close()
  rmSync(dir, { recursive: true, force: true })
})

function freshPath(): string {
  fileCount++
  return join(dir, `journal-${fileCount}.jsonl`)
}

function open(path: string, durability: Durability = 'sync'): JsonlJournal<SampleRecord> {
  const journal = openJournal(path, { codec: sampleRecordCodec, durability })
  opened.push(journal)
  return journal
}

function read(path: string): ReturnType<typeof readJournal<SampleRecord>> {
  return readJournal(path, sampleRecordCodec)
}

/** Writes records 1..count with the journal and returns the file's bytes and where the last line starts. */
function writtenJournal(records: readonly SampleRecord[]): { bytes: Buffer; lastLineStart: number } {
  const path = freshPath()
  const journal = open(path)
  journal.appendBatch(records.slice(0, -1))
  const lastLineStart = statSync(path).size
  journal.append(records.at(-1)!)
  journal.close()
  return { bytes: readFileSync(path), lastLineStart }
}

function thrown(action: () => unknown): TradePulseError {
  try {
    action()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

/** JSON has no negative zero (the contract test shows -0 reading back as 0), so generated details avoid it. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0
  if (Array.isArray(value)) return value.map(withoutNegativeZero)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNegativeZero(item)]))
  }
  return value
}

const anyRecord: fc.Arbitrary<SampleRecord> = fc.record({
  orderId: fc.stringMatching(/^[\x21-\x7e]{1,64}$/).map(orderId),
  amount: fc.bigInt(),
  detail: fc.jsonValue().map(withoutNegativeZero),
})

for (const durability of ['sync', 'batch'] as const) {
  journalContract(`JsonlJournal, ${durability}`, () => {
    const path = freshPath()
    return { journal: open(path, durability), contents: () => read(path) }
  })
}

describe('JsonlJournal', () => {
  it('round-trips any records exactly, numbered contiguously, whether appended singly or in batches', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyRecord, { maxLength: 5 }), { maxLength: 8 }), (batches) => {
        const path = freshPath()
        const journal = open(path)
        const expected: SampleRecord[] = []
        for (const batch of batches) {
          const seq = batch.length === 1 ? journal.append(batch[0]!) : journal.appendBatch(batch)
          expected.push(...batch)
          expect(seq, 'the last number is the count so far').toBe(expected.length)
        }
        journal.close()
        const contents = read(path)
        expect(contents.records).toEqual(expected)
        expect(contents.lastSeq).toBe(expected.length)
        expect(contents.droppedTailBytes).toBe(0)
        const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1)
        expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual(
          expected.map((_, i) => i + 1),
        )
      }),
      { numRuns: 60 },
    )
  })

  it('is durable line by line in sync mode: a reader sees each record as soon as append returns', () => {
    const path = freshPath()
    const journal = open(path)
    journal.append(sampleRecordFor(1))
    expect(read(path).records).toEqual([sampleRecordFor(1)])
    expect(journal.durableSeq).toBe(1)
    journal.appendBatch([sampleRecordFor(2), sampleRecordFor(3)])
    expect(read(path).lastSeq).toBe(3)
    expect(journal.durableSeq).toBe(3)
  })

  it('keeps records in memory in batch mode until flush, which writes and syncs them together', () => {
    const path = freshPath()
    const journal = open(path, 'batch')
    journal.append(sampleRecordFor(1))
    journal.appendBatch([sampleRecordFor(2), sampleRecordFor(3)])
    expect(journal.lastSeq).toBe(3)
    expect(journal.durableSeq, 'nothing is durable before a flush').toBe(0)
    expect(statSync(path).size, 'nothing written yet').toBe(0)
    journal.flush()
    expect(journal.durableSeq).toBe(3)
    expect(read(path).records).toEqual([1, 2, 3].map(sampleRecordFor))
    journal.append(sampleRecordFor(4))
    journal.close()
    expect(read(path).lastSeq, 'close flushes').toBe(4)
  })

  it('writes at once on flushAsync and counts the records durable only when the sync has ended', async () => {
    const path = freshPath()
    const journal = open(path, 'batch')
    journal.appendBatch([1, 2, 3].map(sampleRecordFor))
    const synced = journal.flushAsync()
    expect(read(path).lastSeq, 'written before the sync starts').toBe(3)
    expect(journal.durableSeq, 'not durable while the sync runs').toBe(0)
    journal.append(sampleRecordFor(4))
    await synced
    expect(journal.durableSeq, 'the sync covers what was written when it started').toBe(3)
    await journal.flushAsync()
    expect(journal.durableSeq).toBe(4)
    await journal.flushAsync()
    expect(read(path).records).toEqual([1, 2, 3, 4].map(sampleRecordFor))
  })

  it('rejects flushAsync on a closed journal, naming the file', async () => {
    const path = freshPath()
    const journal = open(path, 'batch')
    journal.close()
    await expect(journal.flushAsync()).rejects.toMatchObject({
      code: 'EXECUTION_JOURNAL',
      location: { file: path },
    })
  })

  it('hands batch-mode records to the OS past 1 MiB, but counts them durable only after a flush', () => {
    const path = freshPath()
    const journal = open(path, 'batch')
    // Record 50 is about 20 kB; sixty of them pass the 1 MiB mark.
    for (let i = 0; i < 60; i++)
      journal.append({ ...sampleRecordFor(50), detail: { i, pad: 'p'.repeat(20_000) } })
    expect(statSync(path).size).toBeGreaterThan(1 << 20)
    expect(journal.durableSeq).toBe(0)
    journal.flush()
    expect(journal.durableSeq).toBe(60)
    expect(read(path).lastSeq).toBe(60)
  })

  it('continues the numbering when reopened, and returns what it recovered', () => {
    const path = freshPath()
    const first = open(path)
    first.appendBatch([1, 2].map(sampleRecordFor))
    first.close()
    const again = open(path)
    expect(again.recovered).toEqual({ records: [1, 2].map(sampleRecordFor), lastSeq: 2, droppedTailBytes: 0 })
    expect(again.lastSeq).toBe(2)
    expect(again.append(sampleRecordFor(3))).toBe(3)
    again.close()
    expect(read(path).records).toEqual([1, 2, 3].map(sampleRecordFor))
  })

  it('creates an empty journal that starts at 1', () => {
    const path = freshPath()
    const journal = open(path)
    expect(journal.recovered).toEqual({ records: [], lastSeq: 0, droppedTailBytes: 0 })
    expect(existsSync(path)).toBe(true)
    expect(journal.path).toBe(path)
    expect(journal.durability).toBe('sync')
  })

  describe('recovery from a torn last record', () => {
    function checkRecovery(
      records: readonly SampleRecord[],
      bytes: Buffer,
      lastLineStart: number,
      cut: number,
    ): void {
      const path = freshPath()
      writeFileSync(path, bytes.subarray(0, cut))
      expect(read(path), 'reading reports the torn bytes').toEqual({
        records: records.slice(0, -1),
        lastSeq: records.length - 1,
        droppedTailBytes: cut - lastLineStart,
      })
      expect(statSync(path).size, 'reading changes nothing').toBe(cut)

      const journal = open(path)
      expect(journal.recovered.records, `cut at byte ${cut}`).toEqual(records.slice(0, -1))
      expect(journal.recovered.droppedTailBytes).toBe(cut - lastLineStart)
      expect(statSync(path).size, 'the torn bytes are gone').toBe(lastLineStart)
      const replacement: SampleRecord = { orderId: orderId('AFTER-RECOVERY'), amount: 1n, detail: null }
      expect(journal.append(replacement)).toBe(records.length)
      journal.close()
      expect(read(path)).toEqual({
        records: [...records.slice(0, -1), replacement],
        lastSeq: records.length,
        droppedTailBytes: 0,
      })
    }

    it('drops only the torn record, for a cut at every byte inside it', () => {
      const records = [1, 2, 4].map(sampleRecordFor)
      const { bytes, lastLineStart } = writtenJournal(records)
      expect(
        bytes.length - lastLineStart,
        'the last record is long enough to be interesting',
      ).toBeGreaterThan(150)
      for (let cut = lastLineStart + 1; cut < bytes.length; cut++)
        checkRecovery(records, bytes, lastLineStart, cut)
    })

    it('drops only the torn record, for any records and any cut inside the last', () => {
      fc.assert(
        fc.property(
          fc.array(anyRecord, { minLength: 1, maxLength: 6 }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (records, where) => {
            const { bytes, lastLineStart } = writtenJournal(records)
            const cut = lastLineStart + 1 + Math.floor(where * (bytes.length - lastLineStart - 1))
            checkRecovery(records, bytes, lastLineStart, cut)
          },
        ),
        { numRuns: 100 },
      )
    })

    it('drops garbage after the last newline, such as the zeros a power loss can leave', () => {
      const path = freshPath()
      const { bytes } = writtenJournal([1, 2].map(sampleRecordFor))
      writeFileSync(path, Buffer.concat([bytes, Buffer.alloc(4096)]))
      const journal = open(path)
      expect(journal.recovered.droppedTailBytes).toBe(4096)
      expect(readFileSync(path)).toEqual(bytes)
    })
  })

  describe('corruption before the tail', () => {
    it('refuses to open a journal with a flipped byte in an earlier record, naming the line, and changes nothing', () => {
      const { bytes } = writtenJournal([1, 2, 3, 4].map(sampleRecordFor))
      const lineTwo = bytes.indexOf('\n') + 1
      const corrupt = Buffer.from(bytes)
      corrupt[lineTwo + 60]! ^= 0x04
      const path = freshPath()
      writeFileSync(path, corrupt)

      const error = thrown(() => open(path))
      expect(error.code).toBe('EXECUTION_JOURNAL')
      expect(error.location).toEqual({ file: path, line: 2 })
      expect(error.message).toMatch(
        new RegExp(`^${path}:2: checksum mismatch: stored [0-9a-f]{8}, computed [0-9a-f]{8}`),
      )
      expect(readFileSync(path), 'a corrupt journal is left for a person to inspect').toEqual(corrupt)
      expect(thrown(() => read(path)).location).toEqual({ file: path, line: 2 })

      // A failed open does not hold the file: once repaired it opens.
      writeFileSync(path, bytes)
      expect(open(path).lastSeq).toBe(4)
    })

    it('refuses a record the codec rejects, naming file, line and field', () => {
      const path = writtenJournalPath([1, 2].map(sampleRecordFor))
      const wellFramed = encodeRecordLine(3, '{"orderId":"O-3","amount":"1e3","detail":null}')
      writeFileSync(path, wellFramed, { flag: 'a' })
      expect(() => open(path)).toThrow(`${path}:3: amount: must be an integer string, was "1e3"`)
    })
  })

  it('replays identically every time', () => {
    const records = [1, 2, 3, 50, 51].map(sampleRecordFor)
    const path = writtenJournalPath(records)
    const first = read(path)
    const second = read(path)
    expect(second).toEqual(first)
    expect(first.records).toEqual(records)
    expect(open(path).recovered).toEqual(first)
  })

  it('refuses a second writer on the same file in this process, however the path is spelled', () => {
    const path = freshPath()
    const journal = open(path)
    const sameFile = join(dir, 'link.jsonl')
    symlinkSync(path, sameFile)
    expect(() => open(`${dir}/./${path.slice(dir.length + 1)}`)).toThrow('already open')
    expect(() => open(sameFile)).toThrow('the journal is already open for writing in this process')
    journal.close()
    expect(open(sameFile).lastSeq).toBe(0)
  })

  it('reports a missing journal or directory as EXECUTION_JOURNAL naming the file', () => {
    const missing = join(dir, 'nope.jsonl')
    expect(thrown(() => read(missing)).message).toMatch(new RegExp(`^${missing}: reading failed: ENOENT`))
    const noDirectory = join(dir, 'no-such-dir', 'j.jsonl')
    expect(thrown(() => open(noDirectory)).message).toMatch(
      new RegExp(`^${noDirectory}: creating failed: ENOENT`),
    )
  })

  it.skipIf(!existsSync('/dev/full'))('stops accepting records for good after a failed write', () => {
    const journal = open('/dev/full')
    const failure = thrown(() => journal.append(sampleRecordFor(1)))
    expect(failure.message).toMatch(/^\/dev\/full: writing failed: ENOSPC/)
    expect(journal.lastSeq, 'the failed record was not numbered').toBe(0)
    expect(() => journal.append(sampleRecordFor(1))).toThrow(
      /the journal stopped accepting records after an earlier failure \(.*ENOSPC.*\); restart and recover/,
    )
    expect(() => {
      journal.flush()
    }).toThrow(/stopped accepting records/)
    journal.close()
  })
})

function writtenJournalPath(records: readonly SampleRecord[]): string {
  const path = freshPath()
  const journal = open(path)
  journal.appendBatch(records)
  journal.close()
  return path
}
