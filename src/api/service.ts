/**
 * `tradepulse serve` in code: opens the store (migrating it), the trading desk (replaying its
 * journal) and the job runner, builds the HTTP API over them, and listens. `close()` stops
 * accepting requests, lets running ones finish, stops the jobs and closes the journal and the
 * database, in that order.
 */
import { join, resolve } from 'node:path'
import type { Database } from '../store/database.ts'
import { migrate } from '../store/migrator.ts'
import { type DatabaseTarget, openDatabase, resolveDatabaseTarget } from '../store/open-database.ts'
import { instrumentExecutionCore } from '../observability/execution-metrics.ts'
import { createTradePulseMetrics } from '../observability/metrics.ts'
import { BacktestJobs } from './backtest-jobs.ts'
import type { ServiceConfig } from './config.ts'
import { type ApiContext, repositories } from './context.ts'
import { EventHub } from './event-hub.ts'
import { IdempotencyLog } from './idempotency-log.ts'
import { publishDeskEvents } from './routes/events.ts'
import { type ApiServer, buildApiServer } from './server.ts'
import { SessionStore } from './sessions.ts'
import { openDeskJournal, openTradingDesk } from './trading-desk.ts'
import { BacktestRequest } from './routes/backtests.ts'
import { TradePulseError } from '../domain/errors.ts'

export interface RunningService {
  readonly server: ApiServer
  readonly context: ApiContext
  /** `http://host:port`, with the port actually bound. */
  readonly url: string
  close(): Promise<void>
}

/** The service's database: `databaseUrl`, else SQLite at `<dataDir>/tradepulse.db`. */
export function databaseTargetOf(config: ServiceConfig): DatabaseTarget {
  return config.databaseUrl === undefined
    ? { backend: 'sqlite', location: join(config.dataDir, 'tradepulse.db') }
    : resolveDatabaseTarget(config.databaseUrl, {})
}

export interface OpenService {
  readonly server: ApiServer
  readonly context: ApiContext
  close(): Promise<void>
}

/** Everything `serve` runs, ready to answer (`server.app.inject`), not yet listening. */
export async function openService(config: ServiceConfig): Promise<OpenService> {
  const db: Database = openDatabase(databaseTargetOf(config))
  const closers: (() => Promise<void> | void)[] = [() => db.close()]
  try {
    await migrate(db)
    const desk = openTradingDesk(config, await openDeskJournal(config))
    closers.unshift(() => {
      desk.close()
    })
    const repos = repositories(db)
    // The server's logger exists once the server does; until then a failure has no one to tell.
    const logTo: { server?: ApiServer } = {}
    const idempotency = new IdempotencyLog(db, {
      onError: (error, lost) => {
        logTo.server?.app.log.error(
          { err: error, lost },
          'recording Idempotency-Key answers failed; a retry of those orders is answered from the journal',
        )
      },
    })
    closers.unshift(() => idempotency.commit())
    const metrics = createTradePulseMetrics()
    const uninstrument = instrumentExecutionCore(desk.core, metrics, desk.core.clock)
    closers.unshift(uninstrument)
    const events = new EventHub()
    const now = (): number => Date.now()
    const backtests = new BacktestJobs({
      jobs: repos.jobs,
      events,
      dataDir: config.dataDir,
      now,
      metrics,
      resolve: async (request) => {
        const body = BacktestRequest.parse(request)
        const files = []
        for (const id of body.datasetIds) {
          const dataset = await repos.datasets.get(id)
          if (dataset === undefined)
            throw new TradePulseError('API_NOT_FOUND', `data set ${id} was deleted before the backtest ran`)
          files.push({ path: resolve(dataset.storagePath), name: dataset.name })
        }
        return { strategy: body.strategy, params: body.params, config: body.config, files }
      },
    })
    closers.unshift(() => backtests.close())
    const context: ApiContext = {
      config,
      db,
      ...repos,
      idempotency,
      desk,
      events,
      backtests,
      metrics,
      sessions: new SessionStore(config.sessionTtlMs),
      now,
      instrument: (id) => desk.instruments.get(id as never),
    }
    publishDeskEvents(context)
    const built = await buildApiServer(context)
    logTo.server = built
    closers.unshift(() => built.app.close())
    await backtests.start()
    let closing: Promise<void> | undefined
    return {
      server: built,
      context,
      close: () => {
        closing ??= (async () => {
          for (const close of closers) await close()
        })()
        return closing
      },
    }
  } catch (error) {
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined)
    throw error
  }
}

/** `tradepulse serve`: the open service, listening on the configured host and port. */
export async function startService(config: ServiceConfig): Promise<RunningService> {
  const service = await openService(config)
  try {
    const url = await service.server.app.listen({ host: config.host, port: config.port })
    return { ...service, url }
  } catch (error) {
    await service.close()
    throw error
  }
}
