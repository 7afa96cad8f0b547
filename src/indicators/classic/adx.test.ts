/**
 * ADX against hand-computed bars, its degenerate cases, technicalindicators (Wilder's seeding,
 * like ours: agreement to rounding), and two libraries that seed differently and converge:
 * trading-signals, and a transcription of TA-Lib's seeding below.
 */
import { ADX as TiAdx } from 'technicalindicators'
import { ADX as TsAdx } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Adx, adx } from './adx.ts'
import { alignRight } from '../testing/align.ts'

/**
 * TA-Lib's +DI/−DI seeding (ta_PLUS_DI.c, ta_ADX.c): sum the first period − 1 values, then apply
 * S ← S − S/period + x from the period-th on. DM ties and the true range are as ours.
 */
function taLibPlusDi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN)
  let tr = 0
  let dm = 0
  for (let i = 1; i < close.length; i++) {
    const up = high[i]! - high[i - 1]!
    const down = low[i - 1]! - low[i]!
    const plus = up > down && up > 0 ? up : 0
    const range = Math.max(
      high[i]! - low[i]!,
      Math.abs(high[i]! - close[i - 1]!),
      Math.abs(low[i]! - close[i - 1]!),
    )
    if (i < period) {
      tr += range
      dm += plus
    } else {
      tr = tr - tr / period + range
      dm = dm - dm / period + plus
      out[i] = (100 * dm) / tr
    }
  }
  return out
}

describe('adx', () => {
  it('follows Wilder on a hand-computed series', () => {
    // period 2. Bar 1: +DM 2, TR 3. Bar 2: −DM 2, TR 4 → sums 7, 2, 2: ±DI 200/7, DX 0.
    // Bar 3: +DM 2, TR 5 → TR 7 − 3.5 + 5 = 8.5, +DM 3, −DM 1: +DI 300/8.5, −DI 100/8.5, DX 50,
    // ADX = (0 + 50)/2 = 25. Bar 4: no DM, TR 2 → 6.25, 1.5, 0.5: +DI 24, −DI 8, DX 50, ADX 37.5.
    const high = Float64Array.of(10, 12, 11, 13, 12)
    const low = Float64Array.of(8, 9, 7, 8, 10)
    const close = Float64Array.of(9, 11, 8, 12, 11)
    const out = adx(high, low, close, { period: 2 })
    expect(out.plusDi[1]).toBeNaN()
    expect(out.plusDi[2]).toBeCloseTo(200 / 7, 12)
    expect(out.minusDi[2]).toBeCloseTo(200 / 7, 12)
    expect(out.adx[2]).toBeNaN()
    expect(out.plusDi[3]).toBeCloseTo(300 / 8.5, 12)
    expect(out.minusDi[3]).toBeCloseTo(100 / 8.5, 12)
    expect(out.adx[3]).toBeCloseTo(25, 12)
    expect(out.plusDi[4]).toBeCloseTo(24, 12)
    expect(out.minusDi[4]).toBeCloseTo(8, 12)
    expect(out.adx[4]).toBeCloseTo(37.5, 12)
    const stream = new Adx({ period: 2 })
    const last = Array.from(close, (c, i) => ({
      ...stream.update({ high: high[i]!, low: low[i]!, close: c }),
    }))[4]
    expect(last).toEqual({ adx: out.adx[4], plusDi: out.plusDi[4], minusDi: out.minusDi[4] })
  })

  it('is 100 in a steady trend and 0 on flat prices', () => {
    const up = adx(
      Float64Array.from({ length: 40 }, (_, i) => i + 2),
      Float64Array.from({ length: 40 }, (_, i) => i),
      Float64Array.from({ length: 40 }, (_, i) => i + 1),
      { period: 5 },
    )
    expect([up.adx[39], up.plusDi[39], up.minusDi[39]]).toEqual([100, 50, 0])
    const flat = new Float64Array(40).fill(3)
    const still = adx(flat, flat, flat, { period: 5 })
    expect([still.adx[39], still.plusDi[39], still.minusDi[39]]).toEqual([0, 0, 0])
  })

  it('matches technicalindicators to 1e-9', () => {
    const bars = randomInputs({ length: 3000, seed: 118 })
    // Not period 1: a bar without directional movement then makes +DI + −DI = 0, where our DX is
    // 0 and technicalindicators' is 0/0, a NaN that its ADX then carries forever.
    for (const period of [2, 5, 14, 30]) {
      const ours = adx(bars.high, bars.low, bars.close, { period })
      const theirs = TiAdx.calculate({
        high: Array.from(bars.high),
        low: Array.from(bars.low),
        close: Array.from(bars.close),
        period,
      })
      const n = bars.close.length
      expect(theirs.length).toBe(n - (2 * period - 1))
      // Its DIs are reported only from the first ADX on.
      const from = 2 * period - 1
      expect(
        firstMismatch(
          ours.adx,
          alignRight(
            theirs.map((r) => r.adx),
            n,
          ),
        ),
        `adx ${period}`,
      ).toBe(-1)
      const plus = alignRight(
        theirs.map((r) => r.pdi),
        n,
      )
      const minus = alignRight(
        theirs.map((r) => r.mdi),
        n,
      )
      expect(firstMismatch(ours.plusDi.subarray(from), plus.subarray(from)), `+DI ${period}`).toBe(-1)
      expect(firstMismatch(ours.minusDi.subarray(from), minus.subarray(from)), `−DI ${period}`).toBe(-1)
    }
  })

  it('converges to TA-Lib, which seeds with period − 1 values', () => {
    const bars = randomInputs({ length: 1500, seed: 119 })
    const period = 14
    const ours = adx(bars.high, bars.low, bars.close, { period }).plusDi
    const taLib = taLibPlusDi(bars.high, bars.low, bars.close, period)
    expect(Math.abs(ours[period]! - taLib[period]!)).toBeGreaterThan(1e-3)
    expect(firstMismatch(ours.subarray(600), taLib.subarray(600))).toBe(-1)
  })

  it('converges to trading-signals, which feeds the first bar into its smoothers', () => {
    const bars = randomInputs({ length: 1500, seed: 120 })
    const period = 14
    const ours = adx(bars.high, bars.low, bars.close, { period })
    const ts = new TsAdx(period)
    const theirs = { adx: new Float64Array(1500), plusDi: new Float64Array(1500) }
    bars.close.forEach((close, i) => {
      theirs.adx[i] = ts.add({ high: bars.high[i]!, low: bars.low[i]!, close }) ?? Number.NaN
      theirs.plusDi[i] = 100 * (ts.pdi ?? Number.NaN)
    })
    expect(Math.abs(ours.adx[2 * period]! - theirs.adx[2 * period]!)).toBeGreaterThan(1e-3)
    expect(firstMismatch(ours.adx.subarray(700), theirs.adx.subarray(700))).toBe(-1)
    expect(firstMismatch(ours.plusDi.subarray(700), theirs.plusDi.subarray(700))).toBe(-1)
  })
})
