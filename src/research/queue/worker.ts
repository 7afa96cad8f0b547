/**
 * `startSweepWorker`: a process's share of distributed sweeps (coordinator.ts). It takes jobs from
 * the queue, `concurrency` at a time, and runs each on a pool of as many worker threads
 * (sweep/pool.ts): the backtest never runs on this thread, so the job locks keep being renewed
 * however long a combination takes, and a lock that lapses means the process really is gone.
 *
 * Per job: the data is read through `loadData` once per path, reader options and fingerprints,
 * and each instrument's bars are fingerprinted; bars that differ from the job's fail the job at
 * once, without retries (`QUEUE_DATA_MISMATCH`, naming the file and both fingerprints). The
 * thread pool is kept per strategy, data and configuration, so the jobs of one sweep load the
 * strategy once; a pool left idle when another sweep's job arrives is closed.
 *
 * A worker killed mid-job holds the job's lock until it lapses (`lockDurationMs`); another worker's
 * stalled-job check (`stalledIntervalMs`) then puts the job back on the queue. `close()` stops
 * taking jobs and finishes the ones running.
 */
import { UnrecoverableError, Worker } from 'bullmq'
import type { Job } from 'bullmq'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { barsFingerprint } from '../../backtest/engine/fingerprint.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import type { CombinationEvaluation } from '../sweep/evaluate.ts'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import { WorkerPool } from '../sweep/pool.ts'
import { shareBars } from '../sweep/shared-bars.ts'
import { RedisConnections, parseQueueUrl } from './connection.ts'
import { type JobOutcome, type QueueDataSource, SWEEP_QUEUE, SweepJobData, toJobOutcome } from './job.ts'

/** Reads a sweep's data again from its path and reader options (the CLI reads it as `--data` does). */
export type DataLoader = (
  source: QueueDataSource,
  config: BacktestConfigInput,
) => Promise<readonly InstrumentBars[]>

export interface SweepWorkerOptions {
  /** `redis://HOST:PORT[/DB]`. */
  readonly queue: string
  /** Jobs run at once, each on a thread of its own; default 1. */
  readonly concurrency?: number
  readonly loadData: DataLoader
  /** How long a job's lock lasts without renewal; a dead worker's job waits this long. Default 30 s. */
  readonly lockDurationMs?: number
  /** How often stalled jobs (a lapsed lock) are looked for. Default 30 s. */
  readonly stalledIntervalMs?: number
  /** Where package strategies are resolved from; default the working directory. */
  readonly cwd?: string
  readonly log?: (line: string) => void
}

export interface SweepWorker {
  /** Jobs finished by this worker (a combination that throws is finished too: its error is the result). */
  readonly processed: () => number
  /** Stops taking jobs, finishes the running ones, closes threads and connections. */
  close(): Promise<void>
}

export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  const concurrency = options.concurrency ?? 1
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new TradePulseError('CLI_USAGE', `must be a whole number >= 1, was ${concurrency}`, {
      field: 'concurrency',
    })
  const log = options.log ?? (() => undefined)
  const connections = new RedisConnections(parseQueueUrl(options.queue), log)
  const data = new DataCache(options.loadData)
  const pools = new PoolCache(concurrency, options.cwd ?? process.cwd())
  let processed = 0

  const processJob = async (job: Job<unknown, JobOutcome>): Promise<JobOutcome> => {
    const parsed = SweepJobData.safeParse(job.data)
    if (!parsed.success)
      throw new UnrecoverableError(
        `job ${job.id ?? '?'} is not a sweep combination: ${parsed.error.issues[0]?.message ?? ''}`,
      )
    const spec = parsed.data
    const config = (spec.config ?? {}) as BacktestConfigInput
    let bars: readonly InstrumentBars[]
    try {
      bars = await data.get(spec.data, config)
    } catch (error) {
      // A file that differs or cannot be read here will not read better on a retry of this worker.
      if (isTradePulseError(error)) throw new UnrecoverableError(error.message)
      throw error
    }
    const started = performance.now()
    const outcome = await pools.run(spec.strategyModule, spec.data, config, bars, spec.params)
    processed++
    log(
      `job ${job.id ?? '?'}: combination ${spec.index} of sweep ${spec.sweepId} in ${Math.round(performance.now() - started)} ms`,
    )
    return toJobOutcome(outcome)
  }

  const worker = new Worker<unknown, JobOutcome>(SWEEP_QUEUE, processJob, {
    connection: connections.create(),
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A job whose worker died twice is still worth a third worker's try.
    maxStalledCount: 3,
  })
  worker.on('error', () => undefined) // connection trouble: logged once by the connections
  worker.on('failed', (job, error) => {
    log(`job ${job?.id ?? '?'} failed: ${error.message}`)
  })
  await worker.waitUntilReady()
  let closing: Promise<void> | undefined
  return {
    processed: () => processed,
    close: () => {
      closing ??= (async () => {
        await worker.close()
        await pools.close()
        await connections.close()
      })()
      return closing
    },
  }
}

