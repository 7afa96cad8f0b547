import type { Command } from 'commander'
import { loadServiceConfig } from '../../api/config.ts'
import { startService } from '../../api/service.ts'
import { type CliIo, writeLine } from '../io.ts'

interface ServeFlags {
  readonly config?: string
  readonly host?: string
  readonly port?: string
  readonly dataDir?: string
  readonly databaseUrl?: string
}

/** `tradepulse serve`: the HTTP API (docs/service.md) until SIGINT or SIGTERM. */
export function registerServe(
  program: Command,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  program
    .command('serve')
    .description(
      'Serve the HTTP API (/api/v1, OpenAPI at /api/v1/openapi.json, docs at /docs) on SQLite or PostgreSQL',
    )
    .option('--config <file>', 'service configuration (JSON); default tradepulse.service.json when present')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port (default 8080; 0 picks a free one)')
    .option('--data-dir <dir>', 'data sets, runs, the journal and the SQLite database (default var)')
    .option(
      '--database-url <url>',
      'postgres://… or sqlite:PATH (default DATABASE_URL, else SQLite in the data dir)',
    )
    .addHelpText(
      'after',
      `
Every setting, its environment variable and its default: docs/service.md.

Examples:
  tradepulse serve
  tradepulse serve --port 9000 --data-dir /srv/tradepulse
  DATABASE_URL=postgres://tp:secret@db:5432/tradepulse tradepulse serve --host 0.0.0.0`,
    )
    .action(async (flags: ServeFlags) => {
      const config = loadServiceConfig(flags.config, env, {
        host: flags.host,
        port: flags.port,
        dataDir: flags.dataDir,
        databaseUrl: flags.databaseUrl,
      })
      const service = await startService(config)
      writeLine(io.stdout, `tradepulse serving ${service.url}/api/v1 (docs at ${service.url}/docs)`)
      writeLine(io.stdout, `dashboard at ${service.url}/`)
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void service.close().then(resolve)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      writeLine(io.stdout, 'tradepulse stopped')
    })
}
