import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { type PostgresDatabase, openPostgresDatabase } from './postgres-database.ts'
import { type TestPostgres, startPostgres } from './testing/postgres.ts'

/**
 * The PostgreSQL server going away under a running service and coming back: queries fail with
 * STORE_UNAVAILABLE (a dependency outage the API answers 503), never a bare driver error, and the
 * same database object works again once the server is back, without being reopened.
 */
let server: TestPostgres
let db: PostgresDatabase

beforeAll(async () => {
  server = await startPostgres('tradepulse_outage')
  db = openPostgresDatabase(server.url)
  await db.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
}, 60_000)
afterAll(async () => {
  await db.close()
  server.stop()
})

async function failure(work: Promise<unknown>): Promise<TradePulseError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof TradePulseError)) throw new Error(`expected a TradePulseError, got ${String(error)}`)
  return error
}

describe('a PostgreSQL outage', () => {
  it('reports STORE_UNAVAILABLE while the server is down and reconnects when it is back', async () => {
    await db.execute('INSERT INTO notes (id, body) VALUES ($1, $2)', [1, 'before'])
    server.halt()
    try {
      const read = await failure(db.query('SELECT body FROM notes'))
      expect(read.code).toBe('STORE_UNAVAILABLE')
      expect(read.message).toMatch(/^the PostgreSQL server cannot be reached: /)
      const written = await failure(
        db.transaction(async (tx) =>
          tx.execute('INSERT INTO notes (id, body) VALUES ($1, $2)', [2, 'during']),
        ),
      )
      expect(written.code).toBe('STORE_UNAVAILABLE')
    } finally {
      server.resume()
    }
    await db.execute('INSERT INTO notes (id, body) VALUES ($1, $2)', [3, 'after'])
    expect(await db.query('SELECT id, body FROM notes ORDER BY id')).toEqual([
      { id: 1, body: 'before' },
      { id: 3, body: 'after' },
    ])
  }, 60_000)

  it('leaves a statement the server refuses as the driver reported it', async () => {
    const error = await db.query('SELECT * FROM no_such_table').then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(TradePulseError)
    expect((error as { code?: string }).code).toBe('42P01')
  })
})
