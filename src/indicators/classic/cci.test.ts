/**
 * CCI against hand-computed values, its flat-window convention, and technicalindicators and
 * trading-signals on the same random bars (agreement to rounding).
 */
import { CCI as TiCci } from 'technicalindicators'
import { CCI as TsCci } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Cci, cci, cciIndicator } from './cci.ts'
import { alignRight } from '../testing/align.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

describe('cci', () => {
  it('measures the typical price against its mean in units of 0.015 × mean deviation', () => {
    // high = low = close, so the typical price is the close. Window 1, 2, 3: mean 2, mean
    // deviation 2/3 → (3 − 2)/(0.015 · 2/3) = 100. Window 2, 3, 2: mean 7/3, deviation 4/9 → −50.
    const c = Float64Array.of(1, 2, 3, 2)
    const out = cci(c, c, c, { period: 3 })
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(100, 10)
    expect(out[3]).toBeCloseTo(-50, 10)
    const stream = new Cci({ period: 3 })
    expect(Array.from(c, (x) => stream.update({ high: x, low: x, close: x }).value)[3]).toBeCloseTo(-50, 10)
  })

  it('uses the typical price (high + low + close)/3', () => {
    // Typical prices 2, 3, 4 → 100, from bars whose closes alone would give another answer.
    const out = cci(Float64Array.of(3, 5, 5), Float64Array.of(1, 1, 3), Float64Array.of(2, 3, 4), {
      period: 3,
    })
    expect(out[2]).toBeCloseTo(100, 10)
  })

  it('is 0 when the window is flat, even after a moving history', () => {
    const c = Float64Array.from({ length: 60 }, (_, i) => (i < 30 ? 100 + Math.sin(i) * 3.7 : 0.1))
    const out = cci(c, c, c, { period: 20 })
    expect(out[59]).toBe(0)
    expect(out[49]).toBe(0)
  })

  it('matches trading-signals to 1e-9 and technicalindicators to 1e-8', () => {
    const bars = randomInputs({ length: 3000, seed: 117 })
    for (const period of [2, 20, 50]) {
      const ours = cci(bars.high, bars.low, bars.close, { period })
      const ti = alignRight(
        TiCci.calculate({
          high: Array.from(bars.high),
          low: Array.from(bars.low),
          close: Array.from(bars.close),
          period,
        }),
        bars.close.length,
      )
      const ts = new TsCci(period)
      const tsOut = Float64Array.from(
        bars.close,
        (close, i) => ts.add({ high: bars.high[i]!, low: bars.low[i]!, close }) ?? Number.NaN,
      )
      // technicalindicators' running-sum mean loses a few more digits (≈1e-9 relative at period 2).
      expect(firstMismatch(ours, ti, 1e-8), `technicalindicators, period ${period}`).toBe(-1)
      expect(firstMismatch(ours, tsOut), `trading-signals, period ${period}`).toBe(-1)
    }
  })
})

/**
 * Lambert's definition, each window afresh: (TP − mean TP) / (constant · mean |TP − mean TP|), with
 * the typical prices measured from the latest one first — TP − mean TP of two nearly equal prices
 * would otherwise lose the digits this compares.
 */
function plainCci(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const tp = high.map((h, i) => (h + low[i]! + close[i]!) / 3)
  const out = new Float64Array(tp.length).fill(Number.NaN)
  for (let i = period - 1; i < tp.length; i++) {
    const offsets = Array.from(tp.subarray(i - period + 1, i + 1), (x) => x - tp[i]!)
    const mean = offsets.reduce((a, b) => a + b, 0) / period
    const deviation = offsets.reduce((a, b) => a + Math.abs(b - mean), 0) / period
    out[i] = deviation > 0 ? -mean / (0.015 * deviation) : 0
  }
  return out
}

describe('cci after a spike', () => {
  it('forgets a 1e308 or 1e15 close the moment it leaves the window', () => {
    const bars = randomInputs({ length: 600, seed: 181 })
    for (const period of [2, 20, 50]) {
      const problems = spikeDepartures({
        clean: bars.close,
        at: 200,
        from: 200 + period,
        faces: (close) => {
          const { batch, stream } = bothFaces(cciIndicator, { ...bars, close }, { period }, 'value')
          return [batch, stream]
        },
        reference: (close) => plainCci(bars.high, bars.low, close, period),
        // CCI is scaled so that most values fall within ±100.
        scale: 100,
        exact: true,
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })
})
