import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  EULER_MASCHERONI,
  deflateSharpeEstimate,
  deflatedSharpeRatio,
  expectedMaximumSharpe,
  probabilisticSharpeRatio,
} from './deflated-sharpe.ts'
import { type SharpeEstimate, sharpeMoments } from './sharpe-moments.ts'
import { noiseTrials, plantedTrials } from './testing/trials.ts'

// Intermediate values below were worked out from the formulas with mpmath at 40 digits.

describe('deflateSharpeEstimate', () => {
  it('works a ten-trial example by hand', () => {
    // N = 10 trials whose per-period Sharpe ratios have variance V = 0.0016 (σ = 0.04).
    // Chosen strategy: SR = 0.12 per period over T = 250 returns, γ3 = −1, γ4 = 6.
    //   Φ⁻¹(1 − 1/10)        = Φ⁻¹(0.9)                = 1.2815515655446005
    //   Φ⁻¹(1 − 1/(10·e))    = Φ⁻¹(0.9632120558828558) = 1.7892417645816283
    //   (1 − γ)·1.28155… + γ·1.78924… = 1.57459830134575      (γ = 0.5772156649015329)
    //   SR0 = 0.04 · 1.57459830134575 = 0.06298393205383
    //   bracket = 1 − (−1)(0.12) + (6 − 1)/4 · 0.12² = 1 + 0.12 + 0.018 = 1.138
    //   z = (0.12 − 0.06298393205383)·√249 / √1.138 = 0.843384870358007
    //   DSR = Φ(0.843384870358007) = 0.80049338462591
    const estimate: SharpeEstimate = { sharpe: 0.12, observations: 250, skewness: -1, kurtosis: 6 }
    const result = deflateSharpeEstimate(estimate, { count: 10, variance: 0.0016 })
    expect(result.expectedMaximumSharpe).toBeCloseTo(0.06298393205383, 14)
    expect(result.standardError).toBeCloseTo(Math.sqrt(1.138 / 249), 15)
    expect(result.deflatedSharpe).toBeCloseTo(0.80049338462591, 13)
    expect(result.genuine).toBe(false)
    expect(result.verdict).toBe(
      'not distinguishable from the best of 10 lucky trials: DSR 0.800 < 0.95; the Sharpe ratio 0.120 per ' +
        'period over 250 returns is measured against 0.0630, the best expected from 10 trials without skill',
    )
    expect(result).toMatchObject({
      trials: 10,
      trialSharpeVariance: 0.0016,
      observations: 250,
      confidence: 0.95,
    })
  })

  it("works the paper's example from its stated inputs", () => {
    // Inputs as stated in Bailey & López de Prado (2014): an annualised Sharpe ratio of 2.5
    // measured on T = 1250 daily returns, skewness −3, kurtosis 10, chosen from N = 100 trials
    // whose annualised Sharpe ratios have variance 0.5. Assumed here: 250 trading days a year,
    // so per day SR = 2.5/√250 and V = 0.5/250. The figures below come from the formulas, not
    // from the paper's text.
    //   SR = 0.15811388300841897
    //   Φ⁻¹(1 − 1/100) = 2.3263478740408411, Φ⁻¹(1 − 1/(100·e)) = 2.6802104449668827
    //   (1 − γ)·2.32635… + γ·2.68021… = 2.530602893201682
    //   SR0 = √0.002 · 2.530602893201682 = 0.11317200186513203 (1.7894 annualised)
    //   bracket = 1 + 3·SR + 9/4·SR² = 1.5305916490252569
    //   z = (SR − SR0)·√1249 / √bracket = 1.2838160365336578
    //   DSR = Φ(z) = 0.90039683444939096
    const result = deflateSharpeEstimate(
      { sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10 },
      { count: 100, variance: 0.5 / 250 },
    )
    expect(result.expectedMaximumSharpe).toBeCloseTo(0.11317200186513203, 14)
    expect(result.expectedMaximumSharpe * Math.sqrt(250)).toBeCloseTo(1.7894064662732059, 12)
    expect(result.deflatedSharpe).toBeCloseTo(0.900396834449391, 12)
    expect(result.genuine, 'below 0.95').toBe(false)
    expect(
      deflateSharpeEstimate(
        { sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10 },
        { count: 100, variance: 0.5 / 250 },
        { confidence: 0.9 },
      ).verdict,
    ).toMatch(/^likely genuine: DSR 0\.900 ≥ 0\.9; /)
  })

  it('takes the trial variance from the Sharpe ratios themselves (n − 1 in the denominator)', () => {
    const sharpeRatios = [0.01, 0.05, -0.02, 0.03]
    // mean 0.0175; squared deviations 0.00005625, 0.00105625, 0.00140625, 0.00015625 → Σ 0.002675.
    const result = deflateSharpeEstimate(
      { sharpe: 0.05, observations: 500, skewness: 0, kurtosis: 3 },
      { sharpeRatios },
    )
    expect(result.trials).toBe(4)
    expect(result.trialSharpeVariance).toBeCloseTo(0.002675 / 3, 15)
    expect(result.expectedMaximumSharpe).toBeCloseTo(expectedMaximumSharpe(4, 0.002675 / 3), 15)
  })

  it('refuses what it cannot use, naming the argument', () => {
    const estimate: SharpeEstimate = { sharpe: 0.1, observations: 100, skewness: 0, kurtosis: 3 }
    expect(() => deflateSharpeEstimate(estimate, { sharpeRatios: [0.1] })).toThrow(
      /sharpeRatios: need the Sharpe ratios of at least 2 trials/,
    )
    expect(() => deflateSharpeEstimate(estimate, { sharpeRatios: [0.1, Infinity] })).toThrow(
      /sharpeRatios: trial 1 is Infinity/,
    )
    expect(() => deflateSharpeEstimate(estimate, { count: 2.5, variance: 0.01 })).toThrow(
      /trials: must be a whole number of at least 1, was 2.5/,
    )
    expect(() => deflateSharpeEstimate(estimate, { count: 10, variance: -1 })).toThrow(
      /variance: must be a finite/,
    )
    expect(() => deflateSharpeEstimate(estimate, { count: 10, variance: 0.01 }, { confidence: 1 })).toThrow(
      /confidence: must be a probability strictly between 0 and 1, was 1/,
    )
    expect(() =>
      deflateSharpeEstimate({ ...estimate, kurtosis: 0.5 }, { count: 10, variance: 0.01 }),
    ).toThrow(/kurtosis: must be at least 1/)
  })
})

