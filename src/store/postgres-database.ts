/**
 * The server backend, over a `pg` connection pool. Every BIGINT (type oid 20) is parsed to a
 * `bigint` rather than pg's default string, so rows read the same as from SQLite, and `bigint`
 * parameters are sent as decimal text, which PostgreSQL reads exactly.
 *
 * A transaction checks one client out of the pool for its whole life; statements outside a
 * transaction take any free client. Durability is the server's: with its defaults (`fsync = on`,
 * `synchronous_commit = on`) a commit is on disk when it returns.
 */
import pg from 'pg'

import { checkParams, type Database, type Queryable, type SqlRow, type SqlValue } from './database.ts'

const INT8_OID = 20

export interface PostgresOptions {
  /** Connections in the pool; default 10. */
  readonly maxConnections?: number
}

export function openPostgresDatabase(url: string, options: PostgresOptions = {}): PostgresDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: bigintTypes(),
  })
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  return new PostgresDatabase(pool)
}

/** pg's type parsers, except BIGINT read as `bigint`; per pool, so other pg users in the process keep theirs. */
function bigintTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides()
  types.setTypeParser(INT8_OID, (text: string) => BigInt(text))
  return types
}

export class PostgresDatabase implements Database {
  readonly dialect = 'postgres'
  readonly #pool: pg.Pool
  #closed = false

  constructor(pool: pg.Pool) {
    this.#pool = pool
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<readonly SqlRow[]> {
    return (await run(this.#open(), sql, params)).rows
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await run(this.#open(), sql, params)).rowCount ?? 0
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#open().connect()
    let open = true
    const use = (): pg.PoolClient => {
      if (!open) throw new Error('a transaction handle was used after its transaction ended')
      return client
    }
    const tx: Queryable = {
      dialect: 'postgres',
      query: async (sql, params = []) => (await run(use(), sql, params)).rows,
      execute: async (sql, params = []) => (await run(use(), sql, params)).rowCount ?? 0,
    }
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await work(tx)
      open = false
      await client.query('COMMIT')
      return result
    } catch (error) {
      open = false
      try {
        await client.query('ROLLBACK')
      } catch {
        // The connection itself failed: destroy it rather than hand it to the next caller.
        broken = true
      }
      throw error
    } finally {
      client.release(broken)
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }

  #open(): pg.Pool {
    if (this.#closed) throw new Error('the database is closed')
    return this.#pool
  }
}

async function run(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly SqlValue[],
): Promise<{ rows: SqlRow[]; rowCount: number | null }> {
  checkParams(params)
  const values = params.map((value) => (typeof value === 'bigint' ? value.toString() : value))
  return client.query<SqlRow>(sql, values)
}
