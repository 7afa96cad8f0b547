/**
 * `runQueuedSweep`: a sweep whose combinations run on worker processes anywhere (worker.ts),
 * through a BullMQ queue on Redis. The coordinator does what `runSweep` does — the same folder,
 * numbering, resume, progress and ranking.json, so a sweep may be started on the queue and
 * resumed locally or the other way round — except that a combination to run becomes a job.
 *
 * Exactly once, across restarts of anything:
 * - a job's id is the sweep id and the combination index (job.ts), so enqueueing again adds
 *   nothing; combinations already in results.jsonl are not enqueued at all;
 * - results are collected by reading the queue's completed jobs (not by listening for events), so
 *   results that arrived while the coordinator was down are still there when it comes back;
 * - a collected result is appended to results.jsonl and fsync'd before its job is removed, so a
 *   crash between the two leaves the job to be collected again, and the index already in the
 *   folder makes that collection a no-op.
 * A job that fails for good (a worker refused the data, the strategy cannot load) stops the sweep
 * with its reason; the failed job is removed when the sweep is run again, so it is retried then.
 *
 * Cost: one poll of the completed and failed jobs every `pollIntervalMs` (default 200 ms).
 */
import { isAbsolute, join, resolve } from 'node:path'
import { Queue } from 'bullmq'
import type { Job } from 'bullmq'
import type { z } from 'zod'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { runBacktest } from '../../backtest/engine.ts'
import { computeMetrics } from '../../backtest/metrics/index.ts'
import { type RunInfo, writeRun } from '../../backtest/run-store/write-run.ts'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { findStrategy } from '../../strategy/registry.ts'
import { createSearch } from '../optimise/search.ts'
import type { CombinationEvaluation } from '../sweep/evaluate.ts'
import {
  type CombinationResult,
  ResultsLog,
  SWEEP_FILES,
  SWEEP_FORMAT_VERSION,
  type SweepFile,
  openSweepFolder,
  sweepId,
} from '../sweep/folder.ts'
import { OVERFITTING_FILE, sweepOverfitting } from '../sweep/overfitting-summary.ts'
import { rankScore } from '../sweep/rank.ts'
import { RETURNS_FILE, ReturnsLog, readReturns } from '../sweep/returns-store.ts'
import {
  type RankedCombination,
  type SweepOptions,
  type SweepOutcome,
  describeSweep,
  rankResults,
} from '../sweep/run-sweep.ts'
import { RedisConnections, parseQueueUrl, untilConnected } from './connection.ts'
import {
  type JobOutcome,
  type QueueDataSource,
  SWEEP_QUEUE,
  type SweepJobData,
  fromJobOutcome,
  indexOfJob,
  sweepJobId,
} from './job.ts'

export interface QueuedSweepOptions extends Omit<SweepOptions, 'workers' | 'folder'> {
  /** `redis://HOST:PORT[/DB]`. */
  readonly queue: string
  readonly folder: string
  /** How a worker reads the data again: the path and reader options `data` was read with. */
  readonly dataSource: Omit<QueueDataSource, 'instruments'>
  /** Attempts per job before it fails for good (a worker that throws, not a combination that does). */
  readonly attempts?: number
  readonly pollIntervalMs?: number
  /** Lines about the queue (lost and regained connections). */
  readonly log?: (line: string) => void
}

const PAGE = 500

