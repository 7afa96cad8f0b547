import { describe, expect, it } from 'vitest'
import { rational, rationalToNumber } from './rational.ts'

describe('rational', () => {
  it('reduces to lowest terms with a positive denominator', () => {
    expect(rational(210n, 2n)).toEqual({ numerator: 105n, denominator: 1n })
    expect(rational(302n, 3n)).toEqual({ numerator: 302n, denominator: 3n })
    expect(rational(-520n, -5n), 'a short: negative basis over negative lots').toEqual({
      numerator: 104n,
      denominator: 1n,
    })
    expect(rational(6n, -4n)).toEqual({ numerator: -3n, denominator: 2n })
    expect(rational(0n, 7n)).toEqual({ numerator: 0n, denominator: 1n })
  })

  it('refuses a zero denominator', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError)
  })

  it('converts to the nearest double, exact in its whole part beyond 2^53 over the denominator', () => {
    expect(rationalToNumber(rational(302n, 3n))).toBeCloseTo(100.6667, 4)
    expect(rationalToNumber(rational(-7n, 2n))).toBe(-3.5)
    expect(rationalToNumber(rational(10n ** 17n + 1n, 10n ** 9n))).toBe(100_000_000)
  })
})
