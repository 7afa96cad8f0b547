/**
 * Backtest jobs, a small queue: `queued → running → succeeded | failed`, and `cancelled` from
 * either of the first two. Every change of status is a conditional UPDATE on the status it
 * leaves, so two workers racing for a job, or a cancel racing a finish, cannot both win.
 */
import type { Queryable, SqlRow } from '../database.ts'
import {
  fetchPage,
  readFraction,
  readOptionalText,
  readOptionalSafeInteger,
  readSafeInteger,
  readText,
  type Page,
  type PageRequest,
} from '../pagination.ts'

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']

export interface JobRecord {
  readonly id: string
  readonly status: JobStatus
  /** The backtest request, any JSON value. */
  readonly request: unknown
  /** From 0 to 1. */
  readonly progress: number
  readonly runId: string | null
  readonly error: string | null
  readonly createdAt: number
  readonly startedAt: number | null
  readonly finishedAt: number | null
}

export type JobOutcome =
  | { readonly status: 'succeeded'; readonly runId: string }
  | { readonly status: 'failed'; readonly error: string }

const COLUMNS =
  'SELECT id, status, request, progress, run_id, error, created_at, started_at, finished_at FROM backtest_jobs'

export class JobRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  async enqueue(job: {
    readonly id: string
    readonly request: unknown
    readonly createdAt: number
  }): Promise<JobRecord> {
    await this.#db.execute(
      "INSERT INTO backtest_jobs (id, status, request, progress, created_at) VALUES ($1, 'queued', $2, 0, $3)",
      [job.id, JSON.stringify(job.request), BigInt(job.createdAt)],
    )
    return {
      id: job.id,
      status: 'queued',
      request: job.request,
      progress: 0,
      runId: null,
      error: null,
      createdAt: job.createdAt,
      startedAt: null,
      finishedAt: null,
    }
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const [row] = await this.#db.query(`${COLUMNS} WHERE id = $1`, [id])
    return row === undefined ? undefined : toJob(row)
  }

  async list(request: PageRequest & { readonly status?: JobStatus } = {}): Promise<Page<JobRecord>> {
    const query =
      request.status === undefined
        ? { select: COLUMNS, where: [], params: [] }
        : { select: COLUMNS, where: ['status = $1'], params: [request.status] }
    return fetchPage(this.#db, query, request, toJob)
  }

  /**
   * Marks the oldest queued job running and returns it, or undefined when none is queued. A
   * job another worker took first is skipped, so concurrent workers never share one.
   */
  async claimNext(at: number): Promise<JobRecord | undefined> {
    for (;;) {
      const [candidate] = await this.#db.query(
        "SELECT id FROM backtest_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1",
      )
      if (candidate === undefined) return undefined
      const id = readText(candidate, 'id')
      const changed = await this.#db.execute(
        "UPDATE backtest_jobs SET status = 'running', started_at = $2 WHERE id = $1 AND status = 'queued'",
        [id, BigInt(at)],
      )
      if (changed === 1) return this.get(id)
    }
  }

  /** Records progress of a running job; false if it is no longer running (cancelled, say). */
  async reportProgress(id: string, progress: number): Promise<boolean> {
    if (!(progress >= 0 && progress <= 1))
      throw new RangeError(`progress must be from 0 to 1, was ${progress}`)
    const changed = await this.#db.execute(
      "UPDATE backtest_jobs SET progress = $2 WHERE id = $1 AND status = 'running'",
      [id, progress],
    )
    return changed === 1
  }

  /** Finishes a running job; false if it was not running (a cancel got there first). */
  async finish(id: string, outcome: JobOutcome, at: number): Promise<boolean> {
    const changed =
      outcome.status === 'succeeded'
        ? await this.#db.execute(
            "UPDATE backtest_jobs SET status = 'succeeded', progress = 1, run_id = $2, finished_at = $3 WHERE id = $1 AND status = 'running'",
            [id, outcome.runId, BigInt(at)],
          )
        : await this.#db.execute(
            "UPDATE backtest_jobs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status = 'running'",
            [id, outcome.error, BigInt(at)],
          )
    return changed === 1
  }

  /** Cancels a queued or running job; false if it had already ended. */
  async cancel(id: string, at: number): Promise<boolean> {
    const changed = await this.#db.execute(
      "UPDATE backtest_jobs SET status = 'cancelled', finished_at = $2 WHERE id = $1 AND status IN ('queued', 'running')",
      [id, BigInt(at)],
    )
    return changed === 1
  }
}

function toJob(row: SqlRow): JobRecord {
  const status = readText(row, 'status')
  const known = STATUSES.find((candidate) => candidate === status)
  if (known === undefined) throw new Error(`backtest_jobs.status holds ${status}`)
  return {
    id: readText(row, 'id'),
    status: known,
    request: JSON.parse(readText(row, 'request')) as unknown,
    progress: readFraction(row, 'progress'),
    runId: readOptionalText(row, 'run_id'),
    error: readOptionalText(row, 'error'),
    createdAt: readSafeInteger(row, 'created_at'),
    startedAt: readOptionalSafeInteger(row, 'started_at'),
    finishedAt: readOptionalSafeInteger(row, 'finished_at'),
  }
}
