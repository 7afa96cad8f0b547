/**
 * The store's port: one small query interface that SQLite (sqlite-database.ts) and PostgreSQL
 * (postgres-database.ts) both implement, so every statement is written once.
 *
 * SQL is written with PostgreSQL's `$1`-style placeholders; the SQLite backend rewrites them to
 * `?1` (placeholders.ts). Both speak a deliberately small common subset of types (docs/store.md):
 * - `TEXT` for strings, ids, JSON documents and enumerations;
 * - `BIGINT` for every integer — money in minor units, quantities in lots, prices in ticks,
 *   timestamps in epoch milliseconds, counters — read back as `bigint` in both backends, so
 *   nothing beyond 2^53 is ever rounded;
 * - `DOUBLE PRECISION` for the rare fraction (job progress), read back as `number`.
 * No booleans, dates, arrays, JSONB or INTEGER (PostgreSQL's 32-bit INTEGER would come back as a
 * `number` and SQLite's as a `bigint`).
 *
 * The interface is asynchronous because pg is; node:sqlite answers synchronously inside it.
 */

import { TradePulseError } from '../domain/errors.ts'

/** A value a statement may take as a parameter; `bigint` must fit in a signed 64-bit integer. */
export type SqlValue = string | number | bigint | null

/** A row as read back: column name to `string`, `bigint` (any integer), `number` (a fraction) or `null`. */
export type SqlRow = Readonly<Record<string, string | bigint | number | null>>

export type Dialect = 'sqlite' | 'postgres'

/** What both a database and an open transaction can do. */
export interface Queryable {
  readonly dialect: Dialect
  /** Runs one statement and returns its rows (a write with `RETURNING` returns those). */
  query(sql: string, params?: readonly SqlValue[]): Promise<readonly SqlRow[]>
  /** Runs one statement and returns how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>
}

export interface Database extends Queryable {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it rejects (the
   * rejection is passed on). Statements inside must go through the `tx` handed in; the database
   * itself waits until the transaction is over. On SQLite the transaction takes the write lock
   * at once (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading a read lock.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  /** Waits for running work and releases connections; using the database afterwards is an error. */
  close(): Promise<void>
}

/** Signed 64-bit bounds: what a BIGINT column holds in both backends. */
export const MIN_BIGINT = -(2n ** 63n)
export const MAX_BIGINT = 2n ** 63n - 1n

/**
 * Refuses parameters a backend would store inexactly or not at all: a `bigint` outside 64 bits
 * (SQLite would throw a bare RangeError, PostgreSQL an out-of-range error after the round trip),
 * and a non-finite `number`.
 */
export function checkParams(params: readonly SqlValue[]): void {
  for (let i = 0; i < params.length; i++) {
    const value = params[i]
    if (typeof value === 'bigint' && (value < MIN_BIGINT || value > MAX_BIGINT)) {
      throw new TradePulseError('STORE_INVALID_INPUT', `${value} does not fit in a signed 64-bit BIGINT`, {
        field: `$${i + 1}`,
      })
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TradePulseError('STORE_INVALID_INPUT', `${value} cannot be stored; pass a finite number`, {
        field: `$${i + 1}`,
      })
    }
  }
}

/** Whether `error` is a UNIQUE or PRIMARY KEY violation, in either backend. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  // pg: SQLSTATE 23505. node:sqlite: extended result codes SQLITE_CONSTRAINT_UNIQUE (2067) and _PRIMARYKEY (1555).
  if ('code' in error && error.code === '23505') return true
  return 'errcode' in error && (error.errcode === 2067 || error.errcode === 1555)
}
