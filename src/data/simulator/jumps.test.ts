import { describe, expect, it } from 'vitest'
import { CompoundPoissonJumps } from './jumps.ts'
import { SeededRandom } from './random.ts'

function sample(jumps: CompoundPoissonJumps, n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = jumps.draw(random)
  return out
}

describe('CompoundPoissonJumps', () => {
  it('draws no jump in a step with probability e^−λ, for short and for long steps', () => {
    for (const lambda of [0.05, 0.7, 3]) {
      const draws = sample(new CompoundPoissonJumps(lambda, 0.5, 0.01, 0.01), 200_000, 1)
      const none = draws.filter((x) => x === 0).length / draws.length
      expect(none, `λ = ${lambda}`).toBeCloseTo(Math.exp(-lambda), 2)
    }
  })

  it('has the mean and variance of a compound Poisson sum (λ·E[Y], λ·E[Y²])', () => {
    // All jumps up with mean size 1: Y ~ Exp(1), E[Y] = 1, E[Y²] = 2.
    const lambda = 2.5
    const draws = sample(new CompoundPoissonJumps(lambda, 0, 0, 1), 200_000, 2)
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length
    expect(mean).toBeCloseTo(lambda, 1)
    expect(variance / (2 * lambda)).toBeCloseTo(1, 1)
  })

  it('puts downShare of the jumps below zero, with their own mean size, and can balance them to a zero mean', () => {
    const jumps = new CompoundPoissonJumps(0.2, 0.4, 0.015, 0.01)
    const draws = sample(jumps, 400_000, 3).filter((x) => x !== 0)
    const down = draws.filter((x) => x < 0)
    const up = draws.filter((x) => x > 0)
    expect(down.length / draws.length).toBeCloseTo(0.4, 1)
    // Most non-zero steps hold a single jump, so the means are close to the per-jump means.
    expect(-down.reduce((a, b) => a + b, 0) / down.length).toBeCloseTo(0.015, 2)
    expect(up.reduce((a, b) => a + b, 0) / up.length).toBeCloseTo(0.01, 2)
    expect(draws.reduce((a, b) => a + b, 0) / draws.length, 'mean jump').toBeCloseTo(0, 3)
  })

  it('never jumps at rate zero, taking one uniform a step', () => {
    const jumps = new CompoundPoissonJumps(0, 0.5, 0.01, 0.01)
    const random = new SeededRandom(4)
    const reference = new SeededRandom(4)
    for (let i = 0; i < 100; i++) expect(jumps.draw(random)).toBe(0)
    for (let i = 0; i < 100; i++) reference.nextFloat()
    expect(random.nextUint32()).toBe(reference.nextUint32())
  })

  it('refuses impossible parameters', () => {
    expect(() => new CompoundPoissonJumps(-1, 0.5, 0.01, 0.01)).toThrow(/jumpsPerStep/)
    expect(() => new CompoundPoissonJumps(Infinity, 0.5, 0.01, 0.01)).toThrow(/jumpsPerStep/)
    expect(() => new CompoundPoissonJumps(1, 1.5, 0.01, 0.01)).toThrow(/downShare/)
    expect(() => new CompoundPoissonJumps(1, 0.5, -0.01, 0.01)).toThrow(/downMeanSize/)
    expect(() => new CompoundPoissonJumps(1, 0.5, 0.01, Number.NaN)).toThrow(/upMeanSize/)
  })
})
