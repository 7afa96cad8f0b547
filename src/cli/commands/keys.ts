import type { Command } from 'commander'
import { SCOPES, createApiKey, parseScopes } from '../../api/api-keys.ts'
import { loadServiceConfig } from '../../api/config.ts'
import { databaseTargetOf } from '../../api/service.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { migrate } from '../../store/migrator.ts'
import { openDatabase } from '../../store/open-database.ts'
import { ApiKeyRepository } from '../../store/repositories/api-keys.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'

interface KeyFlags {
  readonly config?: string
  readonly dataDir?: string
  readonly databaseUrl?: string
  readonly json: boolean
}

/** `tradepulse keys create|list|revoke`: API keys in the service's database (only hashes are stored). */
export function registerKeys(
  program: Command,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const keys = program
    .command('keys')
    .description("Create, list and revoke the service's API keys")
    .addHelpText(
      'after',
      `
Scopes nest: admin can do what trade can, trade what read can.

Examples:
  tradepulse keys create --name research --scopes read
  tradepulse keys create --name desk --scopes trade --json
  tradepulse keys list
  tradepulse keys revoke 0123456789ab`,
    )
  const withOptions = (command: Command): Command =>
    command
      .option('--config <file>', 'service configuration (JSON), to find its database')
      .option('--data-dir <dir>', "the service's data dir (default var)")
      .option('--database-url <url>', 'postgres://… or sqlite:PATH')
      .option('--json', 'print the result as JSON', false)
  const open = async (flags: KeyFlags): Promise<{ repo: ApiKeyRepository; close: () => Promise<void> }> => {
    const config = loadServiceConfig(flags.config, env, {
      dataDir: flags.dataDir,
      databaseUrl: flags.databaseUrl,
    })
    const db = openDatabase(databaseTargetOf(config))
    await migrate(db)
    return { repo: new ApiKeyRepository(db), close: () => db.close() }
  }

  withOptions(
    keys
      .command('create')
      .description('Create a key and print it once; only its hash is stored')
      .requiredOption('--name <name>', 'who or what the key is for')
      .option('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, 'read')
      .option('--key-only', 'print the key alone (for KEY=$(tradepulse keys create …))', false),
  ).action(
    async (
      flags: KeyFlags & { readonly name: string; readonly scopes: string; readonly keyOnly: boolean },
    ) => {
      const scopes = parseScopes(flags.scopes)
      const { repo, close } = await open(flags)
      try {
        const { key, record } = await createApiKey(repo, flags.name, scopes, Date.now())
        if (flags.keyOnly) writeLine(io.stdout, key)
        else if (flags.json)
          writeJson(io.stdout, { id: record.id, name: record.name, scopes: record.scopes, key })
        else {
          writeLine(io.stdout, `key ${record.id} (${record.name}, ${record.scopes.join(', ')}): ${key}`)
          writeLine(io.stdout, 'it is shown only now: store it where its users can read it')
        }
      } finally {
        await close()
      }
    },
  )

  withOptions(
    keys.command('list').description('List keys: id, name, scopes, created, last used, revoked'),
  ).action(async (flags: KeyFlags) => {
    const { repo, close } = await open(flags)
    try {
      const all = []
      for (let cursor: string | undefined; ;) {
        const page = await repo.list({ limit: 500, ...(cursor === undefined ? {} : { cursor }) })
        all.push(...page.items)
        if (page.nextCursor === undefined) break
        cursor = page.nextCursor
      }
      const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString())
      const rows = all.map((k) => ({
        id: k.id,
        name: k.name,
        scopes: k.scopes,
        createdAt: iso(k.createdAt),
        lastUsedAt: iso(k.lastUsedAt),
        revokedAt: iso(k.revokedAt),
      }))
      if (flags.json) writeJson(io.stdout, { keys: rows })
      else if (rows.length === 0)
        writeLine(io.stdout, 'no keys: create one with tradepulse keys create --name NAME --scopes read')
      else
        for (const r of rows)
          writeLine(
            io.stdout,
            `${r.id}  ${r.name}  ${r.scopes.join(',')}  created ${r.createdAt ?? ''}${r.revokedAt === null ? '' : `  revoked ${r.revokedAt}`}`,
          )
    } finally {
      await close()
    }
  })

  withOptions(
    keys
      .command('revoke')
      .description('Revoke a key: every request with it is refused from now on')
      .argument('<id>', 'the key id (tradepulse keys list)'),
  ).action(async (id: string, flags: KeyFlags) => {
    const { repo, close } = await open(flags)
    try {
      if (!(await repo.revoke(id, Date.now())))
        throw new TradePulseError('CLI_USAGE', `no live key ${id} (already revoked, or never created)`, {
          field: 'id',
        })
      if (flags.json) writeJson(io.stdout, { revoked: id })
      else writeLine(io.stdout, `revoked ${id}`)
    } finally {
      await close()
    }
  })
}