/** Each data source read once, checked against the fingerprints the sweep was enqueued with. */
class DataCache {
  readonly #load: DataLoader
  readonly #entries = new Map<string, Promise<readonly InstrumentBars[]>>()

  constructor(load: DataLoader) {
    this.#load = load
  }

  get(source: QueueDataSource, config: BacktestConfigInput): Promise<readonly InstrumentBars[]> {
    const key = dataKey(source, config)
    let entry = this.#entries.get(key)
    if (entry === undefined) {
      entry = this.#read(source, config)
      // A failed read is not kept: the file may be fixed before the next job.
      entry.catch(() => this.#entries.delete(key))
      this.#entries.set(key, entry)
    }
    return entry
  }

  async #read(source: QueueDataSource, config: BacktestConfigInput): Promise<readonly InstrumentBars[]> {
    const bars = await this.#load(source, config)
    checkFingerprints(source, bars)
    return bars
  }
}

/** Throws QUEUE_DATA_MISMATCH unless `bars` are the instruments and bars `source` names. */
export function checkFingerprints(source: QueueDataSource, bars: readonly InstrumentBars[]): void {
  const where = (name: string): string =>
    name === source.path || name === '' ? source.path : `${source.path} (${name})`
  if (bars.length !== source.instruments.length)
    throw new TradePulseError(
      'QUEUE_DATA_MISMATCH',
      `holds ${bars.length} instrument(s) here, the sweep was enqueued with ${source.instruments.length}`,
      { file: source.path },
    )
  source.instruments.forEach((expected, i) => {
    const actual = bars[i]!
    const fingerprint = barsFingerprint(actual.series)
    if (actual.instrument.id !== expected.instrumentId || fingerprint !== expected.fingerprint)
      throw new TradePulseError(
        'QUEUE_DATA_MISMATCH',
        `${actual.instrument.id} read here has fingerprint ${fingerprint}, the sweep was enqueued with ${expected.instrumentId} fingerprint ${expected.fingerprint}: this worker's copy of the data differs`,
        { file: where(expected.source) },
      )
  })
}

function dataKey(source: QueueDataSource, config: BacktestConfigInput): string {
  return canonicalJson({ source, config })
}

/** Thread pools by strategy, data and configuration; idle pools of other sweeps are closed. */
class PoolCache {
  readonly #threads: number
  readonly #cwd: string
  readonly #pools = new Map<string, { pool: Promise<WorkerPool>; busy: number }>()

  constructor(threads: number, cwd: string) {
    this.#threads = threads
    this.#cwd = cwd
  }

  async run(
    strategyModule: string,
    source: QueueDataSource,
    config: BacktestConfigInput,
    bars: readonly InstrumentBars[],
    params: Readonly<Record<string, unknown>>,
  ): Promise<CombinationEvaluation> {
    const key = canonicalJson({ strategyModule, data: dataKey(source, config) })
    let entry = this.#pools.get(key)
    if (entry === undefined) {
      for (const [other, idle] of this.#pools)
        if (idle.busy === 0) {
          this.#pools.delete(other)
          void idle.pool.then((pool) => pool.close()).catch(() => undefined)
        }
      const pool = WorkerPool.start(this.#threads, {
        strategyModule,
        cwd: this.#cwd,
        data: shareBars(bars),
        config,
      })
      entry = { pool, busy: 0 }
      this.#pools.set(key, entry)
      pool.catch(() => this.#pools.delete(key))
    }
    entry.busy++
    try {
      return await (await entry.pool).run(params)
    } finally {
      entry.busy--
    }
  }

  async close(): Promise<void> {
    const entries = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.all(entries.map((entry) => entry.pool.then((pool) => pool.close()).catch(() => undefined)))
  }
}
