/**
 * The behaviour both backends share, registered against each (store.contract.test.ts), so the
 * service can be pointed at either. `open` hands out a fresh, empty database per test.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'

import type { Database } from '../database.ts'
import type { Migration } from '../migration.ts'
import { migrate, migrationStatus } from '../migrator.ts'
import { MIGRATIONS } from '../migrations/index.ts'
import { ApiKeyRepository } from '../repositories/api-keys.ts'
import { IdempotencyRepository } from '../repositories/idempotency.ts'
import { JobRepository } from '../repositories/jobs.ts'
import { FillRepository, OrderRepository, type OrderRecord } from '../repositories/orders.ts'

export function storeContract(name: string, open: () => Promise<Database>): void {
  describe(`${name} (store contract)`, () => {
    const opened: Database[] = []
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((db) => db.close()))
    })
    const fresh = async (): Promise<Database> => {
      const db = await open()
      opened.push(db)
      return db
    }
    const migrated = async (): Promise<Database> => {
      const db = await fresh()
      await migrate(db, { now: () => 1_700_000_000_000 })
      return db
    }

    it('round-trips any signed 64-bit amount exactly, beyond 2^53', async () => {
      const db = await migrated()
      const fills = new FillRepository(db)
      await new OrderRepository(db).insert(sampleOrder({ id: 'O-1' }))
      const amounts = [2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 0n, -1n]
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), async (amount) => {
          amounts.push(amount)
          const [row] = await db.query('SELECT CAST($1 AS BIGINT) AS amount', [amount])
          expect(row?.amount).toBe(amount)
        }),
        { numRuns: 50 },
      )
      for (const [i, amount] of amounts.entries()) {
        const tradeId = `T-${i}`
        await fills.insert({ ...sampleFill(tradeId), feeMinor: amount, priceTicks: amount })
      }
      const back = await fills.listByOrder('O-1')
      expect(back.map((fill) => fill.feeMinor)).toEqual(amounts)
      expect(back.map((fill) => fill.priceTicks)).toEqual(amounts)
    })

    it('refuses an integer beyond 64 bits instead of storing it rounded', async () => {
      const db = await migrated()
      await expect(db.query('SELECT CAST($1 AS BIGINT) AS x', [2n ** 63n])).rejects.toMatchObject({
        code: 'STORE_INVALID_INPUT',
        location: { field: '$1' },
      })
    })

    it('commits a transaction whole and rolls a failed one back whole', async () => {
      const db = await migrated()
      const keys = (tx: Database | Parameters<Parameters<Database['transaction']>[0]>[0]): ApiKeyRepository =>
        new ApiKeyRepository(tx)
      await db.transaction(async (tx) => {
        await keys(tx).insert(sampleKey('K-1'))
        await keys(tx).insert(sampleKey('K-2'))
      })
      await expect(
        db.transaction(async (tx) => {
          await keys(tx).insert(sampleKey('K-3'))
          throw new Error('abandoned')
        }),
      ).rejects.toThrow('abandoned')
      expect((await keys(db).list()).items.map((key) => key.id)).toEqual(['K-2', 'K-1'])
    })

    it('keeps concurrent read-modify-write transactions from losing updates', async () => {
      const db = await migrated()
      await db.execute(
        "INSERT INTO idempotency_keys (owner, key, request_hash, response, created_at) VALUES ('o', 'counter', 'h', '0', 0)",
      )
      const increment = (): Promise<void> =>
        db.transaction(async (tx) => {
          // FOR UPDATE serialises PostgreSQL's readers; SQLite's BEGIN IMMEDIATE already has.
          const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : ''
          const [row] = await tx.query(
            `SELECT response FROM idempotency_keys WHERE owner = 'o' AND key = 'counter'${lock}`,
          )
          await tx.execute(
            "UPDATE idempotency_keys SET response = $1 WHERE owner = 'o' AND key = 'counter'",
            [String(Number(row?.response) + 1)],
          )
        })
      await Promise.all(Array.from({ length: 20 }, increment))
      const [row] = await db.query(
        "SELECT response FROM idempotency_keys WHERE owner = 'o' AND key = 'counter'",
      )
      expect(row?.response).toBe('20')
    })

    it('applies migrations once: a second run, or a concurrent one, finds nothing to do', async () => {
      const db = await fresh()
      expect((await migrationStatus(db)).map((state) => state.state)).toEqual(MIGRATIONS.map(() => 'pending'))
      const runs = await Promise.all([migrate(db), migrate(db)])
      expect(runs.map((applied) => applied.length).sort()).toEqual([0, MIGRATIONS.length])
      expect(await migrate(db)).toEqual([])
      expect((await migrationStatus(db)).map((state) => state.state)).toEqual(MIGRATIONS.map(() => 'applied'))
    })

    it('refuses a database whose applied migration was edited since, and changes nothing', async () => {
      const db = await migrated()
      const edited: Migration[] = MIGRATIONS.map((migration, i) =>
        i === 0 ? { ...migration, up: [...migration.up, 'CREATE TABLE sneaky (id TEXT)'] } : migration,
      )
      await expect(migrate(db, { migrations: edited })).rejects.toMatchObject({
        code: 'STORE_MIGRATION',
        message: expect.stringContaining(
          'migration 1 (initial) was applied with another checksum',
        ) as unknown,
      })
      expect((await migrationStatus(db, edited))[0]?.state).toBe('changed')
      await expect(db.query('SELECT id FROM sneaky')).rejects.toThrow()
    })

    it('refuses a database migrated by a newer version', async () => {
      const db = await migrated()
      const newer = [
        ...MIGRATIONS,
        { version: MIGRATIONS.length + 1, name: 'later', up: ['CREATE TABLE later (id TEXT)'] },
      ]
      await migrate(db, { migrations: newer })
      await expect(migrate(db)).rejects.toThrow(/does not know: it was migrated by a newer version/)
    })

    it('pages newest first, stably, while rows are added between pages', async () => {
      const db = await migrated()
      const jobs = new JobRepository(db)
      // Equal creation times are ordered by id, so ties cannot repeat or skip a row.
      for (let i = 0; i < 7; i++)
        await jobs.enqueue({ id: `J-${i}`, request: { i }, createdAt: 1000 + Math.floor(i / 2) })
      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await jobs.list(cursor === undefined ? { limit: 3 } : { limit: 3, cursor })
        seen.push(...page.items.map((job) => job.id))
        cursor = page.nextCursor
        if (pages++ === 0) await jobs.enqueue({ id: 'J-new', request: {}, createdAt: 5000 })
      } while (cursor !== undefined)
      expect(seen).toEqual(['J-6', 'J-5', 'J-4', 'J-3', 'J-2', 'J-1', 'J-0'])
      expect(pages).toBe(3)
      await expect(jobs.list({ cursor: 'bm9wZQ' })).rejects.toMatchObject({ location: { field: 'cursor' } })
      await expect(jobs.list({ limit: 0 })).rejects.toMatchObject({ location: { field: 'limit' } })
    })

    it('filters jobs by status and lets only one worker claim a job', async () => {
      const db = await migrated()
      const jobs = new JobRepository(db)
      await jobs.enqueue({ id: 'J-1', request: { strategy: 'ma-crossover' }, createdAt: 1 })
      await jobs.enqueue({ id: 'J-2', request: {}, createdAt: 2 })
      const claims = await Promise.all([jobs.claimNext(10), jobs.claimNext(10), jobs.claimNext(10)])
      expect(claims.map((job) => job?.id).sort()).toEqual(['J-1', 'J-2', undefined])
      expect(await jobs.reportProgress('J-1', 0.5)).toBe(true)
      expect(await jobs.cancel('J-2', 11)).toBe(true)
      expect(await jobs.finish('J-2', { status: 'succeeded', runId: 'R-1' }, 12)).toBe(false)
      expect(await jobs.finish('J-1', { status: 'succeeded', runId: 'R-1' }, 12)).toBe(true)
      const succeeded = await jobs.list({ status: 'succeeded' })
      expect(succeeded.items).toEqual([
        {
          id: 'J-1',
          status: 'succeeded',
          request: { strategy: 'ma-crossover' },
          progress: 1,
          runId: 'R-1',
          error: null,
          createdAt: 1,
          startedAt: 10,
          finishedAt: 12,
        },
      ])
      expect((await jobs.list({ status: 'cancelled' })).items.map((job) => job.id)).toEqual(['J-2'])
    })

    it('records the answer under an idempotency key, keeps the first request, and finds it per owner', async () => {
      const db = await migrated()
      const keys = new IdempotencyRepository(db)
      expect(await keys.find('alice', 'k-1')).toBeUndefined()
      const answer = { status: 201, body: { orderId: 'O-9' } }
      await keys.record([
        { owner: 'alice', key: 'k-1', requestHash: 'hash-a', response: answer, createdAt: 100 },
        { owner: 'bob', key: 'k-1', requestHash: 'hash-b', response: { status: 201 }, createdAt: 100 },
      ])
      expect(await keys.find('alice', 'k-1')).toEqual({
        owner: 'alice',
        key: 'k-1',
        requestHash: 'hash-a',
        response: answer,
        createdAt: 100,
      })
      await keys.record([
        { owner: 'alice', key: 'k-1', requestHash: 'hash-other', response: { status: 500 }, createdAt: 200 },
      ])
      expect(await keys.find('alice', 'k-1'), 'a different request does not replace the first').toMatchObject(
        {
          requestHash: 'hash-a',
          response: answer,
        },
      )
      expect((await keys.find('bob', 'k-1'))?.requestHash, 'keys are per owner').toBe('hash-b')
    })

    it('records a group of more answers than one statement holds, all or nothing in a transaction', async () => {
      const db = await migrated()
      const group = Array.from({ length: 1_234 }, (_, i) => ({
        owner: 'alice',
        key: `k-${i}`,
        requestHash: `h-${i}`,
        response: { status: 201, body: { n: i } },
        createdAt: i,
      }))
      await db.transaction((tx) => new IdempotencyRepository(tx).record(group))
      const keys = new IdempotencyRepository(db)
      expect((await keys.find('alice', 'k-1233'))?.response).toEqual({ status: 201, body: { n: 1233 } })
      await expect(
        db.transaction(async (tx) => {
          await new IdempotencyRepository(tx).record([{ ...group[0]!, key: 'k-new' }])
          throw new Error('the request failed after recording')
        }),
      ).rejects.toThrow('the request failed after recording')
      expect(await keys.find('alice', 'k-new'), 'rolled back with its transaction').toBeUndefined()
      expect(await keys.expire(1_000)).toBe(1_000)
    })

    it('keeps client order ids and idempotency keys unique per owner, and fills unique per venue trade', async () => {
      const db = await migrated()
      const orders = new OrderRepository(db)
      await orders.insert(sampleOrder({ id: 'O-1', idempotencyKey: 'idem-1' }))
      await expect(
        orders.insert(sampleOrder({ id: 'O-2', clientOrderId: 'C-2', idempotencyKey: 'idem-1' })),
      ).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
      })
      await orders.insert(sampleOrder({ id: 'O-3', owner: 'bob', idempotencyKey: 'idem-1' }))
      await orders.insert(sampleOrder({ id: 'O-4', clientOrderId: 'C-4', idempotencyKey: null }))
      await orders.insert(sampleOrder({ id: 'O-5', clientOrderId: 'C-5', idempotencyKey: null }))
      expect((await orders.list('alice')).items.map((order) => order.id)).toEqual(['O-5', 'O-4', 'O-1'])
      expect(await orders.findByClientOrderId('bob', 'C-1')).toEqual(
        sampleOrder({ id: 'O-3', owner: 'bob', idempotencyKey: 'idem-1' }),
      )
      const fills = new FillRepository(db)
      expect(await fills.insert(sampleFill('T-1'))).toBe('inserted')
      expect(await fills.insert({ ...sampleFill('T-1'), id: 'F-other' })).toBe('duplicate')
      expect(await fills.insert({ ...sampleFill('T-1'), id: 'F-other', venue: 'other-venue' })).toBe(
        'inserted',
      )
    })

    it('stores API keys by hash and revokes them once', async () => {
      const db = await migrated()
      const keys = new ApiKeyRepository(db)
      await keys.insert(sampleKey('K-1'))
      expect(await keys.findByHash('hash-K-1')).toEqual(sampleKey('K-1'))
      expect(await keys.revoke('K-1', 50)).toBe(true)
      expect(await keys.revoke('K-1', 60)).toBe(false)
      expect((await keys.findByHash('hash-K-1'))?.revokedAt).toBe(50)
    })
  })
}

function sampleKey(id: string): Parameters<ApiKeyRepository['insert']>[0] {
  return {
    id,
    name: `key ${id}`,
    scopes: ['backtests:write', 'datasets:read'],
    hash: `hash-${id}`,
    createdAt: Number(id.slice(2)),
    revokedAt: null,
    lastUsedAt: null,
  }
}

function sampleOrder(overrides: Partial<OrderRecord> & { readonly id: string }): OrderRecord {
  return {
    owner: 'alice',
    clientOrderId: 'C-1',
    idempotencyKey: null,
    instrumentId: 'BTC-USD.SIM',
    side: 'buy',
    type: 'limit',
    quantityLots: 3n,
    priceTicks: 2n ** 60n,
    status: 'accepted',
    createdAt: Number(overrides.id.slice(2)),
    updatedAt: Number(overrides.id.slice(2)),
    ...overrides,
  }
}

function sampleFill(tradeId: string): Parameters<FillRepository['insert']>[0] {
  return {
    id: `F-${tradeId}`,
    orderId: 'O-1',
    venue: 'sim',
    tradeId,
    quantityLots: 1n,
    priceTicks: 100n,
    feeMinor: 5n,
    feeCurrency: 'USD',
    filledAt: Number(tradeId.slice(2)),
  }
}
