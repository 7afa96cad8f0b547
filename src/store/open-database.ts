/**
 * Picks the backend: a `postgres://` (or `postgresql://`) URL opens PostgreSQL, `sqlite:PATH`
 * opens that SQLite file, and no URL at all opens SQLite at `./var/tradepulse.db`. The URL comes
 * from the caller (a `--database-url` option) or else from `DATABASE_URL`.
 */
import { TradePulseError } from '../domain/errors.ts'
import type { Database } from './database.ts'
import { openPostgresDatabase } from './postgres-database.ts'
import { openSqliteDatabase } from './sqlite-database.ts'

export const DEFAULT_SQLITE_PATH = 'var/tradepulse.db'

export interface DatabaseTarget {
  readonly backend: 'sqlite' | 'postgres'
  /** The URL for PostgreSQL, the file path (or `:memory:`) for SQLite. */
  readonly location: string
}

/**
 * Where `url` (else `env.DATABASE_URL`, else the default file) points. `field` names the
 * setting in errors: `--database-url` or `DATABASE_URL`.
 */
export function resolveDatabaseTarget(
  url: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DatabaseTarget {
  const fromEnv = env.DATABASE_URL
  const chosen = url ?? (fromEnv === '' ? undefined : fromEnv)
  const field = url === undefined ? 'DATABASE_URL' : '--database-url'
  if (chosen === undefined) return { backend: 'sqlite', location: DEFAULT_SQLITE_PATH }
  if (/^postgres(ql)?:\/\//i.test(chosen)) {
    if (!URL.canParse(chosen)) throw new TradePulseError('STORE_CONFIG', 'is not a valid URL', { field })
    return { backend: 'postgres', location: chosen }
  }
  if (chosen.startsWith('sqlite:')) {
    const path = chosen.slice('sqlite:'.length)
    if (path === '')
      throw new TradePulseError('STORE_CONFIG', 'sqlite: needs a file path, as in sqlite:var/tradepulse.db', {
        field,
      })
    return { backend: 'sqlite', location: path }
  }
  throw new TradePulseError(
    'STORE_CONFIG',
    `expected postgres://user:pass@host:5432/db or sqlite:PATH, was ${JSON.stringify(redact(chosen))}`,
    { field },
  )
}

export function openDatabase(target: DatabaseTarget): Database {
  return target.backend === 'postgres'
    ? openPostgresDatabase(target.location)
    : openSqliteDatabase(target.location)
}

/** A URL with its password blanked, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@')
}
