import * as ti from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { VwapSession, sessionOf, vwapSession, vwapSessionIndicator } from './vwap-session.ts'

const HOUR = 3_600_000

describe('session VWAP', () => {
  it('starts new sums with the first bar of each session', () => {
    // Sessions start at 14:30 UTC; bars at 14:00, 14:29 (same session), 14:30 and 15:00 (the next).
    const day = Date.UTC(2024, 2, 4)
    const time = Float64Array.of(
      day + 14 * HOUR,
      day + 14 * HOUR + 29 * 60_000,
      day + 14.5 * HOUR,
      day + 15 * HOUR,
    )
    const high = Float64Array.of(11, 13, 21, 23)
    const low = Float64Array.of(9, 11, 19, 21)
    const close = Float64Array.of(10, 12, 20, 22)
    const volume = Float64Array.of(100, 300, 50, 150)
    const out = vwapSession(time, high, low, close, volume, { sessionStartMinute: 870 })
    expect(out[0]).toBeCloseTo(10, 14)
    expect(out[1]).toBeCloseTo((10 * 100 + 12 * 300) / 400, 14)
    expect(out[2]).toBeCloseTo(20, 14)
    expect(out[3]).toBeCloseTo((20 * 50 + 22 * 150) / 200, 14)
    // With UTC-midnight sessions all four bars are one session.
    expect(vwapSession(time, high, low, close, volume)[3]).toBeCloseTo(
      (10 * 100 + 12 * 300 + 20 * 50 + 22 * 150) / 600,
      14,
    )
  })

  it('numbers sessions by UTC day shifted by the start minute', () => {
    const day = Date.UTC(2024, 0, 2)
    expect(sessionOf(day, 0)).toBe(day / 86_400_000)
    expect(sessionOf(day - 1, 0)).toBe(day / 86_400_000 - 1)
    expect(sessionOf(day + 9 * HOUR, 540)).toBe(sessionOf(day, 0))
    expect(sessionOf(day + 9 * HOUR - 1, 540)).toBe(sessionOf(day, 0) - 1)
  })

  it('is the typical price while the session has no volume yet', () => {
    const t = Date.UTC(2024, 0, 2)
    const out = vwapSession(
      Float64Array.of(t, t + 60_000, t + 120_000),
      Float64Array.of(11, 12, 13),
      Float64Array.of(9, 10, 11),
      Float64Array.of(10, 11, 12),
      Float64Array.of(0, 0, 10),
    )
    expect(Array.from(out)).toEqual([10, 11, 12])
  })

  it('is technicalindicators’ cumulative VWAP restarted at every session', () => {
    // One-minute bars from 2024-01-02 00:00 UTC: sessions from 09:30 cut them at rows 570, 2010…
    const bars = randomInputs({ length: 3500, seed: 71 })
    const out = vwapSession(bars.time, bars.high, bars.low, bars.close, bars.volume, {
      sessionStartMinute: 570,
    })
    const starts = [0, 570, 2010, 3450]
    for (let s = 0; s < starts.length; s++) {
      const from = starts[s]!
      const to = starts[s + 1] ?? 3500
      const slice = (column: Float64Array): number[] => Array.from(column.subarray(from, to))
      const theirs = ti.VWAP.calculate({
        high: slice(bars.high),
        low: slice(bars.low),
        close: slice(bars.close),
        volume: slice(bars.volume),
      })
      theirs.forEach((v, k) => {
        expect(closeEnough(out[from + k]!, v, 1e-12), `row ${from + k}`).toBe(true)
      })
    }
  })

  it('streams the same values', () => {
    const bars = randomInputs({ length: 3000, seed: 72 })
    const batch = vwapSession(bars.time, bars.high, bars.low, bars.close, bars.volume, {
      sessionStartMinute: 61,
    })
    const stream = new VwapSession({ sessionStartMinute: 61 })
    for (let i = 0; i < 3000; i++) expect(Object.is(stream.update(rowAt(bars, i)), batch[i])).toBe(true)
    expect(stream.update({ ...rowAt(bars, 0), time: Number.NaN })).toBeNaN()
    expect(vwapSessionIndicator.warmup(vwapSessionIndicator.resolve({}))).toBe(0)
    expect(() => vwapSessionIndicator.resolve({ sessionStartMinute: 1440 })).toThrow(/sessionStartMinute/)
  })
})
