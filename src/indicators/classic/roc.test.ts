/**
 * ROC against hand-computed values, its zero-base convention, technicalindicators (same formula)
 * and trading-signals (a fraction rather than a percent: ours is 100 times theirs).
 */
import { ROC as TiRoc } from 'technicalindicators'
import { ROC as TsRoc } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Roc, roc } from './roc.ts'
import { alignRight } from '../testing/align.ts'

describe('roc', () => {
  it('is the percentage change over period values', () => {
    const out = roc(Float64Array.of(100, 110, 121, 100), { period: 2 })
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(21, 12)
    expect(out[3]).toBeCloseTo(-100 / 11, 12)
    const stream = new Roc({ period: 2 })
    expect([100, 110, 121, 100].map((x) => stream.update(x))[3]).toBeCloseTo(-100 / 11, 12)
  })

  it('is 0 from a zero base, never Infinity', () => {
    expect(Array.from(roc(Float64Array.of(0, 5, 0, 7), { period: 1 }))).toEqual([Number.NaN, 0, -100, 0])
  })

  it('matches technicalindicators and 100 × trading-signals to 1e-9', () => {
    const close = randomInputs({ length: 3000, seed: 113 }).close
    for (const period of [1, 10, 60]) {
      const ours = roc(close, { period })
      const ti = alignRight(TiRoc.calculate({ period, values: Array.from(close) }), close.length)
      const ts = new TsRoc(period)
      const tsOut = Float64Array.from(close, (x) => {
        const r = ts.add(x)
        return r === null ? Number.NaN : 100 * r
      })
      expect(firstMismatch(ours, ti), `technicalindicators, period ${period}`).toBe(-1)
      expect(firstMismatch(ours, tsOut), `trading-signals, period ${period}`).toBe(-1)
    }
  })
})
