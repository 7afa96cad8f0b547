import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { getIndicator } from '../registry.ts'

const f = (values: readonly number[]): Float64Array => Float64Array.from(values)

/** Signed volume q as buy − sell columns: q ≥ 0 all bought, q < 0 all sold. */
function flowColumns(q: Float64Array): { buyVolume: Float64Array; sellVolume: Float64Array } {
  return {
    buyVolume: q.map((x) => (x > 0 ? x : 0)),
    sellVolume: q.map((x) => (x < 0 ? -x : 0)),
  }
}

describe('kyle-lambda', () => {
  it('is the least-squares slope of price changes on signed volume (hand-computed)', () => {
    // Δp = 0.2, −0.1, 0.3, 0 against q = 100, −50, 150, 0: exactly Δp = 0.002·q.
    const out = getIndicator('kyle-lambda').compute(
      { close: f([10, 10.2, 10.1, 10.4, 10.4]), ...flowColumns(f([0, 100, -50, 150, 0])) } as never,
      { window: 4 },
    )
    expect(out.lambda![3], 'one change short of the window').toBeNaN()
    expect(out.lambda![4]).toBeCloseTo(0.002, 12)
    expect(out.rSquared![4]).toBeCloseTo(1, 12)
  })

  it('recovers λ on a synthetic linear-impact series with noise', () => {
    const rng = new NormalSampler(new SeededRandom(42))
    const n = 4001
    const lambda = 0.0005
    const q = new Float64Array(n)
    const close = new Float64Array(n)
    close[0] = 100
    for (let t = 1; t < n; t++) {
      q[t] = 1000 * rng.next()
      close[t] = close[t - 1]! + lambda * q[t]! + 0.05 * rng.next()
    }
    const out = getIndicator('kyle-lambda').compute({ close, ...flowColumns(q) } as never, { window: 4000 })
    // Standard error of the slope: 0.05 / (1000 · √4000) ≈ 7.9e-7.
    expect(Math.abs(out.lambda![n - 1]! - lambda)).toBeLessThan(4e-6)
    expect(out.rSquared![n - 1]!, 'impact explains 0.25 / (0.25 + 0.0025) of the variance').toBeGreaterThan(
      0.98,
    )
  })

  it('is NaN when signed volume does not vary', () => {
    const out = getIndicator('kyle-lambda').compute(
      { close: f([10, 10.1, 10.3, 10.2]), ...flowColumns(f([5, 5, 5, 5])) } as never,
      { window: 3 },
    )
    expect(out.lambda![3]).toBeNaN()
  })
})

/**
 * A VAR(1) simulated from known coefficients: x_t = b·x_{t−1} + e_x, r_t = c₀·x_t + c₁·x_{t−1} +
 * e_r. The permanent impact of a unit trade innovation is Σ_s r_s with x_s = bˢ:
 * c₀·Σ bˢ + c₁·Σ_{s≥1} b^{s−1} = (c₀ + c₁) / (1 − b) in the limit; truncated at horizon H it is
 * c₀·(1 − b^{H+1})/(1 − b) + c₁·(1 − b^H)/(1 − b).
 */
function simulateVar(
  n: number,
  b: number,
  c0: number,
  c1: number,
  seed: number,
): Record<string, Float64Array> {
  const rng = new NormalSampler(new SeededRandom(seed))
  const close = new Float64Array(n)
  const q = new Float64Array(n)
  close[0] = 100
  for (let t = 1; t < n; t++) {
    q[t] = b * q[t - 1]! + 100 * rng.next()
    const r = c0 * q[t]! + c1 * q[t - 1]! + 0.0005 * rng.next()
    close[t] = close[t - 1]! * Math.exp(r)
  }
  return { close, ...flowColumns(q) }
}

describe('hasbrouck-impulse', () => {
  it('recovers the closed-form permanent impact of a unit trade innovation', () => {
    const b = 0.4
    const c0 = 2e-5
    const c1 = 1e-5
    const horizon = 10
    const n = 20_001
    const expected = (c0 * (1 - b ** (horizon + 1))) / (1 - b) + (c1 * (1 - b ** horizon)) / (1 - b)
    const out = getIndicator('hasbrouck-impulse').compute(simulateVar(n, b, c0, c1, 7) as never, {
      window: 20_000,
      lags: 1,
      horizon,
    })
    const perUnit = out.perUnit![n - 1]!
    // The estimate of b has standard error √((1 − b²)/n) ≈ 0.0065, about 1.1% of the impact: 4% is 3.5σ.
    expect(Math.abs(perUnit - expected) / expected, `perUnit ${perUnit} against ${expected}`).toBeLessThan(
      0.04,
    )
    // Per one-σ innovation: σ_e = 100.
    expect(Math.abs(out.impulse![n - 1]! / (100 * expected) - 1)).toBeLessThan(0.05)
  })

  it('finds no impact when returns ignore the order flow', () => {
    const n = 3001
    const out = getIndicator('hasbrouck-impulse').compute(simulateVar(n, 0.3, 0, 0, 11) as never, {
      window: 3000,
    })
    // Noise only: the estimate is within a few standard errors of 0 (σ_r/σ_x/√n ≈ 1e-7 per lag).
    expect(Math.abs(out.perUnit![n - 1]!)).toBeLessThan(1e-6)
  })

  it('matches an independent least-squares solution on a short window', () => {
    // r_t = 0.001·x_t + e_t with a fixed wiggle e_t = 0.0002·(−1)ᵗ·(t mod 3); reference values
    // from numpy.linalg.lstsq on the same two equations and the same impulse recursion.
    const q = f([0, 10, -3, 7, 1, -8, 4, 2, -5, 6, 3, -2, 9, -6, 1, 5, -4, 2, 8, -7, 3, 0])
    const close = new Float64Array(q.length)
    close[0] = 100
    for (let t = 1; t < q.length; t++) {
      close[t] = close[t - 1]! * Math.exp(0.001 * q[t]! + 0.0002 * (-1) ** t * (t % 3))
    }
    const out = getIndicator('hasbrouck-impulse').compute({ close, ...flowColumns(q) } as never, {
      window: 21,
      lags: 1,
      horizon: 3,
    })
    expect(out.impulse![20]).toBeNaN()
    expect(out.impulse![21]).toBeCloseTo(0.0027923840246182304, 12)
    expect(out.perUnit![21]).toBeCloseTo(0.0006216000710187959, 12)
  })

  it('is NaN when the trade and return equations are collinear (returns a function of flow)', () => {
    const q = f([0, 10, -3, 7, 1, -8, 4, 2, -5, 6, 3, -2, 9, -6, 1, 5, -4, 2, 8, -7, 3, 0])
    const close = new Float64Array(q.length)
    close[0] = 100
    for (let t = 1; t < q.length; t++) close[t] = close[t - 1]! * Math.exp(0.001 * q[t]!)
    const out = getIndicator('hasbrouck-impulse').compute({ close, ...flowColumns(q) } as never, {
      window: 21,
    })
    expect(out.impulse![21]).toBeNaN()
  })
})
