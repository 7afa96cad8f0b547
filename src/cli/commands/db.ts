import type { Command } from 'commander'

import type { Database } from '../../store/database.ts'
import { migrate, migrationStatus } from '../../store/migrator.ts'
import {
  openDatabase,
  redact,
  resolveDatabaseTarget,
  type DatabaseTarget,
} from '../../store/open-database.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'

interface DbFlags {
  readonly databaseUrl?: string
  readonly json: boolean
}

/** `tradepulse db migrate` and `tradepulse db status`: the schema, apart from the service. */
export function registerDb(
  program: Command,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const db = program
    .command('db')
    .description('Bring the database schema up to date, or show how far it is')
    .addHelpText(
      'after',
      `
The database is SQLite at var/tradepulse.db unless --database-url or DATABASE_URL names another.

Examples:
  tradepulse db migrate
  DATABASE_URL=postgres://user:pass@host:5432/db tradepulse db migrate
  tradepulse db status --database-url sqlite:/srv/tradepulse.db`,
    )
  const withOptions = (command: Command): Command =>
    command
      .option(
        '--database-url <url>',
        'postgres://user:pass@host:5432/db or sqlite:PATH (default: DATABASE_URL, else sqlite:var/tradepulse.db)',
      )
      .option('--json', 'print the result as JSON', false)

  withOptions(
    db.command('migrate').description('Apply pending migrations; refuses edited or unknown ones'),
  ).action(async (flags: DbFlags) => {
    const target = resolveDatabaseTarget(flags.databaseUrl, env)
    await using database = opened(target)
    const applied = await migrate(database.db)
    if (flags.json) {
      writeJson(io.stdout, { database: describe(target), applied })
      return
    }
    writeLine(io.stdout, `database: ${describe(target)}`)
    if (applied.length === 0) writeLine(io.stdout, 'the schema is up to date')
    for (const migration of applied)
      writeLine(io.stdout, `applied ${pad(migration.version)}-${migration.name}`)
  })

  withOptions(
    db.command('status').description('List migrations: applied, pending, changed or unknown'),
  ).action(async (flags: DbFlags) => {
    const target = resolveDatabaseTarget(flags.databaseUrl, env)
    await using database = opened(target)
    const states = await migrationStatus(database.db)
    if (flags.json) {
      writeJson(io.stdout, { database: describe(target), migrations: states })
      return
    }
    writeLine(io.stdout, `database: ${describe(target)}`)
    for (const state of states) {
      const when = state.appliedAt === undefined ? '' : `  ${new Date(state.appliedAt).toISOString()}`
      writeLine(io.stdout, `${pad(state.version)}-${state.name}  ${state.state}${when}`)
    }
  })
}

/** The database, closed when the command's scope ends, whether it succeeded or not. */
function opened(target: DatabaseTarget): { readonly db: Database; [Symbol.asyncDispose](): Promise<void> } {
  const db = openDatabase(target)
  return { db, [Symbol.asyncDispose]: () => db.close() }
}

function describe(target: DatabaseTarget): string {
  return target.backend === 'postgres' ? redact(target.location) : `sqlite:${target.location}`
}

function pad(version: number): string {
  return String(version).padStart(3, '0')
}
