import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { pricesFromLogReturns } from '../testing/fractional-noise.ts'
import { Entropy, entropy, entropyIndicator, logReturnSeries } from './entropy.ts'
import { HistogramEntropy, MirroredWindow } from './histogram.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { plainEntropy } from '../testing/plain-entropy.ts'
import { randomInputs } from '../testing/random-inputs.ts'

function streamAll(values: Float64Array, params: ConstructorParameters<typeof Entropy>[0]): Float64Array {
  const stream = new Entropy(params)
  return values.map((v) => stream.update(v))
}

describe('entropy', () => {
  it('is ln(bins) when the window’s returns fill every bin equally', () => {
    // 20 returns, two in each of 10 bins: k·0.001 for k = 0..9, shuffled. The range is
    // [0, 0.009], so bin edges fall at multiples of 0.0009 and k·0.001 lands in bin k.
    const order = [3, 7, 0, 9, 1, 5, 8, 2, 6, 4, 9, 0, 2, 7, 4, 1, 6, 3, 5, 8]
    const returns = Float64Array.from(order, (k) => k * 0.001)
    const prices = pricesFromLogReturns(returns)
    const out = entropy(prices, { window: 20, bins: 10 })
    expect(out[20]).toBeCloseTo(Math.log(10), 14)
    expect(streamAll(prices, { window: 20, bins: 10 })[20]).toBe(out[20])
  })

  it('matches a hand computation: three returns in one bin, one in the other', () => {
    // Returns 0, 0, 0, 0.04 with 2 bins: counts 3 and 1, H = −(¾ ln ¾ + ¼ ln ¼).
    const prices = pricesFromLogReturns(Float64Array.of(0, 0, 0, 0.04))
    const expected = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))
    expect(expected).toBeCloseTo(0.5623351446188083, 15)
    expect(entropy(prices, { window: 4, bins: 2 })[4]).toBeCloseTo(expected, 14)
  })

  it('is NaN for the first window values, then defined', () => {
    const prices = pricesFromLogReturns(Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) * 0.01))
    const out = entropy(prices, { window: 10, bins: 4 })
    expect(entropyIndicator.warmup(entropyIndicator.resolve({ window: 10, bins: 4 }))).toBe(10)
    for (let i = 0; i < 10; i++) expect(out[i]).toBeNaN()
    for (let i = 10; i < out.length; i++) expect(Number.isFinite(out[i])).toBe(true)
  })

  it('is 0 for constant prices and for constant returns (a geometric series)', () => {
    const flat = new Float64Array(50).fill(42)
    expect(entropy(flat, { window: 20 })[49]).toBe(0)
    // Every return is ln(1.01) up to rounding in the last bits, which must not count as spread.
    const geometric = Float64Array.from({ length: 50 }, (_, i) => 100 * 1.01 ** i)
    const out = entropy(geometric, { window: 20 })
    for (let i = 20; i < 50; i++) expect(out[i]).toBe(0)
  })

  it('stays within [0, ln(bins)] on any returns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 3, maxLength: 80 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 2, max: 60 }),
        (returns, window, bins) => {
          const w = Math.min(window, returns.length)
          const out = entropy(pricesFromLogReturns(Float64Array.from(returns)), { window: w, bins })
          for (let i = w; i < out.length; i++) {
            expect(out[i]).toBeGreaterThanOrEqual(0)
            expect(out[i]).toBeLessThanOrEqual(Math.log(bins))
          }
        },
      ),
    )
  })

  it('does not depend on the scale of the returns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(0.25, 2, 1024),
        (values, bins, factor) => {
          // Above the rounding floor (a spread of 1e-12 counts as none), a power-of-two factor
          // scales exactly, so the bins must not move at all.
          fc.pre(Math.max(...values) - Math.min(...values) > 1e-9)
          const histogram = new HistogramEntropy(12, bins)
          const scaled = Float64Array.from(values, (v) => v * factor)
          expect(histogram.of(scaled, 0)).toBe(histogram.of(Float64Array.from(values), 0))
        },
      ),
    )
  })

  it('is NaN while the window holds a return of a non-positive value, then recovers', () => {
    const prices = pricesFromLogReturns(Float64Array.from({ length: 40 }, (_, i) => Math.cos(i) * 0.02))
    prices[15] = 0
    const out = entropy(prices, { window: 5, bins: 3 })
    // Value 15 spoils the returns ending at 15 and 16, so windows ending at 15..20 are NaN.
    expect(Number.isFinite(out[14])).toBe(true)
    for (let i = 15; i <= 20; i++) expect(out[i]).toBeNaN()
    expect(Number.isFinite(out[21])).toBe(true)
    expect(streamAll(prices, { window: 5, bins: 3 })).toEqual(out)
    expect(logReturnSeries(Float64Array.of(1, -1, 2))).toEqual(Float64Array.of(Number.NaN, Number.NaN))
  })

  it('streams what the batch computes, and forgets everything on reset', () => {
    const prices = pricesFromLogReturns(Float64Array.from({ length: 300 }, (_, i) => Math.sin(i * i) * 0.01))
    const batch = entropy(prices)
    const stream = new Entropy()
    const first = prices.map((v) => stream.update(v))
    expect(first).toEqual(batch)
    expect(stream.update(Number.NaN)).toBeNaN()
    stream.reset()
    expect(prices.map((v) => stream.update(v))).toEqual(batch)
  })

  it('refuses fewer than 2 returns or bins, naming the parameter', () => {
    for (const [params, field] of [
      [{ window: 1 }, 'entropy.window'],
      [{ bins: 1 }, 'entropy.bins'],
    ] as const) {
      const error = (() => {
        try {
          entropyIndicator.resolve(params)
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(error).toBeInstanceOf(TradePulseError)
      expect((error as TradePulseError).location.field).toBe(field)
    }
  })
})

describe('MirroredWindow', () => {
  it('keeps the latest values contiguous, oldest first', () => {
    const window = new MirroredWindow(3)
    const seen: number[][] = []
    for (let v = 1; v <= 5; v++) {
      window.push(v)
      seen.push(Array.from(window.values.subarray(window.start, window.end + 1)))
    }
    expect(seen).toEqual([[1], [1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]])
    expect(() => new MirroredWindow(0)).toThrow(RangeError)
  })
})

describe('entropy after a spike', () => {
  it('forgets a 1e308 or 1e15 price once both its returns have left the window', () => {
    const clean = randomInputs({ length: 600, seed: 183 }).close
    for (const [window, bins] of [
      [10, 4],
      [100, 30],
    ] as const) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + window + 1,
        faces: (value) => {
          const { batch, stream } = bothFaces(entropyIndicator, { value }, { window, bins }, 'value')
          return [batch, stream]
        },
        reference: (value) => plainEntropy(value, window, bins),
        exact: true,
      })
      expect(problems, `window ${window}`).toEqual([])
    }
  })
})
