/**
 * EMA against hand-computed values, against technicalindicators (same SMA seed: agreement to
 * rounding) and against trading-signals, which seeds with the first value instead: the gap
 * between the two is then multiplied by exactly (1 − α) each bar, so it dies out geometrically.
 */
import { EMA as TiEma } from 'technicalindicators'
import { EMA as TsEma } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Ema, ema } from './ema.ts'
import { alignRight } from '../testing/align.ts'

describe('ema', () => {
  it('seeds with the SMA of the first period values, then smooths with α = 2/(period + 1)', () => {
    // α = 0.5: seed (2 + 4 + 6)/3 = 4, then 4 + 0.5·(8 − 4) = 6, then 6 + 0.5·(4 − 6) = 5.
    expect(Array.from(ema(Float64Array.of(2, 4, 6, 8, 4), { period: 3 }))).toEqual([
      Number.NaN,
      Number.NaN,
      4,
      6,
      5,
    ])
    const e = new Ema({ period: 3 })
    expect([2, 4, 6, 8, 4].map((x) => e.update(x))).toEqual([Number.NaN, Number.NaN, 4, 6, 5])
  })

  it('matches technicalindicators to 1e-9', () => {
    const close = randomInputs({ length: 3000, seed: 102 }).close
    for (const period of [1, 2, 12, 26, 100]) {
      const ti = alignRight(TiEma.calculate({ period, values: Array.from(close) }), close.length)
      expect(firstMismatch(ema(close, { period }), ti), `period ${period}`).toBe(-1)
    }
  })

  it('converges to trading-signals, whose first-value seed decays by (1 − α) per bar', () => {
    const close = randomInputs({ length: 1500, seed: 103 }).close
    const period = 20
    const alpha = 2 / (period + 1)
    const ours = ema(close, { period })
    const ts = new TsEma(period)
    const theirs = Float64Array.from(close, (x) => ts.add(x) ?? Number.NaN)
    const gap0 = Math.abs(ours[period - 1]! - theirs[period - 1]!)
    expect(gap0).toBeGreaterThan(1e-3)
    for (let i = period; i < close.length; i++) {
      const bound = gap0 * (1 - alpha) ** (i - period + 1)
      expect(Math.abs(ours[i]! - theirs[i]!)).toBeLessThanOrEqual(bound + 1e-9)
    }
    expect(firstMismatch(ours.subarray(600), theirs.subarray(600))).toBe(-1)
  })
})
