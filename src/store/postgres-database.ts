/**
 * The server backend, over a `pg` connection pool. Every BIGINT (type oid 20) is parsed to a
 * `bigint` rather than pg's default string, so rows read the same as from SQLite, and `bigint`
 * parameters are sent as decimal text, which PostgreSQL reads exactly.
 *
 * A transaction checks one client out of the pool for its whole life; statements outside a
 * transaction take any free client. Durability is the server's: with its defaults (`fsync = on`,
 * `synchronous_commit = on`) a commit is on disk when it returns.
 *
 * A server that cannot be reached (refused, reset, shutting down) is `STORE_UNAVAILABLE`, not a
 * bare driver error: callers answer it as a dependency outage (HTTP 503). The pool opens new
 * connections on the next query, so the service reconnects on its own once the server is back.
 */
import pg from 'pg'

import { TradePulseError } from '../domain/errors.ts'
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
    return (await reachable(run(this.#open(), sql, params))).rows
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await reachable(run(this.#open(), sql, params))).rowCount ?? 0
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await reachable(this.#open().connect())
    let open = true
    const use = (): pg.PoolClient => {
      if (!open) throw new Error('a transaction handle was used after its transaction ended')
      return client
    }
    const tx: Queryable = {
      dialect: 'postgres',
      query: async (sql, params = []) => (await reachable(run(use(), sql, params))).rows,
      execute: async (sql, params = []) => (await reachable(run(use(), sql, params))).rowCount ?? 0,
    }
    let broken = false
    try {
      await reachable(client.query('BEGIN'))
      const result = await work(tx)
      open = false
      await reachable(client.query('COMMIT'))
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

/** Socket errors, and SQLSTATEs of class 08 (connection exception) and 57P01–57P03 (shutdown, starting). */
const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
])
const UNREACHABLE_SQLSTATE = new Set(['57P01', '57P02', '57P03'])

function isUnreachable(error: unknown): error is Error {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string')
    return UNREACHABLE_ERRNO.has(code) || UNREACHABLE_SQLSTATE.has(code) || /^08[0-9A-Z]{3}$/.test(code)
  // pg's own words when the socket closes under a query or a connect.
  return error.message.startsWith('Connection terminated')
}

/** `work`, with an unreachable server reported as STORE_UNAVAILABLE and every other error as it was. */
async function reachable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (isUnreachable(error))
      throw new TradePulseError(
        'STORE_UNAVAILABLE',
        `the PostgreSQL server cannot be reached: ${error.message}`,
      )
    throw error
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
