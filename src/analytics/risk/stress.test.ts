import { describe, expect, it } from 'vitest'
import { currency } from '../../domain/money.ts'
import { covariance, beta, correlationMatrix, simpleReturns } from './dependence.ts'
import { historicalScenario, priceShockScenario, volatilityShockScenario } from './stress.ts'

const USD = currency('USD')
const positions = [
  { instrumentId: 'AAA.XNAS', value: 10_000 },
  { instrumentId: 'BBB.XNYS', value: -5_000, beta: 1.5 },
]

describe('stress scenarios', () => {
  it('applies a factor shock by beta plus an instrument shock, in exact cents, and lists breaches', () => {
    // AAA: −5% own + 1·(−10%) = −15% of 10,000 = −1,500.00; BBB: 1.5·(−10%) = −15% of −5,000 = +750.00.
    const result = priceShockScenario(
      positions,
      { name: 'crash', instruments: { 'AAA.XNAS': -0.05 }, factor: -0.1 },
      USD,
      { maxLoss: 500, maxPositionLoss: 1_000 },
    )
    expect(result.positions.map((p) => p.pnl)).toEqual([-150_000n, 75_000n])
    expect(result.pnl).toBe(-75_000n)
    expect(result.breaches).toEqual([
      { limit: 'maxLoss', limitValue: 500, actual: 750 },
      { limit: 'maxPositionLoss', limitValue: 1_000, actual: 1_500, instrumentId: 'AAA.XNAS' },
    ])
  })

  it('replays a historical window on today’s positions', () => {
    // AAA closes 100, 90, 80, 85 at t = 1…4; the window [2, 4] runs 90 → 85: −5.5556%,
    // −555.56 on 10,000. BBB has no history in the window: no move.
    const histories = new Map([['AAA.XNAS', { times: [1, 2, 3, 4], closes: [100, 90, 80, 85] }]])
    const result = historicalScenario(positions, histories, { name: 'window', from: 2, to: 4 }, USD)
    expect(result.positions.map((p) => p.pnl)).toEqual([-55_556n, 0n])
    expect(result.breaches).toEqual([])
  })

  it('re-prices the parametric VaR under a volatility and correlation shock', () => {
    // σ = 1%, 2%, ρ = 0.5: variance = 100² + 100² − 2·100·100·0.5 = 10,000 → σₚ = 100,
    // VaR₉₉ = 2.326347874 × 100. Doubling σ and moving ρ halfway to 1 (0.75):
    // 4·(10,000 + 10,000 − 15,000) = 20,000 → VaR = 2.326347874 × 141.421356.
    const shocked = volatilityShockScenario(
      positions,
      [0.01, 0.02],
      [1, 0.5, 0.5, 1],
      { name: 'vol', volatilityScale: 2, correlationShift: 0.5 },
      0.99,
      { maxValueAtRisk: 300 },
    )
    expect(shocked.before).toBeCloseTo(232.6347874, 6)
    expect(shocked.after).toBeCloseTo(2.326347874040841 * Math.sqrt(20_000), 9)
    expect(shocked.breaches.map((b) => b.limit)).toEqual(['maxValueAtRisk'])
  })
})

describe('dependence', () => {
  it('finds beta, covariance and correlation of series built to have them', () => {
    const b = [0.01, -0.02, 0.03, 0.0]
    expect(
      beta(
        b.map((x) => 2 * x + 0.001),
        b,
      ),
    ).toBeCloseTo(2, 12)
    expect(covariance([1, 2, 3], [2, 4, 6]), 'Σ(dx·dy)/(n − 1) = (2 + 0 + 2)/2').toBeCloseTo(2, 12)
    expect(
      Array.from(
        correlationMatrix([
          [1, 2, 3],
          [2, 4, 6],
          [3, 2, 1],
        ]),
      ),
    ).toEqual([1, 1, -1, 1, 1, -1, -1, -1, 1])
    expect(Array.from(simpleReturns([100, 110, 99]))).toEqual([0.10000000000000009, -0.09999999999999998])
  })
})
