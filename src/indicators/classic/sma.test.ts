/**
 * SMA against hand-computed values and against technicalindicators and trading-signals on the
 * same random walk: the three compute the same running mean and agree to rounding.
 */
import fc from 'fast-check'
import { SMA as TiSma } from 'technicalindicators'
import { SMA as TsSma } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Sma, sma, smaIndicator } from './sma.ts'
import { alignRight } from '../testing/align.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** Each window's mean, summed on its own. */
function windowMeans(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  for (let i = period - 1; i < values.length; i++) {
    let sum = 0
    for (let k = i - period + 1; k <= i; k++) sum += values[k]!
    out[i] = sum / period
  }
  return out
}

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

  it('forgets a 1e308 or 1e15 spike the moment it leaves the window', () => {
    const clean = randomInputs({ length: 700, seed: 161 }).close
    for (const period of [1, 3, 20, 64]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + period,
        faces: (value) => {
          const { batch, stream } = bothFaces(smaIndicator, { value }, { period }, 'value')
          return [batch, stream]
        },
        reference: (value) => windowMeans(value, period),
        exact: true,
      })
      expect(problems, `period ${period}`).toEqual([])
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
