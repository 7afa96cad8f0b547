import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { moments } from '../statistics.ts'
import { normalQuantile } from '../../research/overfitting/normal-distribution.ts'
import {
  cornishFisherQuantile,
  cornishFisherVarOf,
  historicalVar,
  normalVar,
  parametricVar,
  varTable,
} from './value-at-risk.ts'

// Ten daily returns, already in order.
const TEN = [-0.05, -0.03, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06]

describe('historical VaR and ES', () => {
  it('reads the type-7 quantile of the returns and averages the tail beyond it', () => {
    // c = 0.95: h = (10 − 1)·0.05 = 0.45, q = −0.05 + 0.45·(−0.03 − (−0.05)) = −0.041.
    const at95 = historicalVar(TEN, 0.95)
    expect(at95.valueAtRisk).toBeCloseTo(0.041, 15)
    expect(at95.expectedShortfall, 'only −0.05 lies at or below −0.041').toBeCloseTo(0.05, 15)
    // c = 0.8: h = 1.8, q = −0.03 + 0.8·0.02 = −0.014; the tail {−0.05, −0.03} averages −0.04.
    const at80 = historicalVar(TEN, 0.8)
    expect(at80.valueAtRisk).toBeCloseTo(0.014, 15)
    expect(at80.expectedShortfall).toBeCloseTo(0.04, 15)
  })

  it('scales to 10 days by the square root of time', () => {
    expect(historicalVar(TEN, 0.95, 10).valueAtRisk).toBeCloseTo(0.041 * Math.sqrt(10), 15)
  })

  it('refuses a confidence outside (0.5, 1) and too few returns', () => {
    expect(() => historicalVar(TEN, 1)).toThrow(/confidence must be in/)
    expect(() => historicalVar([0.01], 0.95)).toThrow(/at least 2 returns/)
    expect(() => historicalVar([0.01, Number.NaN], 0.95)).toThrow(/return 1 is not finite/)
  })
})

describe('parametric VaR of a normal sample', () => {
  const mu = 0.0004
  const sigma = 0.012
  const sampler = new NormalSampler(new SeededRandom(17))
  const sample = Float64Array.from({ length: 200_000 }, () => mu + sigma * sampler.next())
  const m = moments(sample)

  it('equals the closed form σ·z_c − μ and σ·φ(z_c)/(1 − c) − μ for the sample moments', () => {
    // z at 99% = 2.326347874, φ(z) = 0.026652142: VaR = 2.326347874σ − μ, ES = 2.665214220σ − μ.
    const figure = parametricVar(sample, 0.99)
    expect(figure.valueAtRisk).toBeCloseTo(2.326347874040841 * m.std - m.mean, 12)
    expect(figure.expectedShortfall).toBeCloseTo((0.026652142203458042 / 0.01) * m.std - m.mean, 12)
    // 10 days: 10μ and √10σ.
    const tenDay = parametricVar(sample, 0.95, 10)
    expect(tenDay.valueAtRisk).toBeCloseTo(1.6448536269514724 * Math.sqrt(10) * m.std - 10 * m.mean, 12)
  })

  it('lands on the population VaR, and the historical VaR agrees with it, within sampling error', () => {
    const population = 2.326347874040841 * sigma - mu
    expect(parametricVar(sample, 0.99).valueAtRisk).toBeCloseTo(population, 4)
    expect(Math.abs(historicalVar(sample, 0.99).valueAtRisk - population)).toBeLessThan(0.0005)
    expect(
      Math.abs(historicalVar(sample, 0.99).expectedShortfall - normalVar(mu, sigma, 0.99).expectedShortfall),
    ).toBeLessThan(0.0005)
  })
})

describe('Cornish–Fisher VaR', () => {
  it('matches a worked example: μ = 0, σ = 2%, S = −1, K = 3, c = 99%', () => {
    // z = −2.326347874, z² = 5.411894431, z³ = −12.589949104
    // (z² − 1)·S/6 = 4.411894431·(−1)/6 = −0.735315739
    // (z³ − 3z)·K/24 = (−12.589949104 + 6.979043622)·3/24 = −0.701363185
    // −(2z³ − 5z)·S²/36 = −(−25.179898208 + 11.631739370)/36 = 0.376337746
    // z_cf = −2.326347874 − 0.735315739 − 0.701363185 + 0.376337746 = −3.386689052
    // VaR = −σ·z_cf = 0.02 × 3.386689052 = 0.06773378
    expect(cornishFisherQuantile(normalQuantile(0.01), -1, 3)).toBeCloseTo(-3.386689052, 9)
    expect(cornishFisherVarOf(0, 0.02, -1, 3, 0.99).valueAtRisk).toBeCloseTo(0.06773378105, 10)
  })

  it('is the normal VaR when skewness and excess kurtosis are 0', () => {
    const normal = normalVar(0.001, 0.02, 0.95, 10)
    const cf = cornishFisherVarOf(0.001, 0.02, 0, 0, 0.95, 10)
    expect(cf.valueAtRisk).toBeCloseTo(normal.valueAtRisk, 14)
    expect(cf.expectedShortfall).toBeCloseTo(normal.expectedShortfall, 14)
  })

  it('has an ES that is the tail mean of the Cornish–Fisher quantile function', () => {
    // Midpoint rule over u in (0, p): ES = −σ/p·∫ z_cf(Φ⁻¹(u)) du.
    const p = 0.01
    const steps = 200_000
    let sum = 0
    for (let i = 0; i < steps; i++)
      sum += cornishFisherQuantile(normalQuantile(((i + 0.5) * p) / steps), -0.6, 2)
    const numeric = (-0.02 * sum) / steps
    expect(cornishFisherVarOf(0, 0.02, -0.6, 2, 0.99).expectedShortfall).toBeCloseTo(numeric, 5)
  })
})

describe('varTable', () => {
  it('lists three methods at two confidences and two horizons', () => {
    const table = varTable(TEN)
    expect(table).toHaveLength(12)
    expect(table.map((f) => `${f.method}@${f.confidence}/${f.horizonDays}`).slice(0, 3)).toEqual([
      'historical@0.95/1',
      'parametric@0.95/1',
      'cornish-fisher@0.95/1',
    ])
  })
})