export async function runQueuedSweep(options: QueuedSweepOptions): Promise<SweepOutcome> {
  const { identity, space, rank } = describeSweep(options)
  const id = sweepId(identity)
  const target = parseQueueUrl(options.queue)
  const strategyModule = moduleForWorkers(options)
  const search = createSearch(space, options.search)
  const file: SweepFile = {
    formatVersion: SWEEP_FORMAT_VERSION,
    sweepId: id,
    ...identity,
    strategyModule,
    sources: options.data.map((d) => ({
      instrumentId: d.instrument.id,
      source: d.source,
      bars: d.series.length,
    })),
    created: (options.now ?? (() => new Date()))().toISOString(),
  }
  const opened = await openSweepFolder(options.folder, file)
  const { dropped } = opened
  const returns = await readReturns(join(options.folder, RETURNS_FILE))
  // As in runSweep: a result without its returns is run again, so every trial has its series.
  const done = opened.done.filter((result) => 'error' in result || returns.has(result.index))
  const dataSource: QueueDataSource = {
    ...options.dataSource,
    instruments: identity.data.map((d, i) => ({ ...d, source: options.data[i]!.source })),
  }
  const connections = new RedisConnections(target, options.log)
  const queue = new Queue<SweepJobData, JobOutcome>(SWEEP_QUEUE, {
    connection: connections.create(),
  })
  queue.on('error', () => undefined) // reported once by the connections' log; commands are retried here
  const returnsLog = await ReturnsLog.open(join(options.folder, RETURNS_FILE))
  const log = await ResultsLog.open(join(options.folder, SWEEP_FILES.results), 64, 1000, () =>
    returnsLog.flush(),
  )
  const collector = new Collector(
    queue,
    id,
    { results: log, returns: returnsLog, series: returns },
    new Set(done.map((r) => r.index)),
    options.signal,
  )

  const fixed = options.params ?? {}
  const schema = options.strategy.params as z.ZodType
  const previous = new Map(done.map((result) => [canonicalJson(result.params), result]))
  const indexByKey = new Map<string, number>()
  const byIndex = new Map<number, Promise<CombinationResult>>()
  const results: CombinationResult[] = []
  let skipped = 0
  let settled = 0
  const progress = (): void => {
    options.onProgress?.(settled, Math.max(search.total, settled))
  }
  const score = (result: CombinationResult | undefined): number =>
    rankScore(rank, result !== undefined && 'metrics' in result ? result.metrics : undefined)
  try {
    await untilConnected(() => collector.forgetFailed(), options.signal)
    collector.start(options.pollIntervalMs ?? 200)
    for (let batch = search.next(); batch !== undefined; batch = search.next()) {
      options.signal?.throwIfAborted()
      const toEnqueue: { name: string; data: SweepJobData; opts: { jobId: string; attempts: number } }[] = []
      const scores = batch.map((point): Promise<number> => {
        const params = { ...fixed, ...point }
        const key = canonicalJson(params)
        const known = indexByKey.get(key)
        if (known !== undefined) {
          const earlier = byIndex.get(known)
          return earlier === undefined ? Promise.resolve(Number.NEGATIVE_INFINITY) : earlier.then(score)
        }
        const index = indexByKey.size
        indexByKey.set(key, index)
        if (!schema.safeParse(params).success) {
          skipped++
          settled++
          progress()
          return Promise.resolve(Number.NEGATIVE_INFINITY)
        }
        const stored = previous.get(key)
        let pending: Promise<CombinationResult>
        if (stored !== undefined) pending = Promise.resolve(stored)
        else {
          pending = collector
            .expect(index)
            .then((outcome) =>
              'error' in outcome
                ? { index, params, error: outcome.error }
                : { index, params, metrics: outcome.metrics },
            )
          toEnqueue.push({
            name: 'combination',
            data: {
              sweepId: id,
              index,
              strategyModule,
              params,
              ...(options.config === undefined ? {} : { config: options.config }),
              data: dataSource,
            },
            opts: { jobId: sweepJobId(id, index), attempts: options.attempts ?? 3 },
          })
        }
        const counted = pending.then((result) => {
          results.push(result)
          settled++
          progress()
          return result
        })
        byIndex.set(index, counted)
        return counted.then(score)
      })
      if (toEnqueue.length > 0) {
        for (let i = 0; i < toEnqueue.length; i += PAGE)
          await untilConnected(() => queue.addBulk(toEnqueue.slice(i, i + PAGE)), options.signal)
      }
      search.tell(await Promise.all(scores))
    }
  } finally {
    await collector.stop()
    await log.close() // flushes returns.f64 first
    await returnsLog.close()
    await queue.close().catch(() => undefined)
    await connections.close()
  }

  results.sort((a, b) => a.index - b.index)
  const ranking = rankResults(results, rank)
  const overfitting = sweepOverfitting(
    new Map(results.filter((r) => returns.has(r.index)).map((r) => [r.index, returns.get(r.index)!])),
    ranking[0],
  )
  await writeFileAtomically(
    join(options.folder, OVERFITTING_FILE),
    `${JSON.stringify({ sweepId: id, ...overfitting }, null, 2)}\n`,
  )
  const keptRuns = await keepTopRuns(options, ranking, join(options.folder, SWEEP_FILES.runs))
  const failed = results.filter((r) => 'error' in r).length
  await writeFileAtomically(
    join(options.folder, SWEEP_FILES.ranking),
    `${JSON.stringify(
      {
        sweepId: id,
        rank,
        combinations: indexByKey.size,
        evaluated: results.length,
        failed,
        skipped,
        unranked: results.length - ranking.length,
        ranking,
      },
      null,
      2,
    )}\n`,
  )
  return {
    sweepId: id,
    folder: options.folder,
    space,
    rank,
    results,
    ranking,
    skipped,
    failed,
    resumed: results.filter((r) => previous.has(canonicalJson(r.params))).length,
    dropped,
    keptRuns,
    overfitting,
  }
}

/** Where collected outcomes go: results.jsonl, returns.f64 and the returns kept for the statistics. */
interface CollectorLogs {
  readonly results: ResultsLog
  readonly returns: ReturnsLog
  readonly series: Map<number, Float64Array>
}

/**
 * Waits for this sweep's combinations: polls the queue's completed jobs, logs each result once and
 * removes the job after the log is on disk; a job failed for good rejects every wait.
 */
class Collector {
  readonly #queue: Queue<SweepJobData, JobOutcome>
  readonly #sweepId: string
  readonly #logs: CollectorLogs
  readonly #logged: Set<number>
  readonly #signal: AbortSignal | undefined
  readonly #waiting = new Map<number, { resolve: (outcome: CombinationEvaluation) => void }>()
  /** Rejects when the sweep cannot finish; never resolves. */
  readonly failure: Promise<never>
  #fail: (error: Error) => void = () => undefined
  #timer: NodeJS.Timeout | undefined = undefined
  #polling: Promise<void> = Promise.resolve()
  #stopped = false

