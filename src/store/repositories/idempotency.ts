/**
 * Idempotency keys: the answer given to a request under an `(owner, key)`, with a hash of the
 * request, so a retry of the same request gets the same answer and the same key on a different
 * request is refused.
 *
 * Answers are recorded after the fact, many per statement: the service records the answers of
 * every order of one turn together (group commit), after the execution journal holds the orders
 * themselves. A key is therefore never "claimed" ahead of its request here; who is answering a
 * key right now is the service's in-memory concern, and a key whose order is journaled but whose
 * answer was lost to a crash is recognised from the journal (src/api/routes/trading.ts).
 */
import type { Queryable } from '../database.ts'
import { readOptionalText, readSafeInteger, readText } from '../pagination.ts'

export interface IdempotencyRecord {
  readonly owner: string
  readonly key: string
  readonly requestHash: string
  /** The answer, as JSON-serialisable data; `null` for a claim left by an older version. */
  readonly response: unknown
  /** Epoch ms. */
  readonly createdAt: number
}

/**
 * Rows per INSERT: five parameters each, well under SQLite's and PostgreSQL's limits. Groups go in
 * power-of-two chunks, so a handful of statement shapes serve every group size and stay prepared.
 */
const MAX_ROWS_PER_STATEMENT = 256

export class IdempotencyRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  async find(owner: string, key: string): Promise<IdempotencyRecord | undefined> {
    const [row] = await this.#db.query(
      'SELECT request_hash, response, created_at FROM idempotency_keys WHERE owner = $1 AND key = $2',
      [owner, key],
    )
    if (row === undefined) return undefined
    const response = readOptionalText(row, 'response')
    return {
      owner,
      key,
      requestHash: readText(row, 'request_hash'),
      response: response === null ? null : (JSON.parse(response) as unknown),
      createdAt: readSafeInteger(row, 'created_at'),
    }
  }

  /**
   * Records answers. A key already recorded keeps its first request: a row for the same request
   * takes the new answer (completing an older claim), one for a different request changes
   * nothing. Run it inside a transaction to make a group all or nothing.
   */
  async record(records: readonly IdempotencyRecord[]): Promise<void> {
    for (let start = 0; start < records.length;) {
      let size = MAX_ROWS_PER_STATEMENT
      while (size > records.length - start) size /= 2
      const chunk = records.slice(start, start + size)
      start += size
      const values = chunk.map(
        (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`,
      )
      await this.#db.execute(
        `INSERT INTO idempotency_keys (owner, key, request_hash, response, created_at) VALUES ${values.join(', ')}
         ON CONFLICT (owner, key) DO UPDATE SET response = excluded.response
         WHERE idempotency_keys.request_hash = excluded.request_hash`,
        chunk.flatMap((r) => [
          r.owner,
          r.key,
          r.requestHash,
          JSON.stringify(r.response),
          BigInt(r.createdAt),
        ]),
      )
    }
  }

  /** Forgets keys created before `before` (epoch ms); returns how many. */
  async expire(before: number): Promise<number> {
    return this.#db.execute('DELETE FROM idempotency_keys WHERE created_at < $1', [BigInt(before)])
  }
}
