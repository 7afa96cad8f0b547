/**
 * API keys: `tp_<id>_<secret>`, 32 random bytes of secret. Only the SHA-256 of the whole key is
 * stored (ApiKeyRepository); the key itself is shown once, when created. A plain hash suffices
 * because the secret is random, not a password: there is nothing to guess a dictionary against.
 *
 * Scopes nest: `admin` can do what `trade` can, and `trade` what `read` can.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { TradePulseError } from '../domain/errors.ts'
import type { ApiKeyRecord, ApiKeyRepository } from '../store/repositories/api-keys.ts'

export const SCOPES = ['read', 'trade', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

const RANK: Readonly<Record<Scope, number>> = { read: 0, trade: 1, admin: 2 }

const KEY_PATTERN = /^tp_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** Whether a key holding `scopes` may use a route that requires `required`. */
export function grants(scopes: readonly string[], required: Scope): boolean {
  return scopes.some((s) => s in RANK && RANK[s as Scope] >= RANK[required])
}

export function parseScopes(text: string, field = '--scopes'): Scope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (scopes.length === 0)
    throw new TradePulseError('CLI_USAGE', `give at least one of ${SCOPES.join(', ')}`, { field })
  for (const scope of scopes)
    if (!(SCOPES as readonly string[]).includes(scope))
      throw new TradePulseError(
        'CLI_USAGE',
        `unknown scope ${JSON.stringify(scope)}: use ${SCOPES.join(', ')}`,
        {
          field,
        },
      )
  return [...new Set(scopes)] as Scope[]
}

export interface CreatedKey {
  readonly key: string
  readonly record: ApiKeyRecord
}

export async function createApiKey(
  keys: ApiKeyRepository,
  name: string,
  scopes: readonly Scope[],
  now: number,
): Promise<CreatedKey> {
  const id = randomBytes(6).toString('hex')
  const key = `tp_${id}_${randomBytes(32).toString('base64url')}`
  const record: ApiKeyRecord = {
    id,
    name,
    scopes,
    hash: hashApiKey(key),
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
  }
  await keys.insert(record)
  return { key, record }
}

/** The live key record for a presented key, or undefined (malformed, unknown or revoked). */
export async function verifyApiKey(
  keys: ApiKeyRepository,
  presented: string,
): Promise<ApiKeyRecord | undefined> {
  const match = KEY_PATTERN.exec(presented)
  if (match === null) return undefined
  const hash = hashApiKey(presented)
  const record = await keys.findByHash(hash)
  if (record?.revokedAt !== null || record.id !== match[1]) return undefined
  // The lookup was by hash already; comparing again in constant time keeps timing flat for a near miss.
  const stored = Buffer.from(record.hash, 'hex')
  const given = Buffer.from(hash, 'hex')
  return stored.length === given.length && timingSafeEqual(stored, given) ? record : undefined
}
