import * as ti from 'technicalindicators'
import * as ts from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { closeEnough, randomInputs } from '../testing/random-inputs.ts'
import { BOLLINGER_OUTPUTS, Bollinger, bollinger, bollingerIndicator } from './bollinger.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

describe('Bollinger Bands', () => {
  it('puts the bands of 1, 2, 3, 4, 5 at 3 ± 2√2', () => {
    const out = bollinger(Float64Array.of(1, 2, 3, 4, 5), { period: 5 })
    expect(out.middle[4]).toBeCloseTo(3, 14)
    expect(out.upper[4]).toBeCloseTo(3 + 2 * Math.SQRT2, 14)
    expect(out.lower[4]).toBeCloseTo(3 - 2 * Math.SQRT2, 14)
    // 5 sits (2 + 2√2) above the lower band, in bands 4√2 wide.
    expect(out.percentB[4]).toBeCloseTo((1 + Math.SQRT2) / (2 * Math.SQRT2), 14)
    expect(out.bandwidth[4]).toBeCloseTo((4 * Math.SQRT2) / 3, 14)
    for (const name of BOLLINGER_OUTPUTS)
      expect(Array.from(out[name].subarray(0, 4)).every(Number.isNaN)).toBe(true)
  })

  it('agrees with technicalindicators (middle, bands, %B) to 1e-10 on random data', () => {
    const close = randomInputs({ length: 800, seed: 21 }).close
    for (const [period, multiplier] of [
      [20, 2],
      [10, 1.5],
      [50, 3],
    ] as const) {
      const theirs = ti.BollingerBands.calculate({ period, stdDev: multiplier, values: Array.from(close) })
      const ours = bollinger(close, { period, multiplier })
      expect(theirs.length).toBe(close.length - period + 1)
      theirs.forEach((t, k) => {
        const i = k + period - 1
        expect(closeEnough(ours.middle[i]!, t.middle, 1e-12)).toBe(true)
        expect(closeEnough(ours.upper[i]!, t.upper, 1e-12)).toBe(true)
        expect(closeEnough(ours.lower[i]!, t.lower, 1e-12)).toBe(true)
        // %B is a small difference of bands: compare it on its own scale.
        expect(Math.abs(ours.percentB[i]! - t.pb)).toBeLessThan(1e-10)
      })
    }
  })

  it('agrees with trading-signals BollingerBands, PercentB and BollingerBandsWidth', () => {
    const close = randomInputs({ length: 500, seed: 22 }).close
    const ours = bollinger(close)
    const bands = new ts.BollingerBands(20, 2)
    const percentB = new ts.PercentB({ interval: 20, deviationMultiplier: 2 })
    const width = new ts.BollingerBandsWidth(new ts.BollingerBands(20, 2))
    for (let i = 0; i < close.length; i++) {
      const b = bands.update(close[i]!, false)
      const p = percentB.update(close[i]!, false)
      const w = width.update(close[i]!, false)
      if (i < 19) {
        expect(b).toBeNull()
        continue
      }
      expect(closeEnough(ours.middle[i]!, b!.middle, 1e-12)).toBe(true)
      expect(closeEnough(ours.upper[i]!, b!.upper, 1e-12)).toBe(true)
      expect(closeEnough(ours.lower[i]!, b!.lower, 1e-12)).toBe(true)
      expect(Math.abs(ours.percentB[i]! - p!)).toBeLessThan(1e-10)
      expect(closeEnough(ours.bandwidth[i]!, w!, 1e-10)).toBe(true)
    }
  })

  it('collapses on flat data to %B 0.5 and bandwidth 0, where technicalindicators gives NaN', () => {
    const flat = new Float64Array(30).fill(101.25)
    const out = bollinger(flat, { period: 20 })
    for (let i = 19; i < 30; i++) {
      expect([out.middle[i], out.upper[i], out.lower[i]]).toEqual([101.25, 101.25, 101.25])
      expect(out.percentB[i]).toBe(0.5)
      expect(out.bandwidth[i]).toBe(0)
    }
    expect(ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: Array.from(flat) })[0]!.pb).toBeNaN()
    const percentB = new ts.PercentB({ interval: 20 })
    let last: number | null = null
    for (const x of flat) last = percentB.update(x, false)
    expect(last).toBe(0.5)
  })

  it('has an undefined (NaN) bandwidth only when the middle is exactly 0 with bands apart', () => {
    const out = bollinger(Float64Array.of(-1, 1, 3), { period: 2, multiplier: 1 })
    expect(out.middle[1]).toBe(0)
    expect(out.bandwidth[1]).toBeNaN()
    expect(out.percentB[1]).toBe(1)
    expect(out.bandwidth[2]).toBeCloseTo(1, 15)
  })

  it('stays precise at a large level with a tiny spread (to the resolution of the level)', () => {
    // At 5e6 a double resolves 9.3e-10, so bands 4e-3 apart carry ~1e-6 of relative rounding; the
    // naive Σx² form would be off by the whole spread.
    const normal = new NormalSampler(new SeededRandom(23))
    const values = Float64Array.from({ length: 5000 }, () => 5e6 + 1e-3 * normal.next())
    const out = bollinger(values)
    const ulp = 2 ** -30
    for (let i = 19; i < values.length; i += 7) {
      const window = values.subarray(i - 19, i + 1)
      // The reference sums deviations from the first value too: Σx itself would lose 1e-8 at 1e8.
      const mean = window[0]! + window.reduce((a, b) => a + (b - window[0]!), 0) / 20
      const std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 20)
      expect(Math.abs(out.middle[i]! - mean)).toBeLessThanOrEqual(ulp)
      expect(Math.abs(out.upper[i]! - out.lower[i]! - 4 * std)).toBeLessThanOrEqual(4 * ulp)
      expect(Math.abs(out.percentB[i]! - (values[i]! - (mean - 2 * std)) / (4 * std))).toBeLessThan(1e-5)
    }
  })

  it('streams the same values into one reused object and writes into caller buffers', () => {
    const close = randomInputs({ length: 120, seed: 24 }).close
    const into = Object.fromEntries(BOLLINGER_OUTPUTS.map((name) => [name, new Float64Array(120)]))
    const batch = bollinger(close, { period: 9, multiplier: 2.5 }, into)
    expect(batch.percentB).toBe(into.percentB)
    const stream = new Bollinger({ period: 9, multiplier: 2.5 })
    const first = stream.update(close[0]!)
    expect(first.middle).toBeNaN()
    for (let i = 1; i < close.length; i++) {
      const row = stream.update(close[i]!)
      expect(row).toBe(first)
      for (const name of BOLLINGER_OUTPUTS)
        expect(Object.is(row[name], batch[name][i]), `${name} ${i}`).toBe(true)
    }
    expect(stream.update(Number.POSITIVE_INFINITY).upper).toBeNaN()
    expect(bollingerIndicator.warmup(bollingerIndicator.resolve({ period: 9 }))).toBe(8)
  })
})