describe('expectedMaximumSharpe', () => {
  it('is zero for one trial and grows with the number of trials', () => {
    expect(expectedMaximumSharpe(1, 0.01)).toBe(0)
    // N = 2: Φ⁻¹(½) = 0, so SR0 = √V · γ · Φ⁻¹(1 − 1/(2e)).
    const twoTrials = 0.1 * EULER_MASCHERONI * 0.9004525966377903
    expect(expectedMaximumSharpe(2, 0.01)).toBeCloseTo(twoTrials, 12)
    expect(expectedMaximumSharpe(1000, 0.01)).toBeGreaterThan(expectedMaximumSharpe(100, 0.01))
  })

  it('scales with the spread of the trials: no spread, no selection bias', () => {
    expect(expectedMaximumSharpe(500, 0)).toBe(0)
    expect(expectedMaximumSharpe(50, 0.04)).toBeCloseTo(2 * expectedMaximumSharpe(50, 0.01), 15)
  })
})

describe('probabilisticSharpeRatio', () => {
  it('is ½ when the Sharpe ratio equals the benchmark, and Φ(SR·√(T−1)/…) against zero', () => {
    const estimate: SharpeEstimate = { sharpe: 0.1, observations: 101, skewness: 0, kurtosis: 3 }
    expect(probabilisticSharpeRatio(estimate, 0.1)).toBe(0.5)
    // bracket 1 + 2/4·0.01 = 1.005; z = 0.1·10/√1.005 = 0.9975093361076329; Φ(z) = 0.8407413278013518.
    expect(probabilisticSharpeRatio(estimate, 0)).toBeCloseTo(0.8407413278013518, 13)
  })

  it('is certain when two-valued returns leave no estimation error', () => {
    // Returns taking two values have γ4 = 1 + γ3². With γ3 = 1, γ4 = 2 and SR = 2 the bracket
    // 1 − γ3·SR + (γ4 − 1)/4·SR² = 1 − 2 + 1 is 0: the estimate has no error left.
    const exact: SharpeEstimate = { sharpe: 2, observations: 30, skewness: 1, kurtosis: 2 }
    expect(probabilisticSharpeRatio(exact, 1.5)).toBe(1)
    expect(probabilisticSharpeRatio(exact, 2.5)).toBe(0)
    expect(probabilisticSharpeRatio(exact, 2)).toBe(0.5)
  })

  it('rises with the Sharpe ratio while γ3·SR < 2', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.integer({ min: 2, max: 10_000 }),
        (low, high, benchmark, skewness, extraKurtosis, observations) => {
          const [lower, higher] = low <= high ? [low, high] : [high, low]
          const kurtosis = 1 + skewness * skewness + extraKurtosis
          const at = (sharpe: number): number =>
            probabilisticSharpeRatio({ sharpe, observations, skewness, kurtosis }, benchmark)
          expect(at(higher)).toBeGreaterThanOrEqual(at(lower) - 1e-12)
        },
      ),
    )
  })

  it('falls past γ3·SR = 2, where the estimated error outgrows the Sharpe ratio', () => {
    // γ3 = 3, γ4 = 10: the bracket is 1 − 3·SR + 2.25·SR² = (1 − 1.5·SR)², so against a benchmark of 0
    // z = SR·√(T − 1) / |1 − 1.5·SR|: 2·√(T − 1) at SR = 1 but only √(T − 1) at SR = 2.
    const at = (sharpe: number): number =>
      probabilisticSharpeRatio({ sharpe, observations: 2, skewness: 3, kurtosis: 10 }, 0)
    expect(at(1)).toBeCloseTo(0.9772498680518208, 13) // Φ(2)
    expect(at(2)).toBeCloseTo(0.8413447460685429, 13) // Φ(1)
  })
})

