/**
 * Stochastic against hand-computed bars, its zero-range convention, technicalindicators (fast
 * stochastic) and trading-signals (slow stochastic, with %K smoothing), on the same random bars.
 */
import fc from 'fast-check'
import { Stochastic as TiStochastic } from 'technicalindicators'
import { StochasticOscillator as TsStochastic } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { Stochastic, stochastic, stochasticIndicator } from './stochastic.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'

function alignRight(theirs: readonly (number | undefined)[], length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN)
  out.set(
    theirs.map((x) => x ?? Number.NaN),
    length - theirs.length,
  )
  return out
}

const high = Float64Array.of(10, 11, 12, 11, 13)
const low = Float64Array.of(8, 9, 9, 10, 11)
const close = Float64Array.of(9, 10, 11, 10, 13)

describe('stochastic', () => {
  it('places the close in the high–low range of the last kPeriod bars', () => {
    // Ranges [8, 12], [9, 12], [9, 13] → %K 75, 33.3, 100; %D = mean of the last two %K.
    const { k, d } = stochastic(high, low, close, { kPeriod: 3, dPeriod: 2 })
    expect(k[1]).toBeNaN()
    expect(k[2]).toBeCloseTo(75, 12)
    expect(k[3]).toBeCloseTo(100 / 3, 12)
    expect(k[4]).toBeCloseTo(100, 12)
    expect(d[2]).toBeNaN()
    expect(d[3]).toBeCloseTo((75 + 100 / 3) / 2, 12)
    expect(d[4]).toBeCloseTo((100 / 3 + 100) / 2, 12)
  })

  it('smooths %K with kSmoothing (the slow stochastic)', () => {
    const { k, d } = stochastic(high, low, close, { kPeriod: 3, kSmoothing: 2, dPeriod: 2 })
    expect(k[2]).toBeNaN()
    expect(k[3]).toBeCloseTo((75 + 100 / 3) / 2, 12)
    expect(k[4]).toBeCloseTo((100 / 3 + 100) / 2, 12)
    expect(d[3]).toBeNaN()
    expect(d[4]).toBeCloseTo(((75 + 100 / 3) / 2 + (100 / 3 + 100) / 2) / 2, 12)
  })

  it('is 50 when the range is zero', () => {
    const flat = new Float64Array(10).fill(42)
    const { k, d } = stochastic(flat, flat, flat, { kPeriod: 5 })
    expect(k[9]).toBe(50)
    expect(d[9]).toBe(50)
  })

  it('streams what the batch computes with %K smoothing too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (seed, kPeriod, kSmoothing, dPeriod) => {
          const bars = randomInputs({ length: 80, seed, nonFiniteRate: 0.05 })
          const params = { kPeriod, kSmoothing, dPeriod }
          const batch = stochastic(bars.high, bars.low, bars.close, params)
          const stream = new Stochastic(params)
          const k = new Float64Array(80)
          const d = new Float64Array(80)
          for (let i = 0; i < 80; i++) {
            const row = stream.update(rowAt(bars, i))
            k[i] = row.k
            d[i] = row.d
          }
          expect(firstMismatch(k, batch.k, 0)).toBe(-1)
          expect(firstMismatch(d, batch.d, 0)).toBe(-1)
        },
      ),
    )
  })

  it('matches technicalindicators (fast stochastic) to 1e-9', () => {
    const bars = randomInputs({ length: 3000, seed: 115 })
    for (const [kPeriod, dPeriod] of [
      [14, 3],
      [5, 1],
      [40, 7],
    ] as const) {
      const ours = stochastic(bars.high, bars.low, bars.close, { kPeriod, dPeriod })
      const theirs = TiStochastic.calculate({
        high: Array.from(bars.high),
        low: Array.from(bars.low),
        close: Array.from(bars.close),
        period: kPeriod,
        signalPeriod: dPeriod,
      })
      const n = bars.close.length
      expect(
        firstMismatch(
          ours.k,
          alignRight(
            theirs.map((r) => r.k),
            n,
          ),
        ),
        `k ${kPeriod}/${dPeriod}`,
      ).toBe(-1)
      expect(
        firstMismatch(
          ours.d,
          alignRight(
            theirs.map((r) => r.d),
            n,
          ),
        ),
        `d ${kPeriod}/${dPeriod}`,
      ).toBe(-1)
    }
  })

  it('matches trading-signals (slow stochastic) to 1e-9', () => {
    const bars = randomInputs({ length: 3000, seed: 116 })
    for (const [kPeriod, kSmoothing, dPeriod] of [
      [14, 3, 3],
      [5, 1, 3],
      [21, 5, 2],
    ] as const) {
      const ours = stochastic(bars.high, bars.low, bars.close, { kPeriod, kSmoothing, dPeriod })
      const ts = new TsStochastic({ kPeriod, kSlowingPeriod: kSmoothing, dPeriod })
      const k = new Float64Array(bars.close.length)
      const d = new Float64Array(bars.close.length)
      bars.close.forEach((c, i) => {
        const r = ts.add({ high: bars.high[i]!, low: bars.low[i]!, close: c })
        k[i] = r?.stochK ?? Number.NaN
        d[i] = r?.stochD ?? Number.NaN
      })
      const label = `${kPeriod}/${kSmoothing}/${dPeriod}`
      // trading-signals reports nothing until %D exists, so compare from our warm-up on.
      const from = kPeriod + kSmoothing + dPeriod - 3
      expect(firstMismatch(ours.k.subarray(from), k.subarray(from)), label).toBe(-1)
      expect(firstMismatch(ours.d, d), label).toBe(-1)
    }
  })
})

