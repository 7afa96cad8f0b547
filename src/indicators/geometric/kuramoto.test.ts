/**
 * The Kuramoto order parameter on configurations with known answers (in phase → 1, evenly spread
 * or two opposite clusters → 0, random → ~√(π/4N)), and the price-level functions: stream equals
 * batch, non-finite values are ignored, identical assets are perfectly synchronised.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { KuramotoStream, kuramotoFromPrices, kuramotoOrder, kuramotoPanel } from './kuramoto.ts'

const column = (...values: number[]): Float64Array => Float64Array.from(values)

function thrown(f: () => unknown): TradePulseError {
  try {
    f()
  } catch (e) {
    if (e instanceof TradePulseError) return e
    throw e
  }
  throw new Error('did not throw')
}

describe('kuramotoOrder', () => {
  it('is 1 when every phase is the same, with ψ that phase', () => {
    for (const theta of [0, 1, -2.5, Math.PI]) {
      const { r, psi } = kuramotoOrder(Array.from({ length: 7 }, () => column(theta)))
      expect(Math.abs(r[0]! - 1)).toBeLessThan(1e-12)
      expect(psi[0]).toBeCloseTo(theta, 12)
    }
  })

  it('is 0 for phases spread evenly round the circle, and ψ is then undefined', () => {
    for (const n of [2, 3, 5, 16, 101]) {
      const { r, psi } = kuramotoOrder(
        Array.from({ length: n }, (_, j) => column((2 * Math.PI * j) / n + 0.3)),
      )
      expect(r[0]).toBeLessThan(1e-12)
      expect(psi[0]).toBeNaN()
    }
  })

  it('is 0 for two equal clusters half a turn apart', () => {
    const theta = 0.7
    const phases = [
      ...Array.from({ length: 6 }, () => column(theta)),
      ...Array.from({ length: 6 }, () => column(theta + Math.PI)),
    ]
    expect(kuramotoOrder(phases).r[0]).toBeLessThan(1e-12)
  })

  it('is about √(π/4N) for N random phases (the Rayleigh mean)', () => {
    const rng = new SeededRandom(42)
    const n = 2000
    const bars = 300
    const phases = Array.from({ length: n }, () =>
      Float64Array.from({ length: bars }, () => 2 * Math.PI * rng.nextFloat() - Math.PI),
    )
    const { r } = kuramotoOrder(phases)
    let mean = 0
    for (const v of r) mean += v / bars
    // E[R] = √(π/(4N)) = 0.0198; the mean of 300 bars has a standard error of about 0.0006.
    expect(mean).toBeGreaterThan(0.0198 - 0.003)
    expect(mean).toBeLessThan(0.0198 + 0.003)
  })

  it('ignores non-finite phases; none finite gives NaN', () => {
    const { r, psi } = kuramotoOrder([
      column(0.5, Number.NaN),
      column(Number.NaN, Number.NaN),
      column(0.5, Number.POSITIVE_INFINITY),
    ])
    expect(r[0]).toBeCloseTo(1, 12)
    expect(psi[0]).toBeCloseTo(0.5, 12)
    expect(r[1]).toBeNaN()
    expect(psi[1]).toBeNaN()
  })

  it('gives R = |cos(Δ/2)| for two phases Δ apart', () => {
    const { r, psi } = kuramotoOrder([column(0.2), column(1.4)])
    expect(r[0]).toBeCloseTo(Math.cos(0.6), 12)
    expect(psi[0]).toBeCloseTo(0.8, 12)
  })

  it('names the asset whose series has the wrong length', () => {
    const error = thrown(() => kuramotoOrder([column(1, 2), column(1, 2), column(1)]))
    expect(error.code).toBe('INDICATOR_INVALID_INPUT')
    expect(error.message).toMatch(/asset 2 has 1 values, asset 0 has 2/)
    expect(thrown(() => kuramotoOrder([])).message).toMatch(/no assets/)
  })
})

describe('kuramotoFromPrices and KuramotoStream', () => {
  it('is exactly synchronised for identical price series, NaN during the warm-up', () => {
    const prices = randomInputs({ length: 120, seed: 5 }).value
    const { r, psi } = kuramotoFromPrices([prices, prices, prices], { window: 16 })
    for (let t = 0; t < 15; t++) expect(r[t]).toBeNaN()
    for (let t = 15; t < 120; t++) {
      expect(Math.abs(r[t]! - 1)).toBeLessThan(1e-12)
      expect(Number.isFinite(psi[t])).toBe(true)
    }
  })

  it('streams what the batch computes, with non-finite prices skipped per asset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 8, max: 24 }),
        fc.integer({ min: 0, max: 120 }),
        (seed, assets, window, length) => {
          const prices = Array.from(
            { length: assets },
            (_, j) => randomInputs({ length, seed: seed + j, nonFiniteRate: 0.05 }).high,
          )
          const batch = kuramotoFromPrices(prices, { window })
          const stream = new KuramotoStream(assets, { window })
          const r = new Float64Array(length)
          const psi = new Float64Array(length)
          const row = new Float64Array(assets)
          for (let t = 0; t < length; t++) {
            for (let j = 0; j < assets; j++) row[j] = prices[j]![t]!
            const out = stream.update(row)
            r[t] = out.r
            psi[t] = out.psi
          }
          expect(firstMismatch(r, batch.r)).toBe(-1)
          expect(firstMismatch(psi, batch.psi)).toBe(-1)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('lets a missing price drop only that asset at that bar', () => {
    const a = randomInputs({ length: 80, seed: 1 }).value
    const b = a.slice()
    b[50] = Number.NaN
    const { r } = kuramotoFromPrices([a, b], { window: 10 })
    expect(r[50]).toBe(1)
    expect(r[49]).toBeCloseTo(1, 12)
  })

  it('validates its inputs and parameters', () => {
    const p = randomInputs({ length: 30, seed: 1 }).value
    expect(thrown(() => kuramotoFromPrices([p, p.subarray(1)])).message).toMatch(/asset 1/)
    const params = thrown(() => kuramotoFromPrices([p], { window: 4 }))
    expect(params.code).toBe('INDICATOR_INVALID_PARAMS')
    expect(thrown(() => new KuramotoStream(0)).code).toBe('INDICATOR_INVALID_INPUT')
    expect(thrown(() => new KuramotoStream(2).update([1])).message).toMatch(/1 prices for 2 assets/)
  })

  it('resets to a fresh warm-up', () => {
    const stream = new KuramotoStream(2, { window: 8 })
    for (let t = 0; t < 10; t++) stream.update([100 + Math.sin(t), 50 + Math.cos(t)])
    expect(Number.isFinite(stream.update([100, 50]).r)).toBe(true)
    stream.reset()
    expect(stream.update([100, 50]).r).toBeNaN()
  })

  it('is listed as the kuramoto panel indicator with a strict window parameter', () => {
    const p = randomInputs({ length: 40, seed: 3 }).value
    expect(kuramotoPanel.name).toBe('kuramoto')
    expect(kuramotoPanel.params.parse({}).window).toBe(64)
    expect(kuramotoPanel.params.safeParse({ window: 16, other: 1 }).success).toBe(false)
    expect(
      Array.from(kuramotoPanel.compute([p, p], { window: 8 }).r.subarray(7)).every(
        (v) => Math.abs(v - 1) < 1e-12,
      ),
    ).toBe(true)
  })
})
