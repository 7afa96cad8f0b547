import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { randomInputs } from '../testing/random-inputs.ts'
import { LogReturns, logReturn, logReturns } from './log-returns.ts'

describe('log returns', () => {
  it('is the log of the price ratio', () => {
    const out = logReturns(Float64Array.of(100, 100 * Math.exp(0.05), 100))
    expect(out[0]).toBeNaN()
    expect(out[1]).toBeCloseTo(0.05, 15)
    expect(out[2]).toBeCloseTo(-0.05, 15)
  })

  it('adds up: the k-bar log return is the sum of the one-bar ones', () => {
    const close = randomInputs({ length: 300, seed: 101 }).close
    const one = logReturns(close)
    const five = logReturns(close, { period: 5 })
    for (let i = 5; i < 300; i++) {
      const sum = one[i]! + one[i - 1]! + one[i - 2]! + one[i - 3]! + one[i - 4]!
      expect(Math.abs(five[i]! - sum)).toBeLessThan(1e-14)
      expect(Math.abs(five[i]! - (Math.log(close[i]!) - Math.log(close[i - 5]!)))).toBeLessThan(1e-13)
    }
  })

  it('is NaN where either price is not positive (an input error), never ±Infinity', () => {
    const out = logReturns(Float64Array.of(100, 0, 50, -5, -10, 20))
    expect(Array.from(out).every(Number.isNaN)).toBe(true)
    expect(logReturn(1e-300, 1e300)).toBeNaN()
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (x, base) => {
        const r = logReturn(x, base)
        expect(Number.isNaN(r) || Number.isFinite(r)).toBe(true)
        if (x > 0 && base > 0 && Number.isFinite(x) && Number.isFinite(base) && Number.isFinite(r)) {
          expect(r).toBeCloseTo(Math.log(x / base), 12)
        }
      }),
    )
  })

  it('streams the same values', () => {
    const close = randomInputs({ length: 50, seed: 102 }).close
    close[10] = 0
    const batch = logReturns(close, { period: 2 })
    const stream = new LogReturns({ period: 2 })
    for (let i = 0; i < 50; i++) expect(Object.is(stream.update(close[i]!), batch[i])).toBe(true)
  })
})
