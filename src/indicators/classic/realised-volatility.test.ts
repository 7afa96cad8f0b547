import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs } from '../testing/random-inputs.ts'
import { RealisedVolatility, realisedVolatility, realisedVolatilityIndicator } from './realised-volatility.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** The reference: log returns, then each window's sample deviation in two passes, annualised. */
function reference(prices: Float64Array, period: number, periodsPerYear: number): Float64Array {
  const out = new Float64Array(prices.length).fill(Number.NaN)
  for (let i = period; i < prices.length; i++) {
    const r: number[] = []
    for (let j = i - period + 1; j <= i; j++) {
      r.push(prices[j]! > 0 && prices[j - 1]! > 0 ? Math.log(prices[j]! / prices[j - 1]!) : Number.NaN)
    }
    const mean = r.reduce((a, b) => a + b, 0) / period
    out[i] = Math.sqrt((r.reduce((a, b) => a + (b - mean) ** 2, 0) / (period - 1)) * periodsPerYear)
  }
  return out
}

describe('realised volatility', () => {
  it('annualises the sample deviation of log returns', () => {
    // Returns ±ln 1.1 alternate: mean 0, sample variance of a pair 2·ln²1.1.
    const prices = Float64Array.of(100, 110, 100, 110, 100)
    const out = realisedVolatility(prices, { period: 2 })
    expect(out[0]).toBeNaN()
    expect(out[1]).toBeNaN()
    for (let i = 2; i < 5; i++) expect(out[i]).toBeCloseTo(Math.log(1.1) * Math.SQRT2 * Math.sqrt(252), 13)
    expect(realisedVolatility(prices, { period: 2, periodsPerYear: 1 })[4]).toBeCloseTo(
      Math.log(1.1) * Math.SQRT2,
      14,
    )
  })

  it('is exactly 0 on constant prices and next to 0 on steady growth', () => {
    expect(Array.from(realisedVolatility(new Float64Array(30).fill(42)).subarray(20))).toEqual(
      new Array(10).fill(0),
    )
    const growth = Float64Array.from({ length: 60 }, (_, i) => 100 * 1.01 ** i)
    for (const v of realisedVolatility(growth).subarray(20)) expect(v).toBeLessThan(1e-12)
  })

  it('matches the two-pass reference on random prices', () => {
    const close = randomInputs({ length: 600, seed: 111 }).close
    for (const [period, perYear] of [
      [2, 252],
      [20, 252],
      [60, 525_600],
    ] as const) {
      const ours = realisedVolatility(close, { period, periodsPerYear: perYear })
      const expected = reference(close, period, perYear)
      expect(realisedVolatilityIndicator.warmup(realisedVolatilityIndicator.resolve({ period }))).toBe(period)
      for (let i = period; i < 600; i++) expect(closeEnough(ours[i]!, expected[i]!, 1e-10)).toBe(true)
    }
  })

  it('is NaN exactly for the windows holding a return from a non-positive price', () => {
    const close = randomInputs({ length: 200, seed: 112 }).close
    close[80] = 0
    const out = realisedVolatility(close, { period: 10 })
    const expected = reference(close, 10, 252)
    // Returns 80 and 81 involve the zero; windows ending at rows 80..90 hold one of them.
    for (let i = 10; i < 200; i++) {
      if (i >= 80 && i <= 90) expect(out[i], `row ${i}`).toBeNaN()
      else expect(closeEnough(out[i]!, expected[i]!, 1e-10), `row ${i}`).toBe(true)
    }
  })

  it('streams the same values', () => {
    const close = randomInputs({ length: 150, seed: 113 }).close
    close[40] = -3
    const batch = realisedVolatility(close, { period: 7 })
    const stream = new RealisedVolatility({ period: 7 })
    for (let i = 0; i < 150; i++) expect(Object.is(stream.update(close[i]!), batch[i]), `row ${i}`).toBe(true)
    expect(stream.update(Number.NaN)).toBeNaN()
    stream.reset()
    expect(stream.update(close[0]!)).toBeNaN()
  })
})

describe('realised volatility after a spike', () => {
  it('forgets a 1e308 or 1e15 price once both its returns have left the window', () => {
    const clean = randomInputs({ length: 600, seed: 173 }).close
    for (const period of [2, 20, 50]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + period + 1,
        faces: (value) => {
          const { batch, stream } = bothFaces(realisedVolatilityIndicator, { value }, { period }, 'value')
          return [batch, stream]
        },
        reference: (value) => reference(value, period, 252),
        exact: true,
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })
})
