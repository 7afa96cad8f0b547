/**
 * Cursor pagination, newest first, in a stable order: rows are sorted by `(created_at, id)`
 * descending and a page continues strictly after the last row of the one before, so rows
 * inserted meanwhile never shift a page or repeat one (offset paging does both). The cursor is
 * opaque to clients — base64url of that last `(created_at, id)` — and is checked when read back.
 */
import { TradePulseError } from '../domain/errors.ts'
import type { Queryable, SqlRow, SqlValue } from './database.ts'

export interface PageRequest {
  /** Rows per page, 1 to `MAX_PAGE_SIZE`; default 50. */
  readonly limit?: number
  /** `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string
}

export interface Page<T> {
  readonly items: readonly T[]
  /** Present when more rows may follow. */
  readonly nextCursor?: string
}

export const MAX_PAGE_SIZE = 500

interface CursorPosition {
  readonly createdAt: bigint
  readonly id: string
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toString(), position.id]), 'utf8').toString(
    'base64url',
  )
}

export function decodeCursor(cursor: string): CursorPosition {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !/^-?[0-9]{1,19}$/.test(parsed[0]) ||
    typeof parsed[1] !== 'string'
  ) {
    throw new TradePulseError('STORE_INVALID_INPUT', 'is not a cursor this service returned', {
      field: 'cursor',
    })
  }
  return { createdAt: BigInt(parsed[0]), id: parsed[1] }
}

export interface PageQuery {
  /** `SELECT … FROM table`, with `created_at` and `id` among the columns. */
  readonly select: string
  /** Conditions joined with AND; placeholders number from `$1` over `params`. */
  readonly where: readonly string[]
  readonly params: readonly SqlValue[]
}

/** Runs `query` for one page and maps its rows. */
export async function fetchPage<T>(
  db: Queryable,
  query: PageQuery,
  request: PageRequest,
  map: (row: SqlRow) => T,
): Promise<Page<T>> {
  const limit = request.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new TradePulseError(
      'STORE_INVALID_INPUT',
      `must be an integer from 1 to ${MAX_PAGE_SIZE}, was ${limit}`,
      {
        field: 'limit',
      },
    )
  }
  const where = [...query.where]
  const params = [...query.params]
  if (request.cursor !== undefined) {
    const after = decodeCursor(request.cursor)
    where.push(
      `(created_at < $${params.length + 1} OR (created_at = $${params.length + 1} AND id < $${params.length + 2}))`,
    )
    params.push(after.createdAt, after.id)
  }
  // One row more than asked tells whether another page follows.
  params.push(BigInt(limit + 1))
  const sql = `${query.select}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`
  const rows = await db.query(sql, params)
  const pageRows = rows.slice(0, limit)
  const last = pageRows.at(-1)
  if (rows.length <= limit || last === undefined) return { items: pageRows.map(map) }
  return {
    items: pageRows.map(map),
    nextCursor: encodeCursor({ createdAt: readBigint(last, 'created_at'), id: readText(last, 'id') }),
  }
}

/** Column readers: a column of the wrong kind is a schema bug, not bad input. */
export function readText(row: SqlRow, column: string): string {
  const value = row[column]
  if (typeof value !== 'string') throw new Error(`column ${column} is ${typeof value}, expected text`)
  return value
}

export function readOptionalText(row: SqlRow, column: string): string | null {
  return row[column] === null ? null : readText(row, column)
}

export function readBigint(row: SqlRow, column: string): bigint {
  const value = row[column]
  if (typeof value !== 'bigint') throw new Error(`column ${column} is ${typeof value}, expected a BIGINT`)
  return value
}

export function readOptionalBigint(row: SqlRow, column: string): bigint | null {
  return row[column] === null ? null : readBigint(row, column)
}

/** A BIGINT that must fit a `number` exactly: epoch milliseconds (until the year 287 396), byte and row counts. */
export function readSafeInteger(row: SqlRow, column: string): number {
  const value = readBigint(row, column)
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`column ${column} holds ${value}, beyond a safe integer`)
  }
  return Number(value)
}

export function readOptionalSafeInteger(row: SqlRow, column: string): number | null {
  return row[column] === null ? null : readSafeInteger(row, column)
}

export function readFraction(row: SqlRow, column: string): number {
  const value = row[column]
  // SQLite hands back a whole-valued REAL it stored as an integer (0, 1) as a BIGINT.
  if (typeof value === 'bigint') return Number(value)
  if (typeof value !== 'number') throw new Error(`column ${column} is ${typeof value}, expected a number`)
  return value
}
