import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TradePulseError } from '../../domain/errors.ts'
import { randomInputs } from '../testing/random-inputs.ts'
import { ollivierRicciEdges } from './ollivier-ricci.ts'
import { priceLevel } from './price-graph.ts'
import { Ricci, ricci, ricciIndicator, ricciKernel } from './ricci.ts'

/** Prices in the middle of consecutive levels `levels[i]` of the grid with step `delta`. */
const onLevels = (levels: readonly number[], delta = 0.005): Float64Array =>
  Float64Array.from(levels, (level) => (1 + delta) ** (level + 0.5))

/** The definition, computed from scratch for the window of `window` prices ending at `end`. */
function windowGraph(prices: Float64Array, end: number, window: number, delta: number): Map<string, number> {
  const edges = new Map<string, number>()
  for (let i = end - window + 2; i <= end; i++) {
    const a = priceLevel(prices[i - 1]!, delta)
    const b = priceLevel(prices[i]!, delta)
    if (a === b) continue
    const key = `${Math.min(a, b)}:${Math.max(a, b)}`
    edges.set(key, (edges.get(key) ?? 0) + 1)
  }
  return edges
}

function meanCurvature(edges: Map<string, number>, alpha: number): number {
  if (edges.size === 0) return 0
  const levels = [...new Set([...edges.keys()].flatMap((k) => k.split(':').map(Number)))]
  const index = new Map(levels.map((l, i) => [l, i]))
  const matrix = levels.map(() => new Array<number>(levels.length).fill(0))
  for (const [key, w] of edges) {
    const [a, b] = key.split(':').map((l) => index.get(Number(l))!)
    matrix[a!]![b!] = matrix[b!]![a!] = w
  }
  let sum = 0
  let total = 0
  for (const e of ollivierRicciEdges(matrix, alpha)) {
    sum += e.weight * e.curvature
    total += e.weight
  }
  return sum / total
}

function jaccardDistance(now: Map<string, number>, before: Map<string, number>): number {
  const sNow = [...now.values()].reduce((a, b) => a + b, 0)
  const sBefore = [...before.values()].reduce((a, b) => a + b, 0)
  if (sNow === 0 || sBefore === 0) return sNow === sBefore ? 0 : 1
  let min = 0
  let max = 0
  for (const key of new Set([...now.keys(), ...before.keys()])) {
    const p = (now.get(key) ?? 0) / sNow
    const q = (before.get(key) ?? 0) / sBefore
    min += Math.min(p, q)
    max += Math.max(p, q)
  }
  return 1 - min / max
}

