/**
 * Brings a database's schema up to date, and reports how far it is.
 *
 * `migrate` runs in one transaction: take the migration lock, create `schema_migrations` if it
 * is missing, check every recorded migration against this version's list, apply the pending
 * ones in order and record each with its checksum. Both backends run DDL inside a transaction,
 * so a failing migration leaves the schema as it was. Concurrent migrators (two service
 * instances starting at once) are safe: on PostgreSQL a transaction-scoped advisory lock makes
 * the second wait, then find nothing to do; on SQLite `BEGIN IMMEDIATE` does the same.
 *
 * Refused, with `STORE_MIGRATION`: a recorded migration whose checksum differs from this
 * version's (its SQL was edited after it ran), and a recorded version this version does not
 * know (a newer TradePulse migrated the database).
 */
import { TradePulseError } from '../domain/errors.ts'
import type { Database, Queryable } from './database.ts'
import { migrationChecksum, type Migration } from './migration.ts'
import { MIGRATIONS } from './migrations/index.ts'

/** Key of the PostgreSQL advisory lock the migrators share (ASCII "TPmigrat"). */
const MIGRATION_LOCK_KEY = 0x54506d6967726174n

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`

export interface AppliedMigration {
  readonly version: number
  readonly name: string
  readonly checksum: string
  /** Epoch milliseconds. */
  readonly appliedAt: number
}

export interface MigrationState {
  readonly version: number
  readonly name: string
  /** `applied` and matching; `pending`; `changed`: applied with another checksum; `unknown`: applied, not in this version. */
  readonly state: 'applied' | 'pending' | 'changed' | 'unknown'
  readonly appliedAt?: number
}

export interface MigrateOptions {
  readonly migrations?: readonly Migration[]
  /** Epoch milliseconds for `applied_at`; the wall clock unless given. */
  readonly now?: () => number
}

/** Applies pending migrations and returns those it applied (none when the schema is current). */
export async function migrate(
  db: Database,
  options: MigrateOptions = {},
): Promise<readonly AppliedMigration[]> {
  const migrations = checkedList(options.migrations ?? MIGRATIONS)
  const now = options.now ?? Date.now
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    await tx.execute(CREATE_TABLE)
    const recorded = await readApplied(tx)
    const refusal = refusalFor(compare(migrations, recorded))
    if (refusal !== undefined) throw refusal
    const done = new Set(recorded.map((row) => row.version))
    const applied: AppliedMigration[] = []
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      for (const statement of migration.up) await tx.execute(statement)
      const row: AppliedMigration = {
        version: migration.version,
        name: migration.name,
        checksum: migrationChecksum(migration),
        appliedAt: now(),
      }
      await tx.execute(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
        [BigInt(row.version), row.name, row.checksum, BigInt(row.appliedAt)],
      )
      applied.push(row)
    }
    return applied
  })
}

/** Every migration this version knows or the database records, with its state; changes nothing. */
export async function migrationStatus(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<readonly MigrationState[]> {
  const recorded = (await hasMigrationTable(db)) ? await readApplied(db) : []
  return compare(checkedList(migrations), recorded)
}

/** The first problem in a status that `migrate` must refuse, or undefined. */
function refusalFor(states: readonly MigrationState[]): TradePulseError | undefined {
  const changed = states.find((state) => state.state === 'changed')
  if (changed !== undefined) {
    return new TradePulseError(
      'STORE_MIGRATION',
      `migration ${changed.version} (${changed.name}) was applied with another checksum: its SQL was edited after it ran; never edit an applied migration, add a new one`,
      { field: 'schema_migrations' },
    )
  }
  const unknown = states.find((state) => state.state === 'unknown')
  if (unknown !== undefined) {
    return new TradePulseError(
      'STORE_MIGRATION',
      `the database has migration ${unknown.version} (${unknown.name}), which this version of TradePulse does not know: it was migrated by a newer version`,
      { field: 'schema_migrations' },
    )
  }
  return undefined
}

function compare(migrations: readonly Migration[], recorded: readonly AppliedMigration[]): MigrationState[] {
  const byVersion = new Map(recorded.map((row) => [row.version, row]))
  const states: MigrationState[] = migrations.map((migration) => {
    const row = byVersion.get(migration.version)
    if (row === undefined) return { version: migration.version, name: migration.name, state: 'pending' }
    const state = row.checksum === migrationChecksum(migration) ? 'applied' : 'changed'
    return { version: migration.version, name: migration.name, state, appliedAt: row.appliedAt }
  })
  const known = new Set(migrations.map((migration) => migration.version))
  for (const row of recorded) {
    if (!known.has(row.version)) {
      states.push({ version: row.version, name: row.name, state: 'unknown', appliedAt: row.appliedAt })
    }
  }
  return states.sort((a, b) => a.version - b.version)
}

async function readApplied(db: Queryable): Promise<AppliedMigration[]> {
  const rows = await db.query(
    'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
  )
  return rows.map((row) => ({
    version: Number(row.version),
    name: String(row.name),
    checksum: String(row.checksum),
    appliedAt: Number(row.applied_at),
  }))
}

async function hasMigrationTable(db: Queryable): Promise<boolean> {
  const rows =
    db.dialect === 'postgres'
      ? await db.query(
          "SELECT 1 AS found FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'",
        )
      : await db.query(
          "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        )
  return rows.length > 0
}

/** A migration list must run 1, 2, 3… with hyphenated lower-case names: a bug otherwise. */
function checkedList(migrations: readonly Migration[]): readonly Migration[] {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new Error(`migration ${migration.name} has version ${migration.version} at position ${i + 1}`)
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(migration.name)) {
      throw new Error(
        `migration ${migration.version} has the malformed name ${JSON.stringify(migration.name)}`,
      )
    }
  })
  return migrations
}
