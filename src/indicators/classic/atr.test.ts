import * as ti from 'technicalindicators'
import * as ts from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { Atr, atr, atrIndicator } from './atr.ts'

// True ranges 2, 2, 3.5 (a gap up from 10.5 to 13–14), 1.8, 0.2.
const high = Float64Array.of(10, 11, 14, 13.8, 12.6)
const low = Float64Array.of(8, 9, 13, 12, 12.4)
const close = Float64Array.of(9, 10.5, 13.5, 12.5, 12.5)

describe('average true range', () => {
  it('seeds with the mean of the first period true ranges, then smooths as Wilder did', () => {
    const out = atr(high, low, close, { period: 3 })
    expect(out[0]).toBeNaN()
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo((2 + 2 + 3.5) / 3, 14)
    expect(out[3]).toBeCloseTo(2.5 + (1.8 - 2.5) / 3, 14)
    expect(out[4]).toBeCloseTo(14.2 / 9, 14)
  })

  it('takes high − low as the first bar’s true range (no previous close)', () => {
    const out = atr(high, low, close, { period: 1 })
    ;[2, 2, 3.5, 1.8, 0.2].forEach((tr, i) => {
      expect(out[i]).toBeCloseTo(tr, 14)
    })
  })

  it('agrees with trading-signals ATR (same seed and first true range) to 1e-12', () => {
    const bars = randomInputs({ length: 600, seed: 31 })
    for (const period of [1, 5, 14, 30]) {
      const ours = atr(bars.high, bars.low, bars.close, { period })
      const theirs = new ts.ATR(period)
      for (let i = 0; i < 600; i++) {
        const t = theirs.update({ high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]! }, false)
        if (i < period - 1) expect(t).toBeNull()
        else expect(closeEnough(ours[i]!, t!, 1e-12), `period ${period} row ${i}`).toBe(true)
      }
    }
  })

  it('differs from technicalindicators, which drops the first bar, by a gap that Wilder smoothing forgets', () => {
    const bars = randomInputs({ length: 600, seed: 32 })
    const period = 14
    const theirs = ti.ATR.calculate({
      period,
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
    })
    // Their first value is one row later, the mean of the true ranges of bars 1..14.
    expect(theirs.length).toBe(600 - period)
    let tr = 0
    for (let i = 1; i <= period; i++) {
      const h = bars.high[i]!
      const l = bars.low[i]!
      const c = bars.close[i - 1]!
      tr += Math.max(h - l, Math.abs(h - c), Math.abs(l - c))
    }
    expect(theirs[0]).toBeCloseTo(tr / period, 12)
    const ours = atr(bars.high, bars.low, bars.close, { period })
    expect(Math.abs(ours[period]! - theirs[0]!)).toBeGreaterThan(1e-6)
    // The seeds' difference shrinks by (1 − 1/14) a bar: below 1e-9 relative after ~300 bars.
    for (let k = 300; k < theirs.length; k++)
      expect(closeEnough(ours[k + period]!, theirs[k]!, 1e-9)).toBe(true)
  })

  it('is 0 on bars with no range and no gaps', () => {
    const flat = new Float64Array(20).fill(50)
    expect(Array.from(atr(flat, flat, flat, { period: 5 }).subarray(4))).toEqual(new Array(16).fill(0))
  })

  it('streams the same values, bar by bar', () => {
    const bars = randomInputs({ length: 200, seed: 33 })
    const batch = atr(bars.high, bars.low, bars.close, { period: 7 })
    const stream = new Atr({ period: 7 })
    const rows = atrIndicator.create({ period: 7 })
    for (let i = 0; i < 200; i++) {
      expect(Object.is(stream.update(rowAt(bars, i)), batch[i])).toBe(true)
      expect(Object.is(rows.update(rowAt(bars, i)).value, batch[i])).toBe(true)
    }
    expect(stream.update({ high: Number.NaN, low: 1, close: 1 })).toBeNaN()
    stream.reset()
    expect(stream.update(rowAt(bars, 0))).toBeNaN()
  })

  it('makes a non-finite last close NaN in its row, as the skip rule requires', () => {
    const bars = randomInputs({ length: 40, seed: 34 })
    bars.close[39] = Number.POSITIVE_INFINITY
    const out = atr(bars.high, bars.low, bars.close)
    expect(out[39]).toBeNaN()
    expect(out[38]).toBe(
      atr(bars.high.subarray(0, 39), bars.low.subarray(0, 39), bars.close.subarray(0, 39))[38],
    )
  })
})
