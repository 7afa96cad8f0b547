/**
 * Group commit: many writers, one fsync. A journal in `batch` mode wrapped so that the first
 * append after a flush schedules the next flush, and `durable()` hands out the promise of the
 * flush that covers everything appended so far.
 *
 * Why: a server answering orders one fsync each is bounded by the disk (a few hundred per second
 * at best, whatever the concurrency). Here, every request that arrived in the same turn of the
 * event loop appends its records, the flush runs once at the end of that turn, and each request
 * is answered after `await journal.durable()`. With a journal that syncs off the event loop (the
 * file journal's `flushAsync`), the next group gathers while the disk syncs the current one, so
 * the event loop never waits on the disk. The promise is unchanged — nothing is acknowledged
 * before it is on disk — and the cost of the fsync is shared by the whole group. It is the same
 * trade as PostgreSQL's `commit_delay` and InnoDB's group commit, with a delay of zero: the group
 * is whatever was already waiting.
 *
 * The order manager still sees a synchronous `Journal` ("journaled before acted on" stays plain
 * statement order); what moves is the moment the caller may tell the outside world.
 *
 * A failed flush leaves the inner journal refusing every later append (jsonl-journal.ts); the
 * requests waiting on it are rejected with that error and must not be acknowledged.
 */
import type { Journal } from './journal.ts'

/** Runs a task once the current turn's work is done (setImmediate in a server). */
export type FlushScheduler = (task: () => void) => void

/** A journal that can sync off the event loop (the file journal can). */
export interface AsyncFlushable {
  flushAsync(): Promise<void>
}

export class GroupCommitJournal<R> implements Journal<R> {
  readonly #inner: Journal<R> & Partial<AsyncFlushable>
  readonly #schedule: FlushScheduler
  /** The group still taking appends: its flush has not started. */
  #open: Promise<void> | undefined
  /** The group being flushed now. */
  #flushing: Promise<void> | undefined
  #flushes = 0
  #closed = false

  /** `inner` should be in `batch` mode; a `sync` journal works too, with nothing left to share. */
  constructor(inner: Journal<R> & Partial<AsyncFlushable>, schedule: FlushScheduler = setImmediate) {
    this.#inner = inner
    this.#schedule = schedule
  }

  get lastSeq(): number {
    return this.#inner.lastSeq
  }

  /** How many group flushes have run (a group is every append since the previous one). */
  get flushes(): number {
    return this.#flushes
  }

  append(record: R): number {
    const seq = this.#inner.append(record)
    this.#arm()
    return seq
  }

  appendBatch(records: readonly R[]): number {
    const seq = this.#inner.appendBatch(records)
    if (records.length > 0) this.#arm()
    return seq
  }

  /** Flushes now, synchronously, outside the group. */
  flush(): void {
    this.#inner.flush()
  }

  /** Flushes what is pending (resolving its waiters) and releases the journal. */
  close(): void {
    this.#inner.close()
    this.#closed = true
  }

  /**
   * Resolves once every record appended before this call is durable; rejects with the flush's
   * error if that flush fails. Resolves at once when nothing is waiting to be flushed.
   */
  durable(): Promise<void> {
    return this.#open ?? this.#flushing ?? Promise.resolve()
  }

  /**
   * Opens a group at the first append after the last one closed. The group closes when the turn
   * ends and the previous group's flush is done, whichever is later: while the disk syncs one
   * group, the next one grows.
   */
  #arm(): void {
    if (this.#open !== undefined) return
    const previous = this.#flushing
    const open = new Promise<void>((resolve, reject) => {
      const run = (): void => {
        this.#open = undefined
        const flushing = this.#flushNow()
        this.#flushing = flushing
        flushing.then(resolve, reject).finally(() => {
          if (this.#flushing === flushing) this.#flushing = undefined
        })
      }
      this.#schedule(() => {
        if (previous === undefined) run()
        else previous.then(run, run)
      })
    })
    // A group nobody waits for must not become an unhandled rejection; waiters still see it.
    open.catch(() => undefined)
    this.#open = open
  }

  #flushNow(): Promise<void> {
    // `close` flushed this group already.
    if (this.#closed) return Promise.resolve()
    this.#flushes++
    if (this.#inner.flushAsync !== undefined) return this.#inner.flushAsync()
    try {
      this.#inner.flush()
      return Promise.resolve()
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }
}
