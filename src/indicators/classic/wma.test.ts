/**
 * WMA against hand-computed values, against technicalindicators and trading-signals (which
 * recompute the weighted sum from scratch each bar: agreement shows the O(1) update does not
 * drift), and against a direct weighted sum as a property.
 */
import fc from 'fast-check'
import { WMA as TiWma } from 'technicalindicators'
import { WMA as TsWma } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { closeEnough, firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Wma, wma, wmaIndicator, wmaKernel } from './wma.ts'
import { alignRight } from '../testing/align.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** Each window's weighted mean, summed on its own. */
function directWma(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  for (let i = period - 1; i < values.length; i++) {
    let weighted = 0
    for (let k = 0; k < period; k++) weighted += (k + 1) * values[i - period + 1 + k]!
    out[i] = weighted / ((period * (period + 1)) / 2)
  }
  return out
}

describe('wma', () => {
  it('weighs the newest value most', () => {
    // (1·1 + 2·2 + 3·3)/6, (1·2 + 2·3 + 3·4)/6, (1·3 + 2·4 + 3·1)/6
    const out = wma(Float64Array.of(1, 2, 3, 4, 1), { period: 3 })
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(14 / 6, 14)
    expect(out[3]).toBeCloseTo(20 / 6, 14)
    expect(out[4]).toBeCloseTo(14 / 6, 14)
    const w = new Wma({ period: 3 })
    expect([1, 2, 3, 4, 1].map((x) => w.update(x))[4]).toBeCloseTo(14 / 6, 14)
  })

  it('matches technicalindicators and trading-signals to 1e-9 over 5000 bars', () => {
    const close = randomInputs({ length: 5000, seed: 104 }).close
    for (const period of [1, 3, 20, 150]) {
      const ours = wma(close, { period })
      const ti = alignRight(TiWma.calculate({ period, values: Array.from(close) }), close.length)
      const ts = new TsWma(period)
      const tsOut = Float64Array.from(close, (x) => ts.add(x) ?? Number.NaN)
      expect(firstMismatch(ours, ti), `technicalindicators, period ${period}`).toBe(-1)
      expect(firstMismatch(ours, tsOut), `trading-signals, period ${period}`).toBe(-1)
    }
  })

  it('equals the directly computed weighted sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 10 }),
        (xs, period) => {
          const out = wma(Float64Array.from(xs), { period })
          for (let i = period - 1; i < xs.length; i++) {
            let weighted = 0
            for (let k = 0; k < period; k++) weighted += (k + 1) * xs[i - period + 1 + k]!
            expect(closeEnough(out[i]!, weighted / ((period * (period + 1)) / 2), 1e-9)).toBe(true)
          }
        },
      ),
    )
  })

  it('forgets a 1e308 or 1e15 spike the moment it leaves the window', () => {
    const clean = randomInputs({ length: 700, seed: 162 }).close
    for (const period of [1, 3, 20, 64]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + period,
        faces: (value) => {
          const { batch, stream } = bothFaces(wmaIndicator, { value }, { period }, 'value')
          return [batch, stream]
        },
        reference: (value) => directWma(value, period),
        exact: true,
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })

  it('does not drift: large prices leave nothing behind, in the stream exactly as in the batch', () => {
    // A walk through prices near 1e7, then near 1: a running weighted sum would keep the large
    // prices' rounding errors, and this test would fail at its first checked row.
    const walk = randomInputs({ length: 40_000, seed: 121, volatility: 0.02 }).close
    const values = Float64Array.from(walk, (x, i) => (i < 20_000 ? x * 1e5 : x / 100))
    for (const period of [3, 20, 400]) {
      const out = wmaKernel(values, period)
      for (let i = values.length - 500; i < values.length; i++) {
        let weighted = 0
        for (let k = 0; k < period; k++) weighted += (k + 1) * values[i - period + 1 + k]!
        expect(closeEnough(out[i]!, weighted / ((period * (period + 1)) / 2), 1e-11), `row ${i}`).toBe(true)
      }
      const stream = new Wma({ period })
      const streamed = Float64Array.from(values, (x) => stream.update(x))
      expect(firstMismatch(streamed, out, 0), `period ${period}`).toBe(-1)
    }
  })
})
