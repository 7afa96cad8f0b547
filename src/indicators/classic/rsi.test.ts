/**
 * RSI against hand-computed values, its degenerate cases, trading-signals (same Wilder seeding:
 * agreement to rounding) and technicalindicators (same seeding, but it rounds RSI to two
 * decimals, so agreement to 0.005).
 */
import fc from 'fast-check'
import { RSI as TiRsi } from 'technicalindicators'
import { RSI as TsRsi } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Rsi, rsi } from './rsi.ts'
import { alignRight } from '../testing/align.ts'

describe('rsi', () => {
  it('seeds with the mean gain and loss of the first period changes, then smooths by 1/period', () => {
    // Changes +1, +1, −1 → gain 2/3, loss 1/3 → 66.67. Then +2: gain 2/3 + (2 − 2/3)/3 = 10/9,
    // loss 1/3 + (0 − 1/3)/3 = 2/9 → 100 · (10/9) / (12/9) = 83.33.
    const out = rsi(Float64Array.of(10, 11, 12, 11, 13), { period: 3 })
    expect(Array.from(out.subarray(0, 3))).toEqual([Number.NaN, Number.NaN, Number.NaN])
    expect(out[3]).toBeCloseTo(200 / 3, 12)
    expect(out[4]).toBeCloseTo(250 / 3, 12)
    const stream = new Rsi({ period: 3 })
    expect([10, 11, 12, 11, 13].map((x) => stream.update(x))[4]).toBeCloseTo(250 / 3, 12)
  })

  it('is 100 on gains only, 0 on losses only and 50 on flat prices', () => {
    const up = Float64Array.from({ length: 30 }, (_, i) => 100 + i)
    expect(rsi(up, { period: 14 })[29]).toBe(100)
    expect(rsi(up.slice().reverse(), { period: 14 })[29]).toBe(0)
    expect(rsi(new Float64Array(30).fill(7), { period: 14 })[29]).toBe(50)
    // Rising then flat: the average gain decays but stays positive, the loss is 0 → still 100.
    const plateau = Float64Array.from({ length: 40 }, (_, i) => Math.min(i, 20))
    expect(rsi(plateau, { period: 5 })[39]).toBe(100)
  })

  it('stays in [0, 100]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 100 }),
        fc.integer({ min: 1, max: 20 }),
        (xs, period) => {
          for (const v of rsi(Float64Array.from(xs), { period })) {
            if (!Number.isNaN(v)) {
              expect(v).toBeGreaterThanOrEqual(0)
              expect(v).toBeLessThanOrEqual(100)
            }
          }
        },
      ),
    )
  })

  it('matches trading-signals to 1e-9', () => {
    const close = randomInputs({ length: 5000, seed: 109 }).close
    // trading-signals' RSI never produces a value with period 1.
    for (const period of [2, 14, 50]) {
      const ts = new TsRsi(period)
      const theirs = Float64Array.from(close, (x) => ts.add(x) ?? Number.NaN)
      expect(firstMismatch(rsi(close, { period }), theirs), `period ${period}`).toBe(-1)
    }
  })

  it('matches technicalindicators to its two-decimal rounding', () => {
    const close = randomInputs({ length: 5000, seed: 110 }).close
    for (const period of [2, 14, 50]) {
      const theirs = alignRight(TiRsi.calculate({ period, values: Array.from(close) }), close.length)
      const ours = rsi(close, { period })
      let worst = 0
      for (let i = 0; i < close.length; i++) {
        expect(Number.isNaN(theirs[i]!), `row ${i}`).toBe(i < period)
        if (i >= period) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!))
      }
      expect(worst, `period ${period}`).toBeLessThanOrEqual(0.005 + 1e-9)
    }
  })
})
