import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs } from '../testing/random-inputs.ts'
import { Zscore, zscore, zscoreIndicator } from './zscore.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** The reference: each window's mean and population deviation computed afresh, in two passes. */
function twoPassZscore(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  for (let i = period - 1; i < values.length; i++) {
    const window = values.subarray(i - period + 1, i + 1)
    const mean = window.reduce((a, b) => a + b, 0) / period
    const std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / period)
    out[i] = std > 0 ? (values[i]! - mean) / std : 0
  }
  return out
}

describe('rolling z-score', () => {
  it('puts 5 at √2 deviations above the mean of 1, 2, 3, 4, 5', () => {
    const out = zscore(Float64Array.of(1, 2, 3, 4, 5, 3), { period: 5 })
    expect(Array.from(out.subarray(0, 4)).every(Number.isNaN)).toBe(true)
    expect(out[4]).toBeCloseTo(Math.SQRT2, 14)
    // Window 2, 3, 4, 5, 3: mean 3.4, variance 1.04.
    expect(out[5]).toBeCloseTo(-0.4 / Math.sqrt(1.04), 14)
  })

  it('is 0 on a flat window', () => {
    const out = zscore(new Float64Array(25).fill(7.5))
    for (let i = 19; i < 25; i++) expect(out[i]).toBe(0)
  })

  it('matches the two-pass reference on random data', () => {
    const close = randomInputs({ length: 600, seed: 81 }).close
    for (const period of [2, 10, 20, 45]) {
      const ours = zscore(close, { period })
      const reference = twoPassZscore(close, period)
      for (let i = period - 1; i < 600; i++) expect(closeEnough(ours[i]!, reference[i]!, 1e-9)).toBe(true)
    }
  })

  it('never exceeds √(period − 1) in size, Samuelson’s bound (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 2, max: 10 }),
        (raw, period) => {
          const out = zscore(Float64Array.from(raw), { period })
          for (let i = period - 1; i < raw.length; i++) {
            expect(Math.abs(out[i]!)).toBeLessThanOrEqual(Math.sqrt(period - 1) * (1 + 1e-12))
          }
        },
      ),
    )
  })

  it('streams the same values', () => {
    const close = randomInputs({ length: 100, seed: 82 }).close
    const batch = zscore(close, { period: 6 })
    const stream = new Zscore({ period: 6 })
    for (let i = 0; i < 100; i++) expect(Object.is(stream.update(close[i]!), batch[i])).toBe(true)
    expect(stream.update(Number.NaN)).toBeNaN()
  })
})

describe('rolling z-score after a spike', () => {
  it('forgets a 1e308 or 1e15 value the moment it leaves the window', () => {
    const clean = randomInputs({ length: 600, seed: 172 }).close
    for (const period of [3, 20, 50]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + period,
        faces: (value) => {
          const { batch, stream } = bothFaces(zscoreIndicator, { value }, { period }, 'value')
          return [batch, stream]
        },
        reference: (value) => twoPassZscore(value, period),
        scale: 1,
        exact: true,
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })
})
