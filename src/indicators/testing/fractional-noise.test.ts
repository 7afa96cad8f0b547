import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { fgnAutocovariance, fractionalGaussianNoise, pricesFromLogReturns } from './fractional-noise.ts'

function autocorrelation(x: Float64Array, lag: number): number {
  let mean = 0
  for (const v of x) mean += v
  mean /= x.length
  let num = 0
  let den = 0
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - mean
    den += d * d
    if (i >= lag) num += d * (x[i - lag]! - mean)
  }
  return num / den
}

describe('fractionalGaussianNoise (Davies–Harte)', () => {
  it('has the autocovariance of fGn: ρ(1) = 2^(2H−1) − 1', () => {
    expect(fgnAutocovariance(0, 0.8)).toBe(1)
    expect(fgnAutocovariance(1, 0.8)).toBeCloseTo(2 ** 0.6 - 1, 15)
    for (const h of [0.2, 0.5, 0.8]) {
      const x = fractionalGaussianNoise({ length: 32_768, hurst: h, seed: 11 })
      // Standard error of a sample autocorrelation is about 1/√n ≈ 0.0055 (more for long memory).
      expect(Math.abs(autocorrelation(x, 1) - (2 ** (2 * h - 1) - 1))).toBeLessThan(0.03)
      expect(Math.abs(autocorrelation(x, 10) - fgnAutocovariance(10, h))).toBeLessThan(0.05)
    }
  })

  it('scales by sigma and is reproducible from its seed', () => {
    const a = fractionalGaussianNoise({ length: 1000, hurst: 0.7, seed: 3, sigma: 0.01 })
    const b = fractionalGaussianNoise({ length: 1000, hurst: 0.7, seed: 3, sigma: 1 })
    expect(a).toHaveLength(1000)
    for (let i = 0; i < 1000; i++) expect(a[i]).toBeCloseTo(0.01 * b[i]!, 15)
    expect(fractionalGaussianNoise({ length: 1000, hurst: 0.7, seed: 3, sigma: 0.01 })).toEqual(a)
  })

  it('refuses a Hurst exponent outside (0, 1) and a bad length', () => {
    expect(() => fractionalGaussianNoise({ length: 10, hurst: 1, seed: 1 })).toThrow(TradePulseError)
    expect(() => fractionalGaussianNoise({ length: 0, hurst: 0.5, seed: 1 })).toThrow(/length/)
  })
})

describe('pricesFromLogReturns', () => {
  it('compounds log returns from the start price', () => {
    const prices = pricesFromLogReturns(Float64Array.of(Math.log(1.1), Math.log(0.5)), 100)
    expect(prices[0]).toBe(100)
    expect(prices[1]).toBeCloseTo(110, 12)
    expect(prices[2]).toBeCloseTo(55, 12)
  })
})
