import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, backoffDelay, retryAfterMs } from './backoff.ts'

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and jitters within its upper half', () => {
    const policy = { initialMs: 100, maxMs: 10_000, maxAttempts: 5 }
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400])
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([100, 200, 400, 800])
  })

  it('never exceeds the cap, whatever the attempt and the random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (n, r) => {
          const delay = backoffDelay(n, DEFAULT_BACKOFF, () => r)
          return delay >= DEFAULT_BACKOFF.initialMs / 2 && delay <= DEFAULT_BACKOFF.maxMs
        },
      ),
    )
  })
})

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, whatever the header case', () => {
    expect(retryAfterMs({ 'Retry-After': '2' }, 0)).toBe(2000)
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT' }, 1000)).toBe(4000)
    expect(retryAfterMs({ 'content-type': 'application/json' }, 0)).toBeUndefined()
    expect(retryAfterMs(undefined, 0)).toBeUndefined()
  })
})
