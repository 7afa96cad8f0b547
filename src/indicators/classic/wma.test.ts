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
import { Wma, refreshInterval, wma, wmaKernel } from './wma.ts'
import { alignRight } from '../testing/align.ts'

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

  it('does not drift: the running sums are refreshed, in the stream exactly as in the batch', () => {
    // A walk through prices near 1e7, then near 1: without the refresh the weighted sum keeps
    // the large prices' rounding errors, and this test fails at its first checked row.
    const walk = randomInputs({ length: 40_000, seed: 121, volatility: 0.02 }).close
    const values = Float64Array.from(walk, (x, i) => (i < 20_000 ? x * 1e5 : x / 100))
    for (const period of [3, 20, 400]) {
      expect(refreshInterval(period)).toBeGreaterThanOrEqual(4 * period)
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
