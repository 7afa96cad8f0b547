/**
 * API keys: only a hash of each secret is stored (the caller hashes; the secret is shown once
 * at creation). A revoked key stays, so an audit can still name it.
 */
import type { Queryable, SqlRow } from '../database.ts'
import {
  fetchPage,
  readSafeInteger,
  readOptionalSafeInteger,
  readText,
  type Page,
  type PageRequest,
} from '../pagination.ts'

export interface ApiKeyRecord {
  readonly id: string
  readonly name: string
  readonly scopes: readonly string[]
  /** Hash of the secret, as the authenticator computes it; unique. */
  readonly hash: string
  readonly createdAt: number
  readonly revokedAt: number | null
  readonly lastUsedAt: number | null
}

const COLUMNS = 'SELECT id, name, scopes, hash, created_at, revoked_at, last_used_at FROM api_keys'

export class ApiKeyRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  async insert(key: ApiKeyRecord): Promise<void> {
    await this.#db.execute(
      'INSERT INTO api_keys (id, name, scopes, hash, created_at, revoked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        key.id,
        key.name,
        JSON.stringify(key.scopes),
        key.hash,
        BigInt(key.createdAt),
        key.revokedAt === null ? null : BigInt(key.revokedAt),
        key.lastUsedAt === null ? null : BigInt(key.lastUsedAt),
      ],
    )
  }

  /** The key with this hash, revoked or not (the caller decides what a revoked key may do). */
  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.#db.query(`${COLUMNS} WHERE hash = $1`, [hash])
    return row === undefined ? undefined : toApiKey(row)
  }

  async list(request: PageRequest = {}): Promise<Page<ApiKeyRecord>> {
    return fetchPage(this.#db, { select: COLUMNS, where: [], params: [] }, request, toApiKey)
  }

  /** Revokes a live key; false when there is no such key or it was already revoked. */
  async revoke(id: string, at: number): Promise<boolean> {
    const changed = await this.#db.execute(
      'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
      [id, BigInt(at)],
    )
    return changed === 1
  }

  async recordUse(id: string, at: number): Promise<void> {
    await this.#db.execute('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [id, BigInt(at)])
  }
}

function toApiKey(row: SqlRow): ApiKeyRecord {
  return {
    id: readText(row, 'id'),
    name: readText(row, 'name'),
    scopes: JSON.parse(readText(row, 'scopes')) as string[],
    hash: readText(row, 'hash'),
    createdAt: readSafeInteger(row, 'created_at'),
    revokedAt: readOptionalSafeInteger(row, 'revoked_at'),
    lastUsedAt: readOptionalSafeInteger(row, 'last_used_at'),
  }
}
