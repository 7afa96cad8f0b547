import { describe, expect, it } from 'vitest'
import { liquidityProfile, walkBook } from './book-walk.ts'
import { fitSquareRootImpact, forecastImpact } from './square-root-impact.ts'

// Mid = (99.9 + 100.1)/2 = 100.
const book = {
  bids: [
    { price: 99.9, size: 5 },
    { price: 99.8, size: 10 },
  ],
  asks: [
    { price: 100.1, size: 5 },
    { price: 100.2, size: 10 },
    { price: 100.5, size: 20 },
  ],
}

describe('walkBook', () => {
  it('takes the asks from the best up and measures the impact against the mid', () => {
    // 12 = 5 @ 100.1 + 7 @ 100.2: p̄ = (500.5 + 701.4)/12 = 100.158333…, impact 15.8333 bps.
    const walk = walkBook(book, 'buy', 12)
    expect(walk.averagePrice).toBeCloseTo(100.15833333333333, 12)
    expect(walk.impactBps).toBeCloseTo(15.833333333, 8)
    expect(walk.worstPrice).toBe(100.2)
    expect(walk.levels).toBe(2)
    // Within 10 bps of the mid (≤ 100.10) rest 5: 12/5.
    expect(walk.depthUsage).toBeCloseTo(2.4, 12)
  })

  it('signs a sell so that selling below the mid is a cost, and reports what the book could not fill', () => {
    // 20 against 15 resting: 5 @ 99.9 + 10 @ 99.8 = 1497.5, p̄ = 99.8333…, impact −(99.8333 − 100)/100·10⁴.
    const walk = walkBook(book, 'sell', 20)
    expect(walk.filled).toBe(15)
    expect(walk.impactBps).toBeCloseTo(16.666666667, 8)
  })

  it('profiles several sizes', () => {
    const [small, large] = liquidityProfile(book, 'buy', [5, 15]).map((w) => w.impactBps)
    expect(small, '5 @ 100.1: (100.1 − 100)/100·10⁴').toBeCloseTo(10, 6)
    // 5 @ 100.1 + 10 @ 100.2 = 1503.5 / 15 = 100.1667: 16.6667 bps.
    expect(large).toBeCloseTo(16.666666667, 6)
  })
})

describe('the square-root impact model', () => {
  it('recovers k exactly from costs that follow the law', () => {
    const observations = [1, 4, 9, 16].map((q) => ({
      cost: 0.7 * 0.02 * Math.sqrt(q / 100),
      volatility: 0.02,
      quantity: q,
      volume: 100,
    }))
    const fit = fitSquareRootImpact(observations)
    expect(fit.k).toBeCloseTo(0.7, 12)
    expect(fit.rSquared).toBeCloseTo(1, 12)
  })

  it('fits by least squares through the origin, with its standard error and R²', () => {
    // x = σ√(q/V) = 1 and 2 (σ = 1, V = 1, q = 1 and 4); y = 1 and 3.
    // k = (1 + 6)/(1 + 4) = 1.4; residuals −0.4, 0.2: SSres = 0.2; R² = 1 − 0.2/10 = 0.98;
    // SE = √(0.2/1/5) = 0.2.
    const fit = fitSquareRootImpact([
      { cost: 1, volatility: 1, quantity: 1, volume: 1 },
      { cost: 3, volatility: 1, quantity: 4, volume: 1 },
    ])
    expect(fit.k).toBeCloseTo(1.4, 12)
    expect(fit.rSquared).toBeCloseTo(0.98, 12)
    expect(fit.standardError).toBeCloseTo(0.2, 12)
  })

  it('forecasts a planned order at a participation rate', () => {
    // q = 50,000 of 1,000,000 a day at 10%: T = 0.5 days; cost = 0.7·0.02·√0.5·√0.1 = 0.0031305.
    const forecast = forecastImpact(0.7, {
      quantity: 50_000,
      dailyVolume: 1_000_000,
      dailyVolatility: 0.02,
      participation: 0.1,
    })
    expect(forecast.durationDays).toBe(0.5)
    expect(forecast.cost).toBeCloseTo(0.7 * 0.02 * Math.sqrt(0.05), 14)
    expect(forecast.costBps).toBeCloseTo(31.304951685, 6)
    expect(() => fitSquareRootImpact([{ cost: 1, volatility: 1, quantity: 1, volume: 0 }])).toThrow(
      /volume > 0/,
    )
  })
})
