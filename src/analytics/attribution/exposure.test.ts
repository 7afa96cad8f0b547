import { describe, expect, it } from 'vitest'
import { currency } from '../../domain/money.ts'
import { exposureBreakdown, hedgeEffectiveness } from './exposure.ts'

const USD = currency('USD')

describe('exposureBreakdown', () => {
  const report = exposureBreakdown(
    [
      { instrumentId: 'AAA.XNAS', value: 600, group: 'tech' },
      { instrumentId: 'BBB.XNYS', value: -300, group: 'tech' },
      { instrumentId: 'CCC.XNYS', value: 100, group: 'energy' },
    ],
    USD,
  )

  it('splits long, short, gross and net per instrument, group and in total, in cents', () => {
    expect(report.total).toEqual({ key: 'all', long: 70_000n, short: 30_000n, gross: 100_000n, net: 40_000n })
    expect(report.groups).toEqual([
      { key: 'energy', long: 10_000n, short: 0n, gross: 10_000n, net: 10_000n },
      { key: 'tech', long: 60_000n, short: 30_000n, gross: 90_000n, net: 30_000n },
    ])
  })

  it('measures concentration by Herfindahl and alerts above the threshold', () => {
    // Weights 0.6, 0.3, 0.1 of the gross: H = 0.36 + 0.09 + 0.01 = 0.46 > 0.25.
    expect(report.herfindahl).toBeCloseTo(0.46, 12)
    expect(report.concentrationAlert).toBe(true)
    const even = exposureBreakdown(
      ['A.X', 'B.X', 'C.X', 'D.X', 'E.X'].map((instrumentId) => ({ instrumentId, value: 100 })),
      USD,
    )
    expect(even.herfindahl, 'five equal positions: 5 × 0.2²').toBeCloseTo(0.2, 12)
    expect(even.concentrationAlert).toBe(false)
  })
})

describe('hedgeEffectiveness', () => {
  const a = [1, -2, 3, -1]
  it('is 1 for a leg that offsets the other exactly', () => {
    const perfect = hedgeEffectiveness(
      a,
      a.map((x) => -x),
    )
    expect(perfect.effectiveness).toBeCloseTo(1, 12)
    expect(perfect.optimalRatio).toBeCloseTo(1, 12)
  })

  it('removes three quarters of the variance with a half-size hedge, and asks for twice the size', () => {
    // ΔA + ΔB = 0.5·ΔA: variance 0.25·Var(A), effectiveness 0.75; h* = 0.5·Var(A)/(0.25·Var(A)) = 2.
    const half = hedgeEffectiveness(
      a,
      a.map((x) => -0.5 * x),
    )
    expect(half.effectiveness).toBeCloseTo(0.75, 12)
    expect(half.optimalRatio).toBeCloseTo(2, 12)
  })
})