  constructor(
    queue: Queue<SweepJobData, JobOutcome>,
    sweepId: string,
    logs: CollectorLogs,
    logged: Set<number>,
    signal: AbortSignal | undefined,
  ) {
    this.#queue = queue
    this.#sweepId = sweepId
    this.#logs = logs
    this.#logged = logged
    this.#signal = signal
    this.failure = new Promise<never>((_resolve, reject) => {
      this.#fail = reject
    })
    this.failure.catch(() => undefined) // observed through expect()
    signal?.addEventListener('abort', () => {
      this.#fail(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)))
    })
  }

  expect(index: number): Promise<CombinationEvaluation> {
    return Promise.race([
      new Promise<CombinationEvaluation>((resolve) => {
        this.#waiting.set(index, { resolve })
      }),
      this.failure,
    ])
  }

  /** Removes this sweep's failed jobs, so that enqueueing them again retries them. */
  async forgetFailed(): Promise<void> {
    for (const job of await this.#ours('failed')) await job.remove()
  }

  start(intervalMs: number): void {
    const tick = (): void => {
      if (this.#stopped) return
      this.#polling = this.#poll().then(
        () => {
          this.#timer = setTimeout(tick, intervalMs)
        },
        (error: unknown) => {
          this.#fail(error instanceof Error ? error : new Error(String(error)))
        },
      )
    }
    tick()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#polling
  }

  async #poll(): Promise<void> {
    if (this.#signal?.aborted === true) return
    try {
      await this.#collect()
    } catch (error) {
      // Redis away: the next poll tries again (the connections log the outage).
      if (error instanceof TradePulseError) throw error
    }
  }

  async #collect(): Promise<void> {
    const failed = await this.#ours('failed')
    const first = failed[0]
    if (first !== undefined) {
      throw new TradePulseError(
        'QUEUE_JOB_FAILED',
        `combination ${first.data.index} (job ${first.id ?? '?'}) failed on a worker after ${first.attemptsMade} attempt(s): ${first.failedReason}`,
        { field: 'queue' },
      )
    }
    const completed = await this.#ours('completed')
    if (completed.length === 0) return
    const fresh: { index: number; outcome: CombinationEvaluation }[] = []
    for (const job of completed) {
      const index = indexOfJob(this.#sweepId, job.id)
      if (index === undefined || this.#logged.has(index)) continue
      const outcome = fromJobOutcome(job.returnvalue)
      const params = job.data.params
      let result: CombinationResult
      if ('error' in outcome) result = { index, params, error: outcome.error }
      else {
        result = { index, params, metrics: outcome.metrics }
        this.#logs.series.set(index, outcome.periodReturns)
        this.#logs.returns.append(index, outcome.periodReturns)
      }
      this.#logs.results.append(result)
      this.#logged.add(index)
      fresh.push({ index, outcome })
    }
    await this.#logs.results.flush()
    for (const job of completed) await job.remove()
    for (const { index, outcome } of fresh) {
      const waiting = this.#waiting.get(index)
      this.#waiting.delete(index)
      waiting?.resolve(outcome)
    }
  }

  async #ours(state: 'completed' | 'failed'): Promise<Job<SweepJobData, JobOutcome>[]> {
    const ours: Job<SweepJobData, JobOutcome>[] = []
    for (let start = 0; ; start += PAGE) {
      const page = await this.#queue.getJobs([state], start, start + PAGE - 1, true)
      for (const job of page) if (indexOfJob(this.#sweepId, job.id) !== undefined) ours.push(job)
      if (page.length < PAGE) return ours
    }
  }
}

function moduleForWorkers(options: QueuedSweepOptions): string {
  if (options.strategyModule !== undefined) {
    const module = options.strategyModule
    // Workers run elsewhere and in other directories: a relative path is fixed here.
    return module.startsWith('.') && !isAbsolute(module) ? resolve(module) : module
  }
  if (findStrategy(options.strategy.name) === options.strategy) return options.strategy.name
  throw new TradePulseError(
    'STRATEGY_LOAD_FAILED',
    `a sweep on the queue needs to know how workers load strategy "${options.strategy.name}": give strategyModule (its path or package)`,
    { field: 'strategyModule' },
  )
}

async function keepTopRuns(
  options: QueuedSweepOptions,
  ranking: readonly RankedCombination[],
  dir: string,
): Promise<RunInfo[]> {
  const count = options.keepTop ?? 0
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`keepTop must be a whole number >= 0, was ${count}`)
  const kept: RunInfo[] = []
  for (const entry of ranking.slice(0, count)) {
    const config: BacktestConfigInput | undefined = options.config
    const result = runBacktest({
      strategy: options.strategy,
      params: entry.params,
      data: options.data,
      ...(config === undefined ? {} : { config }),
    })
    kept.push(await writeRun(result, computeMetrics(result), dir))
  }
  return kept
}
