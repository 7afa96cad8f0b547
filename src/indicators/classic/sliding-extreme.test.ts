/**
 * The monotonic-deque window extreme against a direct scan of the window, on random data with
 * many ties, and its use from a stream.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SlidingExtreme, slidingMax, slidingMin } from './sliding-extreme.ts'

describe('sliding extreme', () => {
  it('gives the max and min of the last period values', () => {
    const xs = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6)
    expect(Array.from(slidingMax(xs, 3))).toEqual([Number.NaN, Number.NaN, 4, 4, 5, 9, 9, 9])
    expect(Array.from(slidingMin(xs, 3))).toEqual([Number.NaN, Number.NaN, 1, 1, 1, 1, 2, 2])
    expect(Array.from(slidingMax(xs, 3, undefined, true).subarray(0, 2))).toEqual([3, 3])
  })

  it('equals a direct scan of the window, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 25 }),
        (ints, period) => {
          const xs = Float64Array.from(ints)
          const max = slidingMax(xs, period, undefined, true)
          const min = slidingMin(xs, period, undefined, true)
          for (let i = 0; i < xs.length; i++) {
            const window = ints.slice(Math.max(0, i - period + 1), i + 1)
            expect(max[i]).toBe(Math.max(...window))
            expect(min[i]).toBe(Math.min(...window))
          }
        },
      ),
    )
  })

  it('streams one value at a time and forgets everything on reset', () => {
    const window = new SlidingExtreme(2, 'max')
    expect(window.current()).toBeNaN()
    expect([5, 3, 1, 7].map((x) => window.push(x))).toEqual([5, 5, 3, 7])
    window.reset()
    expect(window.count).toBe(0)
    expect(window.push(-1)).toBe(-1)
    expect(() => new SlidingExtreme(0, 'min')).toThrow(RangeError)
  })
})