describe('deflatedSharpeRatio', () => {
  it('falls as the number of trials grows, everything else fixed', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.integer({ min: 2, max: 5000 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (sharpe, observations, skewness, extraKurtosis, variance, fewer, more) => {
          const estimate = { sharpe, observations, skewness, kurtosis: 1 + skewness ** 2 + extraKurtosis }
          const dsr = (count: number): number =>
            deflateSharpeEstimate(estimate, { count, variance }).deflatedSharpe
          expect(dsr(fewer + more)).toBeLessThanOrEqual(dsr(fewer))
        },
      ),
    )
  })

  it('finds the best of 100 noise trials indistinguishable from luck, though its plain PSR looks convincing', () => {
    const trials = noiseTrials(2024, 100, 1000)
    const sharpeRatios = trials.map((returns) => sharpeMoments(returns).sharpe)
    const best = sharpeRatios.indexOf(Math.max(...sharpeRatios))
    const result = deflatedSharpeRatio(trials[best]!, { sharpeRatios })
    const plain = probabilisticSharpeRatio(sharpeMoments(trials[best]!), 0)
    expect(plain, 'PSR against zero, ignoring the 99 other trials').toBeGreaterThan(0.95)
    expect(result.deflatedSharpe).toBeLessThan(0.95)
    expect(result.genuine).toBe(false)
    expect(result.verdict).toMatch(
      /^not distinguishable from the best of 100 lucky trials: DSR 0\.\d{3} < 0\.95;/,
    )
  })

  it('calls the best of 50 noise trials genuine in at most 5% of data sets', () => {
    // DSR is the probability that the true Sharpe ratio beats SR0, so ≥ 0.95 on pure noise is a
    // false discovery; over seeds 1–200 it happened once (0.5%), the mean DSR being 0.48.
    const dataSets = 100
    let falseDiscoveries = 0
    for (let seed = 1; seed <= dataSets; seed++) {
      const trials = noiseTrials(seed, 50, 500)
      const sharpeRatios = trials.map((returns) => sharpeMoments(returns).sharpe)
      const best = sharpeRatios.indexOf(Math.max(...sharpeRatios))
      if (deflatedSharpeRatio(trials[best]!, { sharpeRatios }).genuine) falseDiscoveries++
    }
    expect(falseDiscoveries / dataSets).toBeLessThanOrEqual(0.05)
  })

  it('finds a genuine edge among 99 noise trials', () => {
    // Trial 0 earns 0.2% a period on 1% volatility: SR 0.2 per period, t ≈ 6.3 over 1000 returns.
    const drifts = [0.002, ...new Array<number>(99).fill(0)]
    const trials = plantedTrials({ seed: 2024, observations: 1000, volatility: 0.01, drifts })
    const sharpeRatios = trials.map((returns) => sharpeMoments(returns).sharpe)
    expect(sharpeRatios.indexOf(Math.max(...sharpeRatios)), 'the edge is the best trial').toBe(0)
    const result = deflatedSharpeRatio(trials[0]!, { sharpeRatios })
    expect(result.deflatedSharpe).toBeGreaterThan(0.95)
    expect(result.genuine).toBe(true)
    expect(result.verdict).toMatch(/^likely genuine: DSR \d\.\d{3} ≥ 0\.95; /)
  })
})
