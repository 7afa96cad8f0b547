import fc from 'fast-check'
import * as ti from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import type { TradePulseError } from '../../domain/errors.ts'
import { closeEnough, randomInputs } from '../testing/random-inputs.ts'
import { RollingMoments, RollingStd, rollingStd, rollingStdIndicator } from './rolling-std.ts'
import { sma } from './sma.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** The reference: for each window, the mean first, then the mean squared deviation from it. */
function twoPassStd(values: ArrayLike<number>, period: number, ddof = 0): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  for (let i = period - 1; i < values.length; i++) {
    let sum = 0
    for (let j = i - period + 1; j <= i; j++) sum += values[j]!
    const mean = sum / period
    let squares = 0
    for (let j = i - period + 1; j <= i; j++) squares += (values[j]! - mean) ** 2
    out[i] = Math.sqrt(squares / (period - ddof))
  }
  return out
}

/** The textbook running form this indicator refuses to use: √(Σx²/n − (Σx/n)²). */
function naiveStd(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  let s1 = 0
  let s2 = 0
  for (let i = 0; i < values.length; i++) {
    s1 += values[i]!
    s2 += values[i]! ** 2
    if (i >= period) {
      s1 -= values[i - period]!
      s2 -= values[i - period]! ** 2
    }
    if (i >= period - 1) out[i] = Math.sqrt(Math.max(0, s2 / period - (s1 / period) ** 2))
  }
  return out
}

function largestRelativeError(actual: Float64Array, expected: Float64Array, from: number): number {
  let worst = 0
  for (let i = from; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.abs(expected[i]!))
  }
  return worst
}

function paramsError(params: Record<string, unknown>): TradePulseError {
  try {
    rollingStdIndicator.resolve(params)
  } catch (e) {
    return e as TradePulseError
  }
  throw new Error('expected the parameters to be refused')
}

