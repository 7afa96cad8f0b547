import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { Durability } from '../execution/journal/journal.ts'
import { journalContract } from '../execution/journal/testing/journal-contract.ts'
import {
  sampleRecordCodec,
  sampleRecordFor,
  type SampleRecord,
} from '../execution/journal/testing/sample-record.ts'
import { migrate } from './migrator.ts'
import { openSqliteDatabase } from './sqlite-database.ts'
import { openStoreJournal, type StoreJournal } from './store-journal.ts'

let dir = ''
let files = 0
let opened: StoreJournal<SampleRecord>[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradepulse-store-journal-'))
})

afterEach(() => {
  for (const journal of opened) journal.close()
  opened = []
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function migratedFile(): Promise<string> {
  const path = join(dir, `journal-${++files}.db`)
  const db = openSqliteDatabase(path)
  await migrate(db)
  await db.close()
  return path
}

function open(path: string, durability: Durability = 'sync'): StoreJournal<SampleRecord> {
  const journal = openStoreJournal(path, { codec: sampleRecordCodec, durability })
  opened.push(journal)
  return journal
}

// The contract registers its tests synchronously, so every file is migrated up front.
const paths: string[] = []
beforeAll(async () => {
  for (let i = 0; i < 12; i++) paths.push(await migratedFile())
})

for (const durability of ['sync', 'batch'] as const) {
  journalContract(`StoreJournal on SQLite, ${durability}`, () => {
    const path = paths.pop()
    if (path === undefined) throw new Error('more contract tests than migrated files')
    const journal = open(path, durability)
    return { journal, contents: () => journal.contents() }
  })
}

describe('StoreJournal', () => {
  it('is durable on return in sync mode: another connection sees each record at once', async () => {
    const path = await migratedFile()
    const journal = open(path)
    journal.append(sampleRecordFor(1))
    const reader = new DatabaseSync(path)
    expect(reader.prepare('SELECT count(*) AS n FROM journal_records').get()).toEqual({ n: 1 })
    reader.close()
  })

  it('keeps batch-mode records in memory until flush', async () => {
    const path = await migratedFile()
    const journal = open(path, 'batch')
    journal.appendBatch([1, 2].map(sampleRecordFor))
    expect(journal.contents().records).toEqual([])
    journal.flush()
    expect(journal.contents().records).toEqual([1, 2].map(sampleRecordFor))
  })

  it('continues numbering after reopening and hands back what it recovered', async () => {
    const path = await migratedFile()
    const first = open(path)
    first.appendBatch([1, 2, 3].map(sampleRecordFor))
    first.close()
    const second = open(path)
    expect(second.recovered.records).toEqual([1, 2, 3].map(sampleRecordFor))
    expect(second.append(sampleRecordFor(4))).toBe(4)
  })

  it('refuses to replay a record whose checksum does not match', async () => {
    const path = await migratedFile()
    open(path).append(sampleRecordFor(1))
    const tamper = new DatabaseSync(path)
    tamper.prepare("UPDATE journal_records SET record = replace(record, 'O-1', 'O-2')").run()
    tamper.close()
    expect(() => open(path)).toThrow(`${path}:1: checksum mismatch: the record is corrupt`)
  })

  it('asks for the migration when the database has no journal table', () => {
    const path = join(dir, 'empty.db')
    expect(() => open(path)).toThrow(expect.objectContaining({ code: 'STORE_MIGRATION' }))
  })
})
