/**
 * The answers given under Idempotency-Keys, written behind the answers themselves.
 *
 * The execution journal is the truth about orders: a request is answered once its order is
 * journaled and synced (the desk's group commit). The answer recorded here is an index over it —
 * the request's hash, to refuse the key on a different request, and the first answer, to return
 * it again. So it need not hold up the answer: answers are kept in memory at once (a retry in
 * this process sees them) and written to the store every `commitDelayMs` in one transaction — one
 * fsync on SQLite however many orders it covers. A crash can lose the answers of the last few
 * milliseconds, never their orders; a retry of one of those is recognised from the journal by the
 * order route (src/api/routes/trading.ts).
 */
import type { Database } from '../store/database.ts'
import { type IdempotencyRecord, IdempotencyRepository } from '../store/repositories/idempotency.ts'

export interface IdempotencyLogOptions {
  /** How long answers gather before they are written together. Default 50 ms. */
  readonly commitDelayMs?: number
  /** Told when a group could not be written (its answers stay served from the journal). */
  readonly onError?: (error: unknown, lost: number) => void
}

export class IdempotencyLog {
  readonly #db: Database
  readonly #repository: IdempotencyRepository
  readonly #delayMs: number
  readonly #onError: (error: unknown, lost: number) => void
  /** Answers not yet committed, by owner and key. */
  readonly #pending = new Map<string, IdempotencyRecord>()
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> = Promise.resolve()

  constructor(db: Database, options: IdempotencyLogOptions = {}) {
    this.#db = db
    this.#repository = new IdempotencyRepository(db)
    this.#delayMs = options.commitDelayMs ?? 50
    this.#onError = options.onError ?? (() => undefined)
  }

  async find(owner: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.#pending.get(slotOf(owner, key)) ?? (await this.#repository.find(owner, key))
  }

  /** Keeps an answer; it is written with the others of the next commit. */
  record(record: IdempotencyRecord): void {
    const slot = slotOf(record.owner, record.key)
    // The first request under a key stays its request, as in the store.
    const held = this.#pending.get(slot)
    if (held !== undefined && held.requestHash !== record.requestHash) return
    this.#pending.set(slot, record)
    this.#timer ??= setTimeout(() => {
      void this.commit()
    }, this.#delayMs)
  }

  /** Writes every answer kept so far; resolves when they are committed (or reported lost). */
  commit(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const group = [...this.#pending.values()]
    if (group.length === 0) return this.#writing
    this.#writing = this.#writing.then(async () => {
      try {
        await this.#db.transaction((tx) => new IdempotencyRepository(tx).record(group))
      } catch (error) {
        this.#onError(error, group.length)
      }
      for (const record of group) {
        const slot = slotOf(record.owner, record.key)
        if (this.#pending.get(slot) === record) this.#pending.delete(slot)
      }
    })
    return this.#writing
  }

  /** Forgets keys created before `before` (epoch ms); returns how many. */
  expire(before: number): Promise<number> {
    return this.#repository.expire(before)
  }
}

function slotOf(owner: string, key: string): string {
  return `${owner}\u0000${key}`
}
