import { describe, expect, it } from 'vitest'
import { getIndicator } from '../registry.ts'

const f = (values: readonly number[]): Float64Array => Float64Array.from(values)

describe('volume-profile', () => {
  it('finds the point of control and grows the value area toward the heavier neighbour', () => {
    // Range [10, 14] in 4 bins of 1. Bar 1 spreads 100 over [10, 12] (50 + 50), bar 2 puts 50 in
    // [10, 11], bar 3 spreads 200 over [12, 14] (100 + 100): bins 100, 50, 100, 100 of 350.
    const out = getIndicator('volume-profile').compute(
      { high: f([12, 11, 14]), low: f([10, 10, 12]), volume: f([100, 50, 200]) } as never,
      { window: 3, bins: 4, valueArea: 0.7 },
    )
    expect(out.poc![1]).toBeNaN()
    expect(out.poc![2], 'the lowest of the tied bins, at its centre').toBe(10.5)
    // 70% of 350 = 245: bin 0 (100), then bin 1 (50, the only neighbour), then bin 2 (100) = 250.
    expect(out.valueAreaLow![2]).toBe(10)
    expect(out.valueAreaHigh![2]).toBe(13)
  })

  it('gives the price itself when the window traded at one price', () => {
    const out = getIndicator('volume-profile').compute(
      { high: f([5, 5]), low: f([5, 5]), volume: f([1, 2]) } as never,
      { window: 2 },
    )
    expect([out.poc![1], out.valueAreaLow![1], out.valueAreaHigh![1]]).toEqual([5, 5, 5])
  })

  it('is NaN for a window without volume', () => {
    const out = getIndicator('volume-profile').compute(
      { high: f([6, 7]), low: f([5, 5]), volume: f([0, 0]) } as never,
      { window: 2 },
    )
    expect(out.poc![1]).toBeNaN()
  })
})
