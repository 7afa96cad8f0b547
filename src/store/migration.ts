/**
 * A schema migration: a numbered, named list of statements in the common SQL subset
 * (database.ts), applied once, in order, inside the migrator's transaction. Its checksum is
 * recorded when it is applied; a released migration is never edited — a change is a new
 * migration — and the migrator refuses a database whose recorded checksum differs.
 */
import { createHash } from 'node:crypto'

export interface Migration {
  /** 1, 2, 3…: the NNN in the file name `migrations/NNN-name.ts`. */
  readonly version: number
  /** The `name` in the file name: lower-case words joined by hyphens. */
  readonly name: string
  /** Statements run in order, each on its own (neither backend takes several in one prepared call). */
  readonly up: readonly string[]
}

/** SHA-256 of the statements, hex: what the database records to detect a migration edited after release. */
export function migrationChecksum(migration: Migration): string {
  const hash = createHash('sha256')
  for (const statement of migration.up) hash.update(`${statement.trim()}\n;\n`)
  return hash.digest('hex')
}
