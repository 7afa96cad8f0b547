/**
 * The embedded backend, on Node's built-in `node:sqlite` (`DatabaseSync`). Not better-sqlite3:
 * its install script downloads a prebuilt native binary from outside the npm registry, which
 * fails where only the registry is reachable; node:sqlite ships with Node 24 and needs nothing.
 *
 * Settings, applied on open (docs/store.md):
 * - `journal_mode = WAL`: readers never block the writer, and a commit is one append to the log;
 * - `synchronous = FULL`: the log is fsynced at every commit, so a committed transaction
 *   survives a power loss (NORMAL, the usual WAL pairing, may lose the last commits);
 * - `busy_timeout`: a writer waits this long for another process's write lock instead of failing;
 * - `foreign_keys = ON`: SQLite leaves them off unless asked, per connection.
 *
 * One connection answers everything, synchronously, so work is queued: a statement or a
 * transaction starts only when the one before it has finished. That keeps an `await` inside a
 * transaction from letting another caller's statement slip into it. Integers are read as
 * `bigint` (`setReadBigInts`), so a BIGINT beyond 2^53 comes back exact.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'

import { TradePulseError } from '../domain/errors.ts'
import { checkParams, type Database, type Queryable, type SqlRow, type SqlValue } from './database.ts'
import { toSqlitePlaceholders } from './placeholders.ts'

export interface SqliteOptions {
  /** How long a writer waits for another connection's write lock; default 5 000 ms. */
  readonly busyTimeoutMs?: number
}

/** Opens (creating it and its folder if needed) the SQLite database at `path`, or `:memory:`. */
export function openSqliteDatabase(path: string, options: SqliteOptions = {}): SqliteDatabase {
  return new SqliteDatabase(openSqliteConnection(path, options), path)
}

/** A configured synchronous connection; the store journal (store-journal.ts) writes through one. */
export function openSqliteConnection(path: string, options: SqliteOptions = {}): DatabaseSync {
  let connection: DatabaseSync
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    connection = new DatabaseSync(path)
  } catch (cause) {
    throw new TradePulseError('STORE_CONFIG', `cannot open the SQLite database: ${messageOf(cause)}`, {
      file: path,
    })
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    connection.close()
    throw new RangeError(`busyTimeoutMs must be an integer >= 0, was ${busyTimeoutMs}`)
  }
  // busy_timeout first: switching to WAL needs a lock another process may briefly hold.
  connection.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
  connection.exec('PRAGMA journal_mode = WAL')
  connection.exec('PRAGMA synchronous = FULL')
  connection.exec('PRAGMA foreign_keys = ON')
  return connection
}

export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite'
  readonly path: string
  readonly #connection: DatabaseSync
  readonly #statements = new Map<string, StatementSync>()
  #tail: Promise<unknown> = Promise.resolve()
  #closed = false

  constructor(connection: DatabaseSync, path: string) {
    this.#connection = connection
    this.path = path
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<readonly SqlRow[]> {
    return this.#queued(() => this.#query(sql, params))
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#queued(() => this.#execute(sql, params))
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#queued(async () => {
      let open = true
      const use = (): void => {
        if (!open) throw new Error('a transaction handle was used after its transaction ended')
      }
      const tx: Queryable = {
        dialect: 'sqlite',
        query: (sql, params = []) =>
          settled(() => {
            use()
            return this.#query(sql, params)
          }),
        execute: (sql, params = []) =>
          settled(() => {
            use()
            return this.#execute(sql, params)
          }),
      }
      this.#connection.exec('BEGIN IMMEDIATE')
      try {
        const result = await work(tx)
        open = false
        this.#connection.exec('COMMIT')
        return result
      } catch (error) {
        open = false
        // A failed COMMIT or some errors (a full disk) already rolled back; rolling back twice is an error.
        if (this.#connection.isTransaction) this.#connection.exec('ROLLBACK')
        throw error
      }
    })
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#tail
    this.#statements.clear()
    this.#connection.close()
  }

  #queued<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'))
    const result = this.#tail.then(work)
    this.#tail = result.catch(() => undefined)
    return result
  }

  #query(sql: string, params: readonly SqlValue[]): readonly SqlRow[] {
    checkParams(params)
    return this.#statement(sql).all(...params) as SqlRow[]
  }

  #execute(sql: string, params: readonly SqlValue[]): number {
    checkParams(params)
    return Number(this.#statement(sql).run(...params).changes)
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.#connection.prepare(toSqlitePlaceholders(sql))
      statement.setReadBigInts(true)
      this.#statements.set(sql, statement)
    }
    return statement
  }
}

/** A promise of `work()`'s result: a throw becomes a rejection, as from an async driver. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work())
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)))
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
