import * as ti from 'technicalindicators'
import * as ts from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { VwapRolling, vwapRolling, vwapRollingIndicator } from './vwap-rolling.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** The reference: each window summed afresh. */
function referenceVwap(
  bars: { high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array },
  period: number,
): Float64Array {
  const out = new Float64Array(bars.high.length).fill(Number.NaN)
  for (let i = period - 1; i < out.length; i++) {
    let pv = 0
    let v = 0
    for (let j = i - period + 1; j <= i; j++) {
      pv += ((bars.high[j]! + bars.low[j]! + bars.close[j]!) / 3) * bars.volume[j]!
      v += bars.volume[j]!
    }
    out[i] = pv / v
  }
  return out
}

describe('rolling VWAP', () => {
  // Typical prices 10, 11, 13, 14 with volumes 100, 300, 0, 0.
  const high = Float64Array.of(12, 11, 14, 15)
  const low = Float64Array.of(9, 10, 12, 13)
  const close = Float64Array.of(9, 12, 13, 14)
  const volume = Float64Array.of(100, 300, 0, 0)

  it('weights the typical price by volume over the window', () => {
    const out = vwapRolling(high, low, close, volume, { period: 2 })
    expect(out[0]).toBeNaN()
    expect(out[1]).toBeCloseTo((10 * 100 + 11 * 300) / 400, 14)
    expect(out[2]).toBeCloseTo(11, 14)
  })

  it('is the latest typical price when the window has no volume', () => {
    expect(vwapRolling(high, low, close, volume, { period: 2 })[3]).toBeCloseTo(14, 14)
    expect(vwapRolling(high, low, close, new Float64Array(4), { period: 3 })[3]).toBeCloseTo(14, 14)
  })

  it('matches a fresh sum of every window on random bars', () => {
    const bars = randomInputs({ length: 500, seed: 61 })
    for (const period of [1, 3, 20, 77]) {
      const ours = vwapRolling(bars.high, bars.low, bars.close, bars.volume, { period })
      const reference = referenceVwap(bars, period)
      for (let i = period - 1; i < 500; i++) expect(closeEnough(ours[i]!, reference[i]!, 1e-13)).toBe(true)
    }
  })

  it('is technicalindicators’ and trading-signals’ cumulative VWAP when the window reaches back to the first bar', () => {
    const bars = randomInputs({ length: 60, seed: 62 })
    const theirs = ti.VWAP.calculate({
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
      volume: Array.from(bars.volume),
    })
    const cumulative = new ts.VWAP()
    for (let k = 0; k < 60; k++) {
      const t = cumulative.update(
        { high: bars.high[k]!, low: bars.low[k]!, close: bars.close[k]!, volume: bars.volume[k]! },
        false,
      )
      const ours = vwapRolling(bars.high, bars.low, bars.close, bars.volume, { period: k + 1 })[k]!
      expect(closeEnough(ours, theirs[k]!, 1e-12)).toBe(true)
      expect(closeEnough(ours, t!, 1e-12)).toBe(true)
    }
  })

  it('forgets a huge bar exactly when it leaves the window', () => {
    const bars = randomInputs({ length: 200, seed: 63 })
    bars.volume[50] = 1e15
    const ours = vwapRolling(bars.high, bars.low, bars.close, bars.volume, { period: 20 })
    const reference = referenceVwap(bars, 20)
    for (let i = 70; i < 200; i++) expect(closeEnough(ours[i]!, reference[i]!, 1e-13), `row ${i}`).toBe(true)
  })

  it('streams the same values', () => {
    const bars = randomInputs({ length: 150, seed: 64 })
    bars.volume.fill(0, 30, 60)
    const batch = vwapRolling(bars.high, bars.low, bars.close, bars.volume, { period: 8 })
    const stream = new VwapRolling({ period: 8 })
    for (let i = 0; i < 150; i++)
      expect(Object.is(stream.update(rowAt(bars, i)), batch[i]), `row ${i}`).toBe(true)
    expect(stream.update({ high: 1, low: 1, close: 1, volume: Number.NaN })).toBeNaN()
    stream.reset()
    expect(stream.update(rowAt(bars, 0))).toBeNaN()
  })
})

describe('rolling VWAP after a spike', () => {
  it('forgets a 1e308 or 1e15 volume, or close, the moment it leaves the window', () => {
    const bars = randomInputs({ length: 600, seed: 174 })
    for (const column of ['volume', 'close'] as const) {
      for (const period of [1, 20, 50]) {
        const problems = spikeDepartures({
          clean: bars[column],
          at: 200,
          from: 200 + period,
          faces: (series) => {
            const { batch, stream } = bothFaces(
              vwapRollingIndicator,
              { ...bars, [column]: series },
              { period },
              'value',
            )
            return [batch, stream]
          },
          reference: (series) => referenceVwap({ ...bars, [column]: series }, period),
          exact: true,
        })
        expect(problems, `${column}, period ${period}`).toEqual([])
      }
    }
  })
})
