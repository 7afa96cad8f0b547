/**
 * Backtests as background jobs. A job is a row in the store (queued → running → succeeded |
 * failed | cancelled) and runs on a worker thread (backtest-worker.ts), one at a time by default,
 * oldest first. Progress is written to the row as it moves; every change is published on the
 * event hub. A job found `running` when the server starts was cut off by a crash or a kill: it is
 * failed with that reason rather than left running forever.
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { JobRecord, JobRepository } from '../store/repositories/jobs.ts'
import type { BacktestWorkerInput, BacktestWorkerMessage } from './backtest-worker.ts'
import type { TradePulseMetrics } from '../observability/metrics.ts'
import type { EventHub } from './event-hub.ts'

export const RUNS_DIR = 'runs'

// From src/ the worker is a .ts file; from dist/ the compiled .js.
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './backtest-worker.ts' : './backtest-worker.js',
  import.meta.url,
)

export type JobInput = Omit<BacktestWorkerInput, 'runsDir'>

export interface BacktestJobsOptions {
  readonly jobs: JobRepository
  readonly events: EventHub
  readonly dataDir: string
  readonly now: () => number
  /** Turns a stored job request into the worker's input (data set ids → files). */
  readonly resolve: (request: unknown) => Promise<JobInput>
  readonly concurrency?: number
  /** Job gauges, outcomes and durations. */
  readonly metrics?: TradePulseMetrics
}

export class BacktestJobs {
  readonly #options: BacktestJobsOptions
  readonly #running = new Map<string, Worker>()
  #draining: Promise<void> = Promise.resolve()
  #closed = false

  constructor(options: BacktestJobsOptions) {
    this.#options = options
  }

  get runsDir(): string {
    return join(this.#options.dataDir, RUNS_DIR)
  }

  /** Fails the jobs a previous process left running, then starts the queued ones. */
  async start(): Promise<void> {
    const { jobs, now } = this.#options
    for (let cursor: string | undefined; ;) {
      const page = await jobs.list({
        status: 'running',
        limit: 500,
        ...(cursor === undefined ? {} : { cursor }),
      })
      for (const job of page.items)
        await jobs.finish(
          job.id,
          { status: 'failed', error: 'interrupted: the server stopped while it ran' },
          now(),
        )
      if (page.nextCursor === undefined) break
      cursor = page.nextCursor
    }
    this.kick()
  }

  /** Looks for queued jobs to run; called after an enqueue and when a job ends. */
  kick(): void {
    this.#draining = this.#draining.then(() => this.#drain()).catch(() => undefined)
  }

  async cancel(job: JobRecord): Promise<boolean> {
    const cancelled = await this.#options.jobs.cancel(job.id, this.#options.now())
    if (!cancelled) return false
    const worker = this.#running.get(job.id)
    if (worker !== undefined) await worker.terminate()
    await this.#publish(job.id)
    return true
  }

  /** Stops the running jobs (they are failed as interrupted on the next start). */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.all([...this.#running.values()].map((w) => w.terminate()))
  }

  async #drain(): Promise<void> {
    const { jobs, now } = this.#options
    while (!this.#closed && this.#running.size < (this.#options.concurrency ?? 1)) {
      const job = await jobs.claimNext(now())
      if (job === undefined) return
      await this.#publish(job.id)
      this.#run(job)
    }
  }

  #run(job: JobRecord): void {
    const { jobs, now } = this.#options
    const finish = async (
      outcome: { status: 'succeeded'; runId: string } | { status: 'failed'; error: string },
    ): Promise<void> => {
      this.#running.delete(job.id)
      await jobs.finish(job.id, outcome, now())
      await this.#publish(job.id)
      this.kick()
    }
    void this.#options
      .resolve(job.request)
      .then((input) => {
        const worker = new Worker(WORKER_URL, {
          workerData: { ...input, runsDir: this.runsDir } satisfies BacktestWorkerInput,
        })
        this.#running.set(job.id, worker)
        let settled = false
        worker.on('message', (message: BacktestWorkerMessage) => {
          if (message.kind === 'progress') {
            void jobs.reportProgress(job.id, message.progress).then(() => this.#publish(job.id))
          } else if (!settled) {
            settled = true
            void finish(
              message.kind === 'done'
                ? { status: 'succeeded', runId: message.runId }
                : { status: 'failed', error: message.error },
            )
          }
        })
        worker.on('error', (error: Error) => {
          if (settled) return
          settled = true
          void finish({ status: 'failed', error: error.message })
        })
        worker.on('exit', () => {
          // Terminated by a cancel (the row already says so) or by close(); either way it is no longer running here.
          this.#running.delete(job.id)
          if (!settled) {
            settled = true
            this.kick()
          }
        })
      })
      .catch((error: unknown) =>
        finish({ status: 'failed', error: error instanceof Error ? error.message : String(error) }),
      )
  }

  async #publish(id: string): Promise<void> {
    const { jobs, events, metrics } = this.#options
    const job = await jobs.get(id)
    if (job === undefined) return
    events.publish('job', jobView(job))
    if (metrics === undefined) return
    for (const state of ['queued', 'running'] as const)
      metrics.backtestJobs.set({ state }, (await jobs.list({ status: state, limit: 500 })).items.length)
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') {
      metrics.backtestJobsFinished.inc({ outcome: job.status })
      if (job.startedAt !== null && job.finishedAt !== null)
        metrics.backtestJobDuration.observe((job.finishedAt - job.startedAt) / 1000)
    }
  }
}

export function jobView(job: JobRecord): Record<string, unknown> {
  const iso = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString())
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    request: job.request,
    runId: job.runId,
    error: job.error,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  }
}