/** Raw %K over each kPeriod window, then plain means of kSmoothing raw values and dPeriod %Ks. */
function plainStochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
): { k: Float64Array; d: Float64Array } {
  const n = close.length
  const mean = (xs: Float64Array, i: number, period: number): number => {
    if (i < period - 1) return Number.NaN
    let sum = 0
    for (let j = i - period + 1; j <= i; j++) sum += xs[j]!
    return sum / period
  }
  const raw = new Float64Array(n).fill(Number.NaN)
  for (let i = kPeriod - 1; i < n; i++) {
    const hh = Math.max(...high.subarray(i - kPeriod + 1, i + 1))
    const ll = Math.min(...low.subarray(i - kPeriod + 1, i + 1))
    raw[i] = hh > ll ? ((close[i]! - ll) / (hh - ll)) * 100 : 50
  }
  const k = raw.map((_, i) => mean(raw, i, kSmoothing))
  const d = k.map((_, i) => mean(k, i, dPeriod))
  return { k, d }
}

describe('stochastic after a spike', () => {
  it('forgets a 1e308 or 1e15 bar once it has left the range and both smoothing windows', () => {
    const bars = randomInputs({ length: 600, seed: 182 })
    for (const [kPeriod, kSmoothing, dPeriod] of [
      [14, 1, 3],
      [14, 3, 3],
      [5, 4, 6],
    ] as const) {
      const params = { kPeriod, kSmoothing, dPeriod }
      for (const name of ['k', 'd'] as const) {
        // A consistent bar: its high is the spike too.
        const spiked = (series: Float64Array): typeof bars => ({
          ...bars,
          high: series.map((x, i) => Math.max(x, bars.high[i]!)),
          close: series,
        })
        const problems = spikeDepartures({
          clean: bars.close,
          at: 200,
          from: 200 + kPeriod + kSmoothing + dPeriod - 2,
          faces: (close) => {
            const { batch, stream } = bothFaces(stochasticIndicator, spiked(close), params, name)
            return [batch, stream]
          },
          reference: (close) => {
            const b = spiked(close)
            return plainStochastic(b.high, b.low, b.close, kPeriod, kSmoothing, dPeriod)[name]
          },
          scale: 100,
          exact: true,
        })
        expect(problems, `${name}, ${JSON.stringify(params)}`).toEqual([])
      }
    }
  })
})
