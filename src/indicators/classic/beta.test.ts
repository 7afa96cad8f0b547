import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { Beta, beta, betaIndicator } from './beta.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

/** The reference: simple returns, then each window's cov / var of the benchmark in two passes. */
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
    let syy = 0
    for (let k = 0; k < period; k++) {
      sxy += (x[k]! - mx) * (y[k]! - my)
      syy += (y[k]! - my) ** 2
    }
    out[i] = syy > 0 ? sxy / syy : 0
  }
  return out
}

describe('rolling beta of returns', () => {
  it('recovers the leverage of a series built as a multiple of the benchmark’s returns', () => {
    const bench = randomInputs({ length: 100, seed: 131 }).benchmark
    for (const scale of [1, 2, -0.75]) {
      const value = new Float64Array(100)
      value[0] = 10
      for (let i = 1; i < 100; i++) value[i] = value[i - 1]! * (1 + scale * (bench[i]! / bench[i - 1]! - 1))
      const out = beta(value, bench, { period: 15 })
      expect(Array.from(out.subarray(0, 15)).every(Number.isNaN)).toBe(true)
      for (let i = 15; i < 100; i++) expect(out[i]).toBeCloseTo(scale, 12)
    }
  })

  it('works out a hand example', () => {
    // Returns of value +10 %, −10 %, +20 %; of benchmark +5 %, 0 %, +5 %: n·cov = 1/120, n·var = 1/600.
    const out = beta(Float64Array.of(100, 110, 99, 118.8), Float64Array.of(200, 210, 210, 220.5), {
      period: 3,
    })
    expect(out[3]).toBeCloseTo(5, 12)
  })

  it('is 0 when the benchmark does not move, and when the value does not', () => {
    const data = randomInputs({ length: 40, seed: 132 })
    const flat = new Float64Array(40).fill(3)
    for (const v of beta(data.value, flat, { period: 5 }).subarray(5)) expect(v).toBe(0)
    for (const v of beta(flat, data.benchmark, { period: 5 }).subarray(5)) expect(v).toBe(0)
  })

  it('matches the two-pass reference on correlated random walks', () => {
    const data = randomInputs({ length: 600, seed: 133 })
    for (const period of [2, 20, 90]) {
      const ours = beta(data.value, data.benchmark, { period })
      const expected = reference(data.value, data.benchmark, period)
      for (let i = period; i < 600; i++)
        expect(closeEnough(ours[i]!, expected[i]!, 1e-9), `row ${i}`).toBe(true)
    }
  })

  it('streams the same values', () => {
    const data = randomInputs({ length: 120, seed: 134 })
    data.value[30] = 0
    const batch = beta(data.value, data.benchmark, { period: 8 })
    const stream = new Beta({ period: 8 })
    for (let i = 0; i < 120; i++)
      expect(Object.is(stream.update(rowAt(data, i)), batch[i]), `row ${i}`).toBe(true)
    stream.reset()
    expect(stream.update(rowAt(data, 0))).toBeNaN()
  })
})

describe('rolling beta after a spike', () => {
  it('forgets a 1e308 or 1e15 price once both its returns have left the window', () => {
    const bars = randomInputs({ length: 600, seed: 176 })
    for (const column of ['value', 'benchmark'] as const) {
      for (const period of [2, 20, 50]) {
        const problems = spikeDepartures({
          clean: bars[column],
          at: 200,
          from: 200 + period + 1,
          faces: (series) => {
            const { batch, stream } = bothFaces(
              betaIndicator,
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
