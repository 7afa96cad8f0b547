/**
 * Dashboard sessions: an API key exchanged once for a random session id that travels in an
 * httpOnly cookie, so the key itself never sits in the browser's storage. A session holds the
 * key's id and the SHA-256 of the key (never the key), an expiry and a CSRF token; every request
 * re-reads the key by that hash, so revoking the key ends its sessions at once, and the scopes
 * are always the key's current ones.
 *
 * Sessions live in this process's memory: a restart signs everyone out (docs/dashboard.md). The
 * ids are 256-bit random values; the map is keyed by their SHA-256 so that a heap dump does not
 * hand out live cookies.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export interface Session {
  readonly keyId: string
  readonly keyHash: string
  readonly csrfToken: string
  readonly createdAt: number
  readonly expiresAt: number
}

export interface CreatedSession {
  /** The cookie value; only its hash is kept. */
  readonly id: string
  readonly session: Session
}

const hashId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex')

export class SessionStore {
  readonly #sessions = new Map<string, Session>()
  readonly #ttlMs: number

  constructor(ttlMs: number) {
    if (!Number.isInteger(ttlMs) || ttlMs < 1)
      throw new RangeError(`ttlMs must be a positive integer, was ${ttlMs}`)
    this.#ttlMs = ttlMs
  }

  get size(): number {
    return this.#sessions.size
  }

  create(key: { readonly id: string; readonly hash: string }, now: number): CreatedSession {
    this.#sweep(now)
    const id = randomBytes(32).toString('base64url')
    const session: Session = {
      keyId: key.id,
      keyHash: key.hash,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: now + this.#ttlMs,
    }
    this.#sessions.set(hashId(id), session)
    return { id, session }
  }

  /** The live session for a cookie value; an expired one is forgotten and answers undefined. */
  get(id: string, now: number): Session | undefined {
    const hashed = hashId(id)
    const session = this.#sessions.get(hashed)
    if (session === undefined) return undefined
    if (session.expiresAt <= now) {
      this.#sessions.delete(hashed)
      return undefined
    }
    return session
  }

  delete(id: string): boolean {
    return this.#sessions.delete(hashId(id))
  }

  /** Expired sessions go when a new one is made, so the map cannot grow without bound. */
  #sweep(now: number): void {
    for (const [hashed, session] of this.#sessions)
      if (session.expiresAt <= now) this.#sessions.delete(hashed)
  }
}

/** Whether a presented CSRF token is the session's, in time independent of where they differ. */
export function csrfTokenMatches(session: Session, presented: string | undefined): boolean {
  if (presented === undefined) return false
  const expected = Buffer.from(session.csrfToken, 'utf8')
  const given = Buffer.from(presented, 'utf8')
  return expected.length === given.length && timingSafeEqual(expected, given)
}
