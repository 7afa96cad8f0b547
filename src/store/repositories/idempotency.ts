/**
 * Idempotency keys: the first request under a key claims it (with a hash of the request); the
 * response is stored when it is ready; a repeat of the same request gets that response back,
 * and the same key on a different request is refused. The claim is an INSERT on the
 * `(owner, key)` primary key, so of two concurrent first requests exactly one wins.
 */
import { isUniqueViolation, type Queryable } from '../database.ts'
import { readOptionalText, readText } from '../pagination.ts'

export type IdempotencyClaim =
  /** The key is new: handle the request, then `complete` it. */
  | { readonly kind: 'claimed' }
  /** The same request was handled: answer with its stored response. */
  | { readonly kind: 'replay'; readonly response: unknown }
  /** The same request is being handled now, by another call. */
  | { readonly kind: 'in-progress' }
  /** The key was used for a different request. */
  | { readonly kind: 'mismatch' }

export class IdempotencyRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  async claim(owner: string, key: string, requestHash: string, at: number): Promise<IdempotencyClaim> {
    try {
      await this.#db.execute(
        'INSERT INTO idempotency_keys (owner, key, request_hash, created_at) VALUES ($1, $2, $3, $4)',
        [owner, key, requestHash, BigInt(at)],
      )
      return { kind: 'claimed' }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
    const [row] = await this.#db.query(
      'SELECT request_hash, response FROM idempotency_keys WHERE owner = $1 AND key = $2',
      [owner, key],
    )
    // Unique violation, then gone: released by `release` in between. Rare enough to report as in progress.
    if (row === undefined) return { kind: 'in-progress' }
    if (readText(row, 'request_hash') !== requestHash) return { kind: 'mismatch' }
    const response = readOptionalText(row, 'response')
    return response === null
      ? { kind: 'in-progress' }
      : { kind: 'replay', response: JSON.parse(response) as unknown }
  }

  /** Stores the response for a claimed key. */
  async complete(owner: string, key: string, response: unknown): Promise<void> {
    await this.#db.execute('UPDATE idempotency_keys SET response = $3 WHERE owner = $1 AND key = $2', [
      owner,
      key,
      JSON.stringify(response),
    ])
  }

  /** Gives up a claim whose request failed before it had an effect, so a retry can run it. */
  async release(owner: string, key: string): Promise<void> {
    await this.#db.execute(
      'DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND response IS NULL',
      [owner, key],
    )
  }

  /** Forgets keys created before `before` (epoch ms); returns how many. */
  async expire(before: number): Promise<number> {
    return this.#db.execute('DELETE FROM idempotency_keys WHERE created_at < $1', [BigInt(before)])
  }
}
