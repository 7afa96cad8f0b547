import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { periodReturns } from './period-returns.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

describe('periodReturns', () => {
  it('takes the last equity of each UTC day for intraday points', () => {
    // Day 0: 100 (base), 101, 102; day 1: 99, 103; day 2: 103.
    const times = [0, HOUR, 23 * HOUR, DAY + HOUR, DAY + 5 * HOUR, 2 * DAY]
    const equity = [100, 101, 102, 99, 103, 103]
    const returns = Array.from(periodReturns(times, equity))
    expect(returns).toHaveLength(3)
    expect(returns[0]).toBeCloseTo(102 / 100 - 1, 15)
    expect(returns[1]).toBeCloseTo(103 / 102 - 1, 15)
    expect(returns[2]).toBe(0)
  })

  it('returns one value per point when the points are a day or more apart', () => {
    const times = [0, DAY, 2 * DAY, 9 * DAY]
    const equity = [100, 110, 99, 99]
    expect(Array.from(periodReturns(times, equity))).toEqual([110 / 100 - 1, 99 / 110 - 1, 0])
  })

  it('is empty for fewer than two points', () => {
    expect(periodReturns([0], [100])).toHaveLength(0)
    expect(periodReturns([], [])).toHaveLength(0)
  })

  it('refuses times and equity of different lengths', () => {
    expect(() => periodReturns([0, 1], [1])).toThrow(/times and equity/)
  })

  it('compounds back to the last equity over the first (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 30 * HOUR }), fc.double({ min: 50, max: 200, noNaN: true })),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (steps) => {
          const times = [0]
          const equity = [100]
          for (const [gap, value] of steps) {
            times.push(times[times.length - 1]! + gap)
            equity.push(value)
          }
          const growth = periodReturns(times, equity).reduce((product, r) => product * (1 + r), 1)
          expect(growth * 100).toBeCloseTo(equity[equity.length - 1]!, 6)
        },
      ),
    )
  })
})
