import { describe, expect, it } from 'vitest'
import { SeededRandom, type UniformSource } from './random.ts'
import { REGIMES, REGIME_LIST, REGIME_NAMES, RegimeChain, stationaryShares, transitionMatrix } from './regimes.ts'

function scripted(values: readonly number[]): UniformSource & { readonly taken: () => number } {
  let i = 0
  return {
    nextFloat: () => {
      const value = values[i++]
      if (value === undefined) throw new Error('script exhausted')
      return value
    },
    taken: () => i,
  }
}

describe('regime parameters', () => {
  it('orders the regimes by volatility and by market correlation', () => {
    const { calm, trending, turbulent } = REGIMES
    expect(calm.volatility).toBeLessThan(trending.volatility)
    expect(trending.volatility).toBeLessThan(turbulent.volatility)
    expect(calm.marketShare).toBeLessThan(trending.marketShare)
    expect(trending.marketShare).toBeLessThan(turbulent.marketShare)
    expect(REGIME_LIST.map((r) => r.volatility)).toEqual(REGIME_NAMES.map((name) => REGIMES[name].volatility))
  })

  it('gives every regime valid factor shares and zero-mean jumps, so no regime makes prices drift by accident', () => {
    for (const name of REGIME_NAMES) {
      const r = REGIMES[name]
      expect(r.marketShare + r.sectorShare, name).toBeLessThanOrEqual(1)
      expect(r.jumpDownShare * r.jumpDownMeanSize - (1 - r.jumpDownShare) * r.jumpUpMeanSize, name).toBeCloseTo(0, 12)
      if (!r.randomDriftSign) expect(r.driftSharpe, `${name} drifts only in a random direction`).toBe(0)
    }
  })
})

describe('transitionMatrix and stationaryShares', () => {
  it('has rows that sum to one, staying with probability 1 − 1/duration', () => {
    const p = transitionMatrix()
    p.forEach((row, from) => {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
      expect(row[from]).toBeCloseTo(1 - 1 / REGIME_LIST[from]!.meanDurationBars, 12)
    })
  })

  it('finds the distribution the chain leaves unchanged', () => {
    const p = transitionMatrix()
    const pi = stationaryShares()
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    pi.forEach((_, to) => {
      expect(pi.reduce((sum, share, from) => sum + share * p[from]![to]!, 0)).toBeCloseTo(pi[to]!, 10)
    })
    expect(pi[0], 'calm is the most common regime').toBeGreaterThan(0.5)
    expect(pi[2], 'turbulence is rare but not negligible').toBeGreaterThan(0.05)
  })
})

describe('RegimeChain', () => {
  it('stays unless the first uniform falls below 1/duration, and then draws where to go', () => {
    const chain = new RegimeChain()
    const stay = scripted([1 / 480])
    expect(chain.step(stay)).toBe(0)
    expect(stay.taken(), 'no second draw when staying').toBe(1)
    const leave = scripted([0, 0.8])
    expect(chain.step(leave), 'calm → turbulent for u ≥ 0.75').toBe(2)
    expect(leave.taken()).toBe(2)
    expect(chain.step(scripted([0, 0.1])), 'turbulent → calm').toBe(0)
    expect(chain.step(scripted([0, 0.1])), 'calm → trending').toBe(1)
    expect(chain.state).toBe(1)
  })

  it('spends the stationary share of a long run in each regime', () => {
    const chain = new RegimeChain()
    const random = new SeededRandom(8)
    const counts = [0, 0, 0]
    const n = 2_000_000
    for (let i = 0; i < n; i++) counts[chain.step(random)]!++
    const pi = stationaryShares()
    counts.forEach((count, r) => {
      expect(count / n, REGIME_NAMES[r]).toBeCloseTo(pi[r]!, 1)
    })
  })
})
