import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mean, sampleStandardDeviation } from '../../backtest/metrics/returns.ts'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import {
  checkSharpeEstimate,
  sharpeMoments,
  sharpeStandardError,
  sharpeVarianceFactor,
} from './sharpe-moments.ts'

describe('sharpeMoments', () => {
  it('computes a five-return example by hand', () => {
    // Returns in percent: 4, −1, 0, 1, 1. Mean 1; deviations 3, −2, −1, 0, 0.
    // Σd² = 14, Σd³ = 27 − 8 − 1 = 18, Σd⁴ = 81 + 16 + 1 = 98; m2 = 2.8, m3 = 3.6, m4 = 19.6.
    // Sample standard deviation √(14/4) = √3.5, so SR = 1/√3.5 = √(2/7) ≈ 0.5345.
    // γ3 = 3.6 / 2.8^1.5 ≈ 0.7684; γ4 = 19.6 / 2.8² = 2.5.
    // σ(SR) = √((1 − γ3·SR + (2.5 − 1)/4 · SR²) / 4).
    const moments = sharpeMoments([0.04, -0.01, 0, 0.01, 0.01])
    const sharpe = Math.sqrt(2 / 7)
    const skewness = 3.6 / 2.8 ** 1.5
    expect(moments.mean).toBeCloseTo(0.01, 15)
    expect(moments.standardDeviation).toBeCloseTo(Math.sqrt(3.5) / 100, 15)
    expect(moments.sharpe).toBeCloseTo(sharpe, 13)
    expect(moments.skewness).toBeCloseTo(skewness, 13)
    expect(moments.kurtosis).toBeCloseTo(2.5, 13)
    expect(moments.observations).toBe(5)
    expect(moments.standardError).toBeCloseTo(
      Math.sqrt((1 - skewness * sharpe + (1.5 / 4) * sharpe * sharpe) / 4),
      13,
    )
  })

  it("is the backtest metrics' Sharpe ratio before annualisation", () => {
    const returns = [0.012, -0.004, 0.007, 0.001, -0.009, 0.015, 0.002]
    const expected = mean(returns)! / sampleStandardDeviation(returns)!
    expect(sharpeMoments(returns).sharpe).toBeCloseTo(expected, 15)
  })

  it('finds a normal sample symmetric with kurtosis 3, and the normal standard error', () => {
    const normal = new NormalSampler(new SeededRandom(7))
    const returns = Float64Array.from({ length: 200_000 }, () => 0.0005 + 0.01 * normal.next())
    const moments = sharpeMoments(returns)
    expect(moments.skewness).toBeCloseTo(0, 1)
    expect(moments.kurtosis).toBeCloseTo(3, 1)
    // For normal returns the bracket is 1 + SR²/2.
    const normalError = Math.sqrt((1 + moments.sharpe ** 2 / 2) / (returns.length - 1))
    expect(moments.standardError / normalError).toBeCloseTo(1, 3)
  })

  it('does not change when returns are scaled, and flips the odd moments when they are negated', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (returns, scale) => {
          fc.pre(new Set(returns).size > 1 && sampleStandardDeviation(returns)! > 1e-9)
          const base = sharpeMoments(returns)
          const scaled = sharpeMoments(returns.map((r) => r * scale))
          const negated = sharpeMoments(returns.map((r) => -r))
          expect(scaled.sharpe).toBeCloseTo(base.sharpe, 6)
          expect(scaled.kurtosis).toBeCloseTo(base.kurtosis, 6)
          expect(negated.sharpe).toBeCloseTo(-base.sharpe, 6)
          expect(negated.skewness).toBeCloseTo(-base.skewness, 6)
          expect(negated.kurtosis).toBeCloseTo(base.kurtosis, 6)
        },
      ),
    )
  })

  it("keeps its moments inside Pearson's bound, so the variance bracket is never negative", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 30 }), (integers) => {
        fc.pre(new Set(integers).size > 1)
        const moments = sharpeMoments(integers.map((x) => x / 100))
        expect(() => {
          checkSharpeEstimate(moments)
        }).not.toThrow()
        expect(sharpeVarianceFactor(moments)).toBeGreaterThanOrEqual(0)
        expect(Number.isFinite(moments.standardError)).toBe(true)
      }),
    )
  })

  it('refuses too few, non-finite or constant returns, naming returns', () => {
    const fieldOf = (run: () => unknown): string | undefined => {
      try {
        run()
      } catch (error) {
        if (error instanceof TradePulseError) return `${error.code} ${error.location.field}: ${error.message}`
      }
      return undefined
    }
    expect(fieldOf(() => sharpeMoments([0.01]))).toBe(
      'RESEARCH_INVALID_INPUT returns: returns: need at least 2 returns, got 1',
    )
    expect(fieldOf(() => sharpeMoments([0.01, NaN]))).toMatch(/returns: return 1 is NaN/)
    expect(fieldOf(() => sharpeMoments([0.01, 0.01, 0.01]))).toMatch(/returns: all 3 returns equal 0.01/)
  })
})

describe('sharpeStandardError', () => {
  it('takes moments given by hand and checks them', () => {
    // Normal returns (γ3 = 0, γ4 = 3), SR 0.1 per period, T = 101: the bracket is
    // 1 − 0·0.1 + (3 − 1)/4 · 0.1² = 1.005, so σ(SR) = √(1.005 / 100).
    expect(sharpeStandardError({ sharpe: 0.1, observations: 101, skewness: 0, kurtosis: 3 })).toBeCloseTo(
      Math.sqrt(0.01005),
      15,
    )
    expect(() => sharpeStandardError({ sharpe: 0.1, observations: 101, skewness: 0, kurtosis: 0 })).toThrow(
      /kurtosis: must be at least 1 \+ skewness² = 1 \(and not excess kurtosis: a normal has 3\), was 0/,
    )
    expect(() => sharpeStandardError({ sharpe: 0.1, observations: 1, skewness: 0, kurtosis: 3 })).toThrow(
      /observations: must be a whole number of at least 2, was 1/,
    )
    expect(() =>
      sharpeStandardError({ sharpe: Infinity, observations: 9, skewness: 0, kurtosis: 3 }),
    ).toThrow(/sharpe: must be a finite number/)
    expect(() => sharpeStandardError({ sharpe: 0, observations: 9, skewness: NaN, kurtosis: 3 })).toThrow(
      /skewness: must be a finite number/,
    )
  })
})
