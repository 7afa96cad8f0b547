import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { Database } from '../store/database.ts'
import { migrate } from '../store/migrator.ts'
import { openDatabase } from '../store/open-database.ts'
import { type IdempotencyRecord, IdempotencyRepository } from '../store/repositories/idempotency.ts'
import { IdempotencyLog } from './idempotency-log.ts'

let dir = ''
let db: Database
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tradepulse-idempotency-'))
  db = openDatabase({ backend: 'sqlite', location: join(dir, 'store.db') })
  await migrate(db)
})
afterEach(async () => {
  await db.close().catch(() => undefined)
  rmSync(dir, { recursive: true, force: true })
})

const answer = (key: string, requestHash = 'h-1'): IdempotencyRecord => ({
  owner: 'alice',
  key,
  requestHash,
  response: { status: 201, body: { orderId: `O-${key}` } },
  createdAt: 1_000,
})

describe('IdempotencyLog', () => {
  it('serves an answer at once and writes it to the store with the others of its commit', async () => {
    const log = new IdempotencyLog(db, { commitDelayMs: 60_000 })
    log.record(answer('k-1'))
    log.record(answer('k-2'))
    expect(await log.find('alice', 'k-1'), 'served from memory before the commit').toEqual(answer('k-1'))
    const store = new IdempotencyRepository(db)
    expect(await store.find('alice', 'k-1'), 'not written yet').toBeUndefined()
    await log.commit()
    expect(await store.find('alice', 'k-1')).toEqual(answer('k-1'))
    expect(await store.find('alice', 'k-2')).toEqual(answer('k-2'))
    expect(await log.find('alice', 'k-2'), 'then served from the store').toEqual(answer('k-2'))
  })

  it('keeps the first request under a key, in memory as in the store', async () => {
    const log = new IdempotencyLog(db, { commitDelayMs: 60_000 })
    log.record(answer('k-1', 'first'))
    log.record(answer('k-1', 'second'))
    await log.commit()
    log.record(answer('k-1', 'third'))
    await log.commit()
    expect((await log.find('alice', 'k-1'))?.requestHash).toBe('first')
  })

  it('commits on its own after the delay', async () => {
    const log = new IdempotencyLog(db, { commitDelayMs: 5 })
    log.record(answer('k-1'))
    await expect
      .poll(() => new IdempotencyRepository(db).find('alice', 'k-1'), { timeout: 2_000 })
      .toEqual(answer('k-1'))
  })

  it('reports a group it could not write, and stops serving it from memory', async () => {
    const lost: number[] = []
    const log = new IdempotencyLog(db, { commitDelayMs: 60_000, onError: (_, count) => lost.push(count) })
    log.record(answer('k-1'))
    log.record(answer('k-2'))
    await db.close()
    await log.commit()
    expect(lost).toEqual([2])
  })
})