describe('ricci on price paths with known graphs', () => {
  it('a monotone ramp is a path graph: κ = 1/(W − 1) at α = ½ (two leaf edges of ½), 0 at α = 0', () => {
    const ramp = onLevels(Array.from({ length: 30 }, (_, i) => i))
    const out = ricci(ramp, { window: 10 })
    // W = 10 prices on 10 levels: 9 edges, interior κ = 0, the two leaf edges κ = ½.
    expect(out.curvature[8]).toBeNaN()
    expect(out.curvature[9]).toBeCloseTo(1 / 9, 14)
    expect(out.curvature[29]).toBeCloseTo(1 / 9, 14)
    // The window 10 bars back is the same shape on other levels: no change in curvature, and no
    // edge in common.
    expect(out.temporal[18]).toBeNaN()
    expect(out.temporal[19]).toBeCloseTo(0, 14)
    expect(out.transition[19]).toBe(1)
    expect(ricci(ramp, { window: 10, alpha: 0 }).curvature[29]).toBeCloseTo(0, 14)
  })

  it('a ramp that jumps three levels per bar is the same path: the jump links levels directly', () => {
    const steep = onLevels(Array.from({ length: 30 }, (_, i) => 3 * i))
    expect(ricci(steep, { window: 10 }).curvature[29]).toBeCloseTo(1 / 9, 14)
  })

  it('an oscillation between two levels is one edge: κ = 1 − |2α − 1|', () => {
    // μ_x = α δ_x + (1 − α) δ_y and μ_y = (1 − α) δ_x + α δ_y: W₁ = |2α − 1|.
    const zigzag = onLevels(Array.from({ length: 40 }, (_, i) => 100 + (i % 2)))
    for (const alpha of [0, 0.2, 0.5, 0.7]) {
      const out = ricci(zigzag, { window: 8, alpha })
      expect(out.curvature[39]).toBeCloseTo(1 - Math.abs(2 * alpha - 1), 14)
      expect(out.temporal[39]).toBe(0)
      expect(out.transition[39]).toBe(0)
    }
  })

  it('a cycle through three levels is a triangle: κ = 1 − |α − (1 − α)/2| = ¾ at α = ½', () => {
    // 13 prices make 12 moves, 4 along each side, so every walk is uniform on the other two.
    const cycle = onLevels(Array.from({ length: 30 }, (_, i) => [0, 1, 2][i % 3]!))
    expect(ricci(cycle, { window: 13 }).curvature[29]).toBeCloseTo(0.75, 14)
  })

  it('flat prices have no edge: curvature 0, no change, no rewiring', () => {
    const out = ricci(new Float64Array(50).fill(101.5), { window: 10 })
    expect(out.curvature[9]).toBe(0)
    expect(out.temporal[19]).toBe(0)
    expect(out.transition[19]).toBe(0)
  })

  it('scores a move from an oscillation to a ramp as a rewiring', () => {
    // Window 1 (bars 0…7): 0,1,0,1,… (7 moves on one edge); window 2 (bars 8…15): a ramp
    // 2…9 (7 edges of weight 1), whose first move from bar 7 is outside it. No common edge.
    const levels = [0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    const out = ricci(onLevels(levels), { window: 8 })
    expect(out.curvature[7]).toBeCloseTo(1, 14)
    expect(out.curvature[15]).toBeCloseTo(1 / 7, 14)
    expect(out.temporal[15]).toBeCloseTo(1 / 7 - 1, 14)
    expect(out.transition[15]).toBe(1)
  })
})

describe('ricci, incremental against the definition', () => {
  it('equals a from-scratch computation of every window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 3, max: 25 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(0, 0.3, 0.5),
        fc.constantFrom(0.003, 0.01),
        (seed, window, lag, alpha, delta) => {
          const prices = randomInputs({ length: 120, seed, volatility: 0.012 }).value
          const out = ricci(prices, { window, lag, alpha, delta })
          const L = lag === 0 ? window : lag
          for (let t = window - 1; t < prices.length; t++) {
            const now = windowGraph(prices, t, window, delta)
            const curvature = meanCurvature(now, alpha)
            expect(out.curvature[t]).toBeCloseTo(curvature, 12)
            if (t < window - 1 + L) continue
            const before = windowGraph(prices, t - L, window, delta)
            expect(out.temporal[t]).toBeCloseTo(curvature - meanCurvature(before, alpha), 12)
            expect(out.transition[t]).toBeCloseTo(jaccardDistance(now, before), 12)
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('ricci faces', () => {
  it('streams what the batch computes, skipping non-positive values like non-finite ones', () => {
    const prices = randomInputs({ length: 400, seed: 5, volatility: 0.01 }).value
    prices[50] = -1
    prices[51] = 0
    prices[300] = Number.NaN
    const batch = ricci(prices, { window: 20, lag: 7 })
    const live = new Ricci({ window: 20, lag: 7 })
    expect(live.lag).toBe(7)
    for (let i = 0; i < prices.length; i++) {
      const row = live.update(prices[i]!)
      expect(row.curvature, `row ${i}`).toBe(batch.curvature[i])
      expect(row.temporal).toBe(batch.temporal[i])
      expect(row.transition).toBe(batch.transition[i])
    }
    expect(batch.curvature[50]).toBeNaN()
    expect(batch.curvature[51]).toBeNaN()
    // The skipped rows are as if absent.
    const clean = Float64Array.from([...prices].filter((p) => p > 0))
    const compact = ricci(clean, { window: 20, lag: 7 }).curvature
    expect(compact[compact.length - 1]).toBe(batch.curvature[prices.length - 1])
    live.reset()
    expect(live.update(prices[0]!).curvature).toBeNaN()
  })

  it('is defined from (window − 1) + lag, lag 0 meaning one window', () => {
    expect(ricciIndicator.warmup(ricciIndicator.resolve({}))).toBe(127 + 128)
    expect(ricciIndicator.warmup(ricciIndicator.resolve({ window: 10, lag: 3 }))).toBe(12)
    const prices = randomInputs({ length: 40, seed: 9 }).value
    const out = ricciKernel(prices, ricciIndicator.resolve({ window: 10, lag: 3 }))
    expect(Number.isNaN(out.curvature[8]!)).toBe(true)
    expect(Number.isFinite(out.curvature[9]!)).toBe(true)
    expect(Number.isNaN(out.transition[11]!)).toBe(true)
    expect(Number.isFinite(out.transition[12]!)).toBe(true)
    expect(Number.isFinite(out.temporal[12]!)).toBe(true)
  })

  it('does not depend on the price scale', () => {
    const prices = randomInputs({ length: 300, seed: 3, volatility: 0.01 }).value
    const scaled = prices.map((p) => p * 1.005 ** 300)
    const a = ricci(prices, { window: 30 })
    const b = ricci(scaled, { window: 30 })
    for (let i = 0; i < prices.length; i++) expect(b.curvature[i]).toBe(a.curvature[i])
  })

  it('refuses parameters out of range, naming them', () => {
    const field = (params: Record<string, number>): string | undefined => {
      try {
        ricciIndicator.resolve(params)
      } catch (e) {
        return (e as TradePulseError).location.field
      }
      return undefined
    }
    expect(field({ window: 2 })).toBe('ricci.window')
    expect(field({ delta: 0 })).toBe('ricci.delta')
    expect(field({ delta: 1 })).toBe('ricci.delta')
    expect(field({ alpha: 1 })).toBe('ricci.alpha')
    expect(field({ alpha: -0.1 })).toBe('ricci.alpha')
    expect(field({ lag: -1 })).toBe('ricci.lag')
    expect(field({ lag: 1.5 })).toBe('ricci.lag')
    expect(field({ window: 3, delta: 0.2, alpha: 0, lag: 1 })).toBeUndefined()
  })
})