/** Each window's mean and population deviation, computed afresh in two passes, as the five outputs. */
function twoPassBands(
  values: Float64Array,
  period: number,
  multiplier: number,
): Record<string, Float64Array> {
  const n = values.length
  const out = Object.fromEntries(
    BOLLINGER_OUTPUTS.map((name) => [name, new Float64Array(n).fill(Number.NaN)]),
  )
  for (let i = period - 1; i < n; i++) {
    const window = values.subarray(i - period + 1, i + 1)
    const mean = window.reduce((a, b) => a + b, 0) / period
    const std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / period)
    const upper = mean + multiplier * std
    const lower = mean - multiplier * std
    out.middle![i] = mean
    out.upper![i] = upper
    out.lower![i] = lower
    out.percentB![i] = upper > lower ? (values[i]! - lower) / (upper - lower) : 0.5
    out.bandwidth![i] = (upper - lower) / mean
  }
  return out
}

describe('Bollinger Bands after a spike', () => {
  it('forget a 1e308 or 1e15 value the moment it leaves the window, in every output', () => {
    const clean = randomInputs({ length: 600, seed: 180 }).close
    for (const period of [2, 20, 50]) {
      for (const name of BOLLINGER_OUTPUTS) {
        const problems = spikeDepartures({
          clean,
          at: 200,
          from: 200 + period,
          faces: (value) => {
            const { batch, stream } = bothFaces(bollingerIndicator, { value }, { period }, name)
            return [batch, stream]
          },
          reference: (value) => twoPassBands(value, period, 2)[name]!,
          scale: name === 'percentB' ? 1 : 0,
          exact: true,
        })
        expect(problems, `${name}, period ${period}`).toEqual([])
      }
    }
  })
})
