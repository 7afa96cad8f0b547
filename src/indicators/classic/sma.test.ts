/**
 * SMA against hand-computed values and against technicalindicators and trading-signals on the
 * same random walk: the three compute the same running mean and agree to rounding.
 */
import fc from 'fast-check'
import { SMA as TiSma } from 'technicalindicators'
import { SMA as TsSma } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Sma, sma } from './sma.ts'
import { alignRight } from '../testing/align.ts'

/** Their output omits the warm-up rows: pad it with NaN in front to our length. */
describe('sma', () => {
  it('averages the last period values', () => {
    expect(Array.from(sma(Float64Array.of(1, 2, 3, 4, 5, 9), { period: 3 }))).toEqual([
      Number.NaN,
      Number.NaN,
      2,
      3,
      4,
      6,
    ])
  })

  it('streams the same values', () => {
    const s = new Sma({ period: 2 })
    expect([4, 6, 10, Number.NaN, 2].map((x) => s.update(x))).toEqual([Number.NaN, 5, 8, Number.NaN, 6])
  })

  it('matches technicalindicators and trading-signals to 1e-9', () => {
    const close = randomInputs({ length: 3000, seed: 101 }).close
    for (const period of [1, 5, 20, 200]) {
      const ours = sma(close, { period })
      const ti = alignRight(TiSma.calculate({ period, values: Array.from(close) }), close.length)
      const ts = new TsSma(period)
      const tsOut = Float64Array.from(close, (x) => ts.add(x) ?? Number.NaN)
      expect(firstMismatch(ours, ti), `technicalindicators, period ${period}`).toBe(-1)
      expect(firstMismatch(ours, tsOut), `trading-signals, period ${period}`).toBe(-1)
    }
  })

  it('is the constant on constant data, whatever the period', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (p, c) => {
          const out = sma(new Float64Array(p + 30).fill(c), { period: p })
          for (let i = p - 1; i < out.length; i++) expect(out[i]).toBeCloseTo(c, 6)
        },
      ),
    )
  })
})
