import { describe, expect, it } from 'vitest'
import { NormalSampler } from './normal.ts'
import { type UniformSource, SeededRandom } from './random.ts'

/** Plays back fixed uniforms and counts how many were taken. */
class ScriptedUniform implements UniformSource {
  readonly #values: readonly number[]
  taken = 0

  constructor(values: readonly number[]) {
    this.#values = values
  }

  nextFloat(): number {
    const value = this.#values[this.taken++]
    if (value === undefined) throw new Error('script exhausted')
    return value
  }
}

describe('NormalSampler', () => {
  it('maps an accepted pair to u·f and v·f, keeping the second for the next call', () => {
    // u = 0.5, v = −0.25: s = 0.3125, f = √(−2 ln s / s).
    const uniform = new ScriptedUniform([0.75, 0.375])
    const normal = new NormalSampler(uniform)
    const f = Math.sqrt((-2 * Math.log(0.3125)) / 0.3125)
    expect(normal.next()).toBe(0.5 * f)
    expect(normal.next(), 'the spare, with no new draw').toBe(-0.25 * f)
    expect(uniform.taken).toBe(2)
  })

  it('rejects points outside the unit disc and the centre', () => {
    // (0.99, 0.99) → s ≥ 1; (0.5, 0.5) → s = 0; then (0.75, 0.5) → u = 0.5, v = 0.
    const uniform = new ScriptedUniform([0.995, 0.995, 0.5, 0.5, 0.75, 0.5])
    const normal = new NormalSampler(uniform)
    expect(normal.next()).toBe(0.5 * Math.sqrt((-2 * Math.log(0.25)) / 0.25))
    expect(uniform.taken).toBe(6)
    expect(normal.next()).toBe(0)
  })

  it('has the moments of a standard normal', () => {
    const normal = new NormalSampler(new SeededRandom(11))
    const n = 400_000
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0, beyond3 = 0 // prettier-ignore
    for (let i = 0; i < n; i++) {
      const z = normal.next()
      m1 += z
      m2 += z * z
      m3 += z * z * z
      m4 += z * z * z * z
      if (Math.abs(z) > 3) beyond3++
    }
    expect(m1 / n, 'mean').toBeCloseTo(0, 2)
    expect(m2 / n, 'variance').toBeCloseTo(1, 2)
    expect(m3 / n, 'skewness').toBeCloseTo(0, 1)
    expect(Math.abs(m4 / n - 3), 'kurtosis').toBeLessThan(0.05)
    // P(|Z| > 3) = 0.0027.
    expect(beyond3 / n).toBeGreaterThan(0.0023)
    expect(beyond3 / n).toBeLessThan(0.0031)
  })

  it('gives the same stream for the same seed', () => {
    const a = new NormalSampler(new SeededRandom(9))
    const b = new NormalSampler(new SeededRandom(9))
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next())
  })
})
