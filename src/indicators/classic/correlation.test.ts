import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { Correlation, correlation, correlationIndicator } from './correlation.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** The reference: simple returns, then each window's Pearson correlation in two passes. */
function reference(value: Float64Array, benchmark: Float64Array, period: number): Float64Array {
  const out = new Float64Array(value.length).fill(Number.NaN)
  for (let i = period; i < value.length; i++) {
    const x: number[] = []
    const y: number[] = []
    for (let j = i - period + 1; j <= i; j++) {
      x.push(value[j]! / value[j - 1]! - 1)
      y.push(benchmark[j]! / benchmark[j - 1]! - 1)
    }
    const mx = x.reduce((a, b) => a + b, 0) / period
    const my = y.reduce((a, b) => a + b, 0) / period
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let k = 0; k < period; k++) {
      sxy += (x[k]! - mx) * (y[k]! - my)
      sxx += (x[k]! - mx) ** 2
      syy += (y[k]! - my) ** 2
    }
    out[i] = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0
  }
  return out
}

/** Prices whose one-bar returns are `scale` times those of `benchmark`. */
function levered(benchmark: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(benchmark.length)
  out[0] = 50
  for (let i = 1; i < out.length; i++)
    out[i] = out[i - 1]! * (1 + scale * (benchmark[i]! / benchmark[i - 1]! - 1))
  return out
}

describe('rolling correlation of returns', () => {
  it('is ±1 for returns that are exact multiples of each other', () => {
    const bench = randomInputs({ length: 100, seed: 121 }).benchmark
    for (const [scale, expected] of [
      [1, 1],
      [2.5, 1],
      [-0.5, -1],
    ] as const) {
      const out = correlation(levered(bench, scale), bench, { period: 10 })
      expect(Array.from(out.subarray(0, 10)).every(Number.isNaN)).toBe(true)
      for (let i = 10; i < 100; i++) expect(out[i]).toBeCloseTo(expected, 12)
    }
  })

  it('is 0 when either series does not move', () => {
    const bench = randomInputs({ length: 40, seed: 122 }).benchmark
    const flat = new Float64Array(40).fill(10)
    for (const v of correlation(flat, bench, { period: 5 }).subarray(5)) expect(v).toBe(0)
    for (const v of correlation(bench, flat, { period: 5 }).subarray(5)) expect(v).toBe(0)
  })

  it('works out a hand example', () => {
    // Returns of value: +10 %, −10 %, +20 %; of benchmark: +5 %, 0 %, +5 %.
    // Deviations (1/30, −1/6, 2/15) and (1/60, −1/30, 1/60): n·cov = 1/120, n·var = 0.14/3 and 0.005/3.
    const value = Float64Array.of(100, 110, 99, 118.8)
    const bench = Float64Array.of(200, 210, 210, 220.5)
    const out = correlation(value, bench, { period: 3 })
    expect(out[3]).toBeCloseTo(1 / 120 / Math.sqrt((0.14 / 3) * (0.005 / 3)), 12)
    expect(out[3]).toBeCloseTo(0.9449111825, 10)
  })

  it('matches the two-pass reference on correlated random walks', () => {
    const data = randomInputs({ length: 600, seed: 123 })
    for (const period of [2, 20, 90]) {
      const ours = correlation(data.value, data.benchmark, { period })
      const expected = reference(data.value, data.benchmark, period)
      for (let i = period; i < 600; i++)
        expect(closeEnough(ours[i]!, expected[i]!, 1e-9), `row ${i}`).toBe(true)
    }
    // The generator's benchmark loads 0.6 on the value's shock: the long-run correlation is 0.6.
    const long = correlation(data.value, data.benchmark, { period: 500 })
    expect(long[599]).toBeGreaterThan(0.5)
    expect(long[599]).toBeLessThan(0.7)
  })

  it('stays within [−1, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })), {
          minLength: 3,
          maxLength: 40,
        }),
        fc.integer({ min: 2, max: 8 }),
        (pairs, period) => {
          const out = correlation(
            Float64Array.from(pairs, ([a]) => a),
            Float64Array.from(pairs, ([, b]) => b),
            { period },
          )
          for (let i = period; i < pairs.length; i++) {
            expect(out[i]).toBeGreaterThanOrEqual(-1)
            expect(out[i]).toBeLessThanOrEqual(1)
          }
        },
      ),
    )
  })

  it('is NaN exactly for windows holding a return from a non-positive price, and streams the same', () => {
    const data = randomInputs({ length: 120, seed: 124 })
    data.benchmark[50] = -2
    const batch = correlation(data.value, data.benchmark, { period: 6 })
    for (let i = 6; i < 120; i++) expect(Number.isNaN(batch[i]!), `row ${i}`).toBe(i >= 50 && i <= 56)
    const stream = new Correlation({ period: 6 })
    for (let i = 0; i < 120; i++)
      expect(Object.is(stream.update(rowAt(data, i)), batch[i]), `row ${i}`).toBe(true)
    expect(stream.update({ value: Number.NaN, benchmark: 1 })).toBeNaN()
  })
})

describe('rolling correlation after a spike', () => {
  it('forgets a 1e308 or 1e15 price once both its returns have left the window', () => {
    const bars = randomInputs({ length: 600, seed: 175 })
    for (const column of ['value', 'benchmark'] as const) {
      for (const period of [2, 20, 50]) {
        const problems = spikeDepartures({
          clean: bars[column],
          at: 200,
          from: 200 + period + 1,
          faces: (series) => {
            const { batch, stream } = bothFaces(
              correlationIndicator,
              { ...bars, [column]: series },
              { period },
              'value',
            )
            return [batch, stream]
          },
          reference: (series) => {
            const inputs = { ...bars, [column]: series }
            return reference(inputs.value, inputs.benchmark, period)
          },
          scale: 1,
          exact: true,
        })
        expect(problems, `${column}, period ${period}`).toEqual([])
      }
    }
  })
})
