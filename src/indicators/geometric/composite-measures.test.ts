import { describe, expect, it } from 'vitest'
import { getIndicator } from '../registry.ts'
import { randomInputs } from '../testing/random-inputs.ts'
import { skewness } from './direction-index.ts'

describe('skewness', () => {
  it('is m₃ / m₂^{3/2} of the population moments (hand-computed)', () => {
    // Mean 4, deviations −3, −2, −1, 6: m₂ = 50/4 = 12.5, m₃ = 180/4 = 45.
    expect(skewness(Float64Array.from([1, 2, 3, 10]))).toBeCloseTo(45 / 12.5 ** 1.5, 14)
    expect(skewness(Float64Array.from([2, 2, 2])), 'no dispersion').toBe(0)
  })
})

describe('direction-index', () => {
  const close = randomInputs({ length: 400, seed: 5 }).close

  it('is skewWeight·skewness + curvatureWeight·Δκ + bias, Δκ being ricci’s temporal output', () => {
    const params = { window: 40, lag: 10, skewWeight: 2, curvatureWeight: -3, bias: 0.5 }
    const out = getIndicator('direction-index').compute({ value: close } as never, params)
    const ricci = getIndicator('ricci').compute({ value: close } as never, { window: 40, lag: 10 })
    const t = 300
    const returns = new Float64Array(40)
    for (let k = 0; k < 40; k++) returns[k] = Math.log(close[t - 39 + k]! / close[t - 40 + k]!)
    expect(out.skewness![t]).toBeCloseTo(skewness(returns), 12)
    expect(out.curvatureChange![t]).toBe(ricci.temporal![t])
    expect(out.value![t]).toBeCloseTo(2 * skewness(returns) - 3 * ricci.temporal![t]! + 0.5, 12)
  })

  it('is the bias alone on a price growing at a constant rate (no skew, a path graph that does not change)', () => {
    const steady = Float64Array.from({ length: 200 }, (_, i) => 100 * 1.01 ** i)
    const out = getIndicator('direction-index').compute({ value: steady } as never, {
      window: 20,
      lag: 5,
      bias: 0.25,
    })
    expect(out.value![23], 'row window − 1 + lag is the first').toBeNaN()
    expect(out.value![24]).not.toBeNaN()
    expect(out.skewness![199]).toBe(0)
    expect(out.curvatureChange![199]).toBe(0)
    expect(out.value![199]).toBeCloseTo(0.25, 6)
  })
})

describe('ism', () => {
  const close = randomInputs({ length: 400, seed: 9 }).close

  it('is the entropy rate over ε plus the mean squared curvature (composed from entropy and ricci)', () => {
    const params = { window: 40, bins: 12, horizon: 5, epsilon: 0.02 }
    const out = getIndicator('ism').compute({ value: close } as never, params)
    const entropy = getIndicator('entropy').compute({ value: close } as never, {
      window: 40,
      bins: 12,
    }).value!
    const curvature = getIndicator('ricci').compute({ value: close } as never, { window: 40 }).curvature!
    const t = 320
    const rate = (entropy[t]! - entropy[t - 5]!) / 5
    let energy = 0
    for (let s = t - 4; s <= t; s++) energy += curvature[s]! ** 2
    energy /= 5
    expect(out.entropyRate![t]).toBeCloseTo(rate, 12)
    expect(out.energy![t]).toBeCloseTo(energy, 12)
    expect(out.value![t]).toBeCloseTo(rate / (0.02 + energy), 10)
    expect(out.value![44], 'row window + horizon − 1').toBeNaN()
    expect(out.value![45]).not.toBeNaN()
  })

  it('is 0 when the disorder of returns does not change', () => {
    const steady = Float64Array.from({ length: 120 }, (_, i) => 100 * 1.01 ** i)
    const out = getIndicator('ism').compute({ value: steady } as never, { window: 20, horizon: 4 })
    expect(out.entropyRate![119]).toBe(0)
    expect(out.value![119]).toBe(0)
  })
})