describe('rolling standard deviation', () => {
  it('is 2 for the textbook series 2, 4, 4, 4, 5, 5, 7, 9 (population), √(32/7) as a sample', () => {
    const values = Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9)
    const population = rollingStd(values, { period: 8 })
    expect(Array.from(population.subarray(0, 7)).every(Number.isNaN)).toBe(true)
    expect(population[7]).toBeCloseTo(2, 14)
    expect(rollingStd(values, { period: 8, ddof: 1 })[7]).toBeCloseTo(Math.sqrt(32 / 7), 14)
  })

  it('slides one value at a time', () => {
    // Windows [1, 2, 3], [2, 3, 4], [3, 4, 10]: variances 2/3, 2/3 and 258/27.
    const out = rollingStd(Float64Array.of(1, 2, 3, 4, 10), { period: 3 })
    expect(out[2]).toBeCloseTo(Math.sqrt(2 / 3), 14)
    expect(out[3]).toBeCloseTo(Math.sqrt(2 / 3), 14)
    expect(out[4]).toBeCloseTo(Math.sqrt(258 / 27), 14)
  })

  it('agrees with technicalindicators SD (population) to 1e-12 on random data', () => {
    const close = randomInputs({ length: 700, seed: 3 }).close
    for (const period of [2, 5, 20, 63]) {
      const theirs = ti.SD.calculate({ period, values: Array.from(close) })
      const ours = rollingStd(close, { period })
      expect(theirs.length).toBe(close.length - period + 1)
      theirs.forEach((v, k) => {
        expect(closeEnough(ours[k + period - 1]!, v, 1e-12), `period ${period} row ${k + period - 1}`).toBe(
          true,
        )
      })
    }
  })

  it('keeps full precision at a large level with a tiny spread, where the naive sums are noise', () => {
    // Prices near 1e6 with a standard deviation of 1e-3: Σx² is 2e13, the variance 1e-6.
    const normal = new NormalSampler(new SeededRandom(5))
    const values = Float64Array.from({ length: 20_000 }, () => 1e6 + 1e-3 * normal.next())
    const reference = twoPassStd(values, 20)
    expect(largestRelativeError(rollingStd(values, { period: 20 }), reference, 19)).toBeLessThan(1e-9)
    expect(
      largestRelativeError(rollingStd(values, { period: 20, ddof: 1 }), twoPassStd(values, 20, 1), 19),
    ).toBeLessThan(1e-9)
    expect(largestRelativeError(naiveStd(values, 20), reference, 19)).toBeGreaterThan(0.1)
  })

  it('forgets a huge value the moment it leaves the window', () => {
    const values = randomInputs({ length: 300, seed: 8 }).close
    values[100] = 1e12
    const out = rollingStd(values, { period: 20 })
    const reference = twoPassStd(values, 20)
    expect(largestRelativeError(out, reference, 120)).toBeLessThan(1e-10)
    expect(out[119]).toBeGreaterThan(1e10)
  })

  it('is exactly 0 on a flat window, however large the level, and after noise has passed', () => {
    const values = new Float64Array(100).fill(1234567.891)
    for (let i = 0; i < 40; i++) values[i] = 1234567.891 + Math.sin(i)
    const out = rollingStd(values, { period: 10 })
    for (let i = 49; i < 100; i++) expect(out[i]).toBe(0)
    expect(out[48]).toBeGreaterThan(0)
  })

  it('scales with the data and ignores a shift of level (property)', () => {
    fc.assert(
      fc.property(
        // Multiples of 2^-20 up to ±1000: far from underflow, where squares of tiny values vanish.
        fc.array(
          fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((k) => k / 2 ** 20),
          { minLength: 1, maxLength: 80 },
        ),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (raw, period, scale, shift) => {
          const values = Float64Array.from(raw)
          const moved = values.map((x) => x * scale + shift)
          const base = rollingStd(values, { period })
          const std = rollingStd(moved, { period })
          const reference = twoPassStd(values, period)
          for (let i = period - 1; i < values.length; i++) {
            // Tolerance relative to the window's magnitude: that is where rounding lives.
            let magnitude = 0
            for (let j = i - period + 1; j <= i; j++) magnitude = Math.max(magnitude, Math.abs(values[j]!))
            expect(Math.abs(base[i]! - reference[i]!)).toBeLessThanOrEqual(1e-12 * magnitude)
            const scaledMagnitude = magnitude * scale + Math.abs(shift)
            expect(Math.abs(std[i]! - scale * base[i]!)).toBeLessThanOrEqual(1e-12 * scaledMagnitude)
          }
        },
      ),
    )
  })

  it('streams the same values, and its moments also give the SMA', () => {
    const close = randomInputs({ length: 200, seed: 9 }).close
    const batch = rollingStd(close, { period: 7, ddof: 1 })
    const stream = new RollingStd({ period: 7, ddof: 1 })
    const moments = new RollingMoments(7, 1)
    const mean = sma(close, { period: 7 })
    for (let i = 0; i < close.length; i++) {
      expect(Object.is(stream.update(close[i]!), batch[i]), `row ${i}`).toBe(true)
      expect(moments.push(close[i]!)).toBe(i >= 6)
      if (i >= 6) expect(closeEnough(moments.mean, mean[i]!, 1e-13)).toBe(true)
    }
    expect(stream.update(Number.NaN)).toBeNaN()
    stream.reset()
    expect(stream.update(close[0]!)).toBeNaN()
  })

  it('refuses a sample deviation of one value and ddof other than 0 or 1', () => {
    const short = paramsError({ period: 1, ddof: 1 })
    expect(short.code).toBe('INDICATOR_INVALID_PARAMS')
    expect(short.location.field).toMatch(/period$/)
    expect(short.message).toMatch(/at least 2 when ddof is 1/)
    expect(paramsError({ ddof: 2 }).location.field).toMatch(/ddof$/)
    expect(paramsError({ ddof: 0.5 }).location.field).toMatch(/ddof$/)
    expect(rollingStd(Float64Array.of(3, 5), { period: 1 })[1]).toBe(0)
  })
})

describe('rolling standard deviation after a spike', () => {
  it('forgets a 1e308 or 1e15 value the moment it leaves the window', () => {
    const clean = randomInputs({ length: 600, seed: 171 }).close
    for (const [period, ddof] of [
      [2, 1],
      [20, 0],
      [50, 1],
    ] as const) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + period,
        faces: (value) => {
          const { batch, stream } = bothFaces(rollingStdIndicator, { value }, { period, ddof }, 'value')
          return [batch, stream]
        },
        reference: (value) => twoPassStd(value, period, ddof),
        exact: true,
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })
})
