import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WeightedWindowSum, WindowSum, weightedWindowSums, windowSums } from './window-sums.ts'

/** Σ weight(k)·terms over each window, summed on its own; NaN before the first full window. */
function naive(terms: readonly number[], period: number, weight: (k: number) => number): number[] {
  return terms.map((_, i) => {
    if (i < period - 1) return Number.NaN
    let sum = 0
    for (let k = 0; k < period; k++) sum += weight(k) * terms[i - period + 1 + k]!
    return sum
  })
}

const FACES = [
  {
    name: 'plain',
    batch: windowSums,
    stream: (period: number) => new WindowSum(period),
    weight: () => 1,
  },
  {
    name: 'weighted',
    batch: weightedWindowSums,
    stream: (period: number) => new WeightedWindowSum(period),
    weight: (k: number) => k + 1,
  },
] as const

const positiveTerms = fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { maxLength: 120 })

describe.each(FACES)('$name window sums', ({ batch, stream, weight }) => {
  it('equal each window summed on its own, to 1e-12, for terms of one sign (property)', () => {
    fc.assert(
      fc.property(positiveTerms, fc.integer({ min: 1, max: 25 }), (terms, period) => {
        const out = batch(Float64Array.from(terms), period)
        const expected = naive(terms, period, weight)
        expected.forEach((e, i) => {
          if (Number.isNaN(e)) expect(out[i], `row ${i}`).toBeNaN()
          else expect(Math.abs(out[i]! - e), `row ${i}`).toBeLessThanOrEqual(1e-12 * e)
        })
      }),
    )
  })

  it('stream exactly what the batch computes, NaN before the first full window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 25 }),
        (terms, period) => {
          const out = batch(Float64Array.from(terms), period, new Float64Array(terms.length), 3)
          const sums = stream(period)
          terms.forEach((x, i) => {
            expect(Object.is(sums.push(x) / 3, out[i]), `row ${i}`).toBe(true)
            expect(sums.full, `row ${i}`).toBe(i >= period - 1)
          })
          sums.reset()
          expect(sums.push(terms[0] ?? 1)).toBe(period === 1 ? (terms[0] ?? 1) : Number.NaN)
        },
      ),
    )
  })

  it('forget a value exactly once it leaves: the same bits as without it (property)', () => {
    fc.assert(
      fc.property(
        positiveTerms,
        fc.integer({ min: 1, max: 25 }),
        fc.nat(),
        fc.constantFrom(1e308, 1e15, Number.POSITIVE_INFINITY, Number.NaN),
        (terms, period, where, extreme) => {
          fc.pre(terms.length > 0)
          const at = where % terms.length
          const clean = batch(Float64Array.from(terms), period)
          const spiked = Float64Array.from(terms)
          spiked[at] = extreme
          const out = batch(spiked, period)
          const sums = stream(period)
          spiked.forEach((x, i) => {
            const streamed = sums.push(x)
            if (i >= at + period) {
              expect(Object.is(out[i], clean[i]), `batch row ${i}`).toBe(true)
              expect(Object.is(streamed, clean[i]), `stream row ${i}`).toBe(true)
            }
          })
        },
      ),
    )
  })
})

describe('window sums', () => {
  it('sum and weigh small windows as written out by hand', () => {
    const terms = Float64Array.of(1, 2, 3, 4, 5, 6, 7)
    expect(Array.from(windowSums(terms, 3))).toEqual([NaN, NaN, 6, 9, 12, 15, 18])
    // 1·1 + 2·2 + 3·3 = 14, 1·2 + 2·3 + 3·4 = 20, …
    expect(Array.from(weightedWindowSums(terms, 3))).toEqual([NaN, NaN, 14, 20, 26, 32, 38])
    expect(Array.from(windowSums(terms, 1))).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})
