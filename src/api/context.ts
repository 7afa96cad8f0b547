/**
 * Everything a route handler may use, built once per server: the store's repositories, the
 * trading desk, the event hub, the backtest jobs and the configuration.
 */
import type { Instrument } from '../domain/instrument.ts'
import type { TradePulseMetrics } from '../observability/metrics.ts'
import type { Database } from '../store/database.ts'
import { ApiKeyRepository } from '../store/repositories/api-keys.ts'
import { DatasetRepository } from '../store/repositories/datasets.ts'
import { JobRepository } from '../store/repositories/jobs.ts'
import type { BacktestJobs } from './backtest-jobs.ts'
import type { ServiceConfig } from './config.ts'
import type { EventHub } from './event-hub.ts'
import type { IdempotencyLog } from './idempotency-log.ts'
import type { SessionStore } from './sessions.ts'
import type { TradingDesk } from './trading-desk.ts'

export interface ApiContext {
  readonly config: ServiceConfig
  readonly db: Database
  readonly keys: ApiKeyRepository
  readonly datasets: DatasetRepository
  readonly jobs: JobRepository
  readonly idempotency: IdempotencyLog
  readonly desk: TradingDesk
  readonly events: EventHub
  readonly backtests: BacktestJobs
  readonly metrics: TradePulseMetrics
  /** Dashboard sign-ins (in memory: a restart signs everyone out). */
  readonly sessions: SessionStore
  /** Milliseconds since the epoch; a test may pin it. */
  readonly now: () => number
  instrument(id: string): Instrument | undefined
}

export function repositories(db: Database): Pick<ApiContext, 'keys' | 'datasets' | 'jobs'> {
  return {
    keys: new ApiKeyRepository(db),
    datasets: new DatasetRepository(db),
    jobs: new JobRepository(db),
  }
}
