/**
 * A pool of worker threads that run combinations (evaluate.ts) in parallel. Each worker loads the
 * strategy once (by the name, path or package `loadStrategy` takes) and builds its bar series once
 * over the shared buffers (shared-bars.ts); a job is then only a parameter object going out and a
 * metrics object coming back. A worker runs one job at a time: a backtest takes milliseconds to
 * minutes, far longer than a message, so keeping one queued per worker would gain nothing.
 *
 * The worker's module is worker.ts beside this file when running from the TypeScript sources
 * (Node strips the types) and worker.js in a compiled dist/, chosen by this module's own extension.
 *
 * A combination that throws is a result (evaluate.ts); a worker that dies — its module fails to
 * load, it runs out of memory — is a failure of the pool, and every job waiting on it fails.
 */
import { Worker } from 'node:worker_threads'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { ERROR_CODES, type ErrorCode, TradePulseError } from '../../domain/errors.ts'
import type { CombinationError, CombinationEvaluation } from './evaluate.ts'
import type { SharedInstrumentBars } from './shared-bars.ts'

export interface WorkerInit {
  /** For `loadStrategy`: a built-in name, an absolute path or a package name. */
  readonly strategyModule: string
  /** Where a package name is resolved from. */
  readonly cwd: string
  readonly data: readonly SharedInstrumentBars[]
  readonly config?: BacktestConfigInput
}

export interface WorkerJob {
  readonly id: number
  readonly params: Readonly<Record<string, unknown>>
}

export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: CombinationError }
  | { readonly kind: 'done'; readonly id: number; readonly outcome: CombinationEvaluation }

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url)

interface Pending {
  readonly job: WorkerJob
  readonly resolve: (outcome: CombinationEvaluation) => void
  readonly reject: (error: unknown) => void
}

interface Slot {
  readonly worker: Worker
  current: Pending | undefined
}

export class WorkerPool {
  readonly size: number
  readonly #slots: Slot[]
  readonly #queue: Pending[] = []
  #nextId = 0
  #broken: Error | undefined = undefined
  #closed = false

  private constructor(slots: Slot[]) {
    this.#slots = slots
    this.size = slots.length
  }

  /** Starts `workers` threads and resolves once each has loaded the strategy and the bars. */
  static async start(workers: number, init: WorkerInit): Promise<WorkerPool> {
    if (!Number.isSafeInteger(workers) || workers < 1)
      throw new RangeError(`workers must be a whole number >= 1, was ${workers}`)
    const slots = Array.from({ length: workers }, () => ({
      worker: new Worker(WORKER_URL, { workerData: init }),
      current: undefined,
    }))
    const pool = new WorkerPool(slots)
    try {
      await Promise.all(slots.map((slot) => pool.#ready(slot)))
    } catch (error) {
      await pool.close()
      throw error
    }
    for (const slot of slots) pool.#listen(slot)
    return pool
  }

  /** Runs one combination on the next free worker. */
  run(params: Readonly<Record<string, unknown>>): Promise<CombinationEvaluation> {
    if (this.#closed) return Promise.reject(new Error('the worker pool is closed'))
    if (this.#broken !== undefined) return Promise.reject(this.#broken)
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { id: this.#nextId++, params }, resolve, reject })
      this.#dispatch()
    })
  }

  /** Stops every worker; jobs not finished are rejected. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#fail(new Error('the worker pool was closed'))
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()))
  }

  #ready(slot: Slot): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        slot.worker.off('error', onError)
        if (reply.kind === 'ready') resolve()
        else if (reply.kind === 'failed') reject(toError(reply.error))
      }
      const onError = (error: Error): void => {
        slot.worker.off('message', onMessage)
        reject(error)
      }
      slot.worker.once('message', onMessage)
      slot.worker.once('error', onError)
    })
  }

  #listen(slot: Slot): void {
    slot.worker.on('message', (reply: WorkerReply) => {
      if (reply.kind !== 'done' || slot.current?.job.id !== reply.id) return
      const { resolve } = slot.current
      slot.current = undefined
      resolve(reply.outcome)
      this.#dispatch()
    })
    slot.worker.on('error', (error: Error) => {
      this.#fail(error)
    })
    slot.worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(new Error(`a sweep worker stopped unexpectedly (exit code ${code})`))
    })
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.current !== undefined) continue
      const next = this.#queue.shift()
      if (next === undefined) return
      slot.current = next
      slot.worker.postMessage(next.job)
    }
  }

  #fail(error: Error): void {
    this.#broken ??= error
    for (const slot of this.#slots) {
      slot.current?.reject(error)
      slot.current = undefined
    }
    for (const pending of this.#queue.splice(0)) pending.reject(error)
  }
}

/** A worker's failure as the error it was: a TradePulseError keeps its code across the thread boundary. */
function toError(error: CombinationError): Error {
  // The message already carries its location, formatted in the worker.
  if (error.code !== undefined && Object.hasOwn(ERROR_CODES, error.code))
    return new TradePulseError(error.code as ErrorCode, error.message)
  return new Error(error.message)
}
