/**
 * Exponential backoff with full jitter: attempt n waits a random time in
 * [base·2^n / 2, base·2^n], capped. The jitter keeps many clients that lost the same exchange at
 * the same moment from coming back in lock-step; the lower half-bound keeps a retry from firing
 * at once. A server that says when to come back (429 Retry-After) is obeyed instead.
 */

export interface BackoffPolicy {
  readonly initialMs: number
  readonly maxMs: number
  /** Attempts before a command is given up (the reconciliation that follows a reconnect never gives up). */
  readonly maxAttempts: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, maxAttempts: 8 }

/** The wait before retry `attempt` (0 for the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}

/** The wait a 429 or 503 asks for, from its Retry-After header (seconds or an HTTP date); else undefined. */
export function retryAfterMs(headers: unknown, now: number): number | undefined {
  if (headers === null || typeof headers !== 'object') return undefined
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'retry-after' || typeof value !== 'string') continue
    const seconds = Number(value)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(value)
    if (Number.isFinite(date)) return Math.max(0, date - now)
  }
  return undefined
}
