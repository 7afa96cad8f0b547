import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ChartPoint } from './chart-data.ts'
import { downsampleMinMax } from './downsample.ts'

const series = (values: readonly number[]): ChartPoint[] => values.map((value, time) => ({ time, value }))

describe('downsampleMinMax', () => {
  it('keeps a series that fits as it is', () => {
    expect(downsampleMinMax(series([3, 1, 2]), 4)).toEqual(series([3, 1, 2]))
  })

  it('keeps the first, the last and each bucket’s low and high in time order', () => {
    // Ten points into six: inner points 1–8 in two buckets, [1, 5) and [5, 9).
    // Bucket one: 1 (low, time 1) and 9 (high, time 2); bucket two: 2 (time 5) and 8 (time 6).
    const thinned = downsampleMinMax(series([5, 1, 9, 3, 7, 2, 8, 4, 6, 0]), 6)
    expect(thinned.map((point) => [point.time, point.value])).toEqual([
      [0, 5],
      [1, 1],
      [2, 9],
      [5, 2],
      [6, 8],
      [9, 0],
    ])
  })

  it('never exceeds the limit, keeps time order and keeps the extremes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 4, max: 60 }),
        (values, maxPoints) => {
          const thinned = downsampleMinMax(series(values), maxPoints)
          expect(thinned.length).toBeLessThanOrEqual(maxPoints)
          expect(Math.max(...thinned.map((point) => point.value))).toBe(Math.max(...values))
        },
      ),
    )
  })

  it('refuses a limit below four points', () => {
    expect(() => downsampleMinMax(series([1, 2]), 3)).toThrow('maxPoints must be an integer >= 4, was 3')
  })
})
