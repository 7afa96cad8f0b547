import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { pricesFromLogReturns } from '../testing/fractional-noise.ts'
import { DeltaEntropy, deltaEntropy, deltaEntropyBins, deltaEntropyIndicator } from './delta-entropy.ts'
import { entropy } from './entropy.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { plainEntropy } from '../testing/plain-entropy.ts'
import { randomInputs } from '../testing/random-inputs.ts'

function gaussianPrices(length: number, seed: number): Float64Array {
  const normal = new NormalSampler(new SeededRandom(seed))
  return pricesFromLogReturns(Float64Array.from({ length: length - 1 }, () => 0.01 * normal.next()))
}

describe('delta entropy', () => {
  it('picks ⌊window / 3⌋ bins, clamped to [10, 50]', () => {
    expect([2, 30, 32, 33, 100, 150, 152, 1000].map(deltaEntropyBins)).toEqual([
      10, 10, 10, 11, 33, 50, 50, 50,
    ])
  })

  it('is −ln 10 when evenly spread returns give way to constant ones', () => {
    // window 30 → 10 bins. The first 30 returns put three in each bin (k·0.001, k = 0..9);
    // the next 30 are all equal, entropy 0.
    const returns = new Float64Array(60)
    for (let i = 0; i < 30; i++) returns[i] = (i % 10) * 0.001
    returns.fill(0.002, 30)
    const out = deltaEntropy(pricesFromLogReturns(returns), { window: 30 })
    expect(out[60]).toBeCloseTo(-Math.log(10), 14)
  })

  it('is the entropy now minus the entropy one window ago', () => {
    const prices = gaussianPrices(500, 5)
    const window = 40
    const latest = entropy(prices, { window, bins: deltaEntropyBins(window) })
    const out = deltaEntropy(prices, { window })
    for (let t = 0; t < 2 * window; t++) expect(out[t]).toBeNaN()
    for (let t = 2 * window; t < prices.length; t++) expect(out[t]).toBe(latest[t]! - latest[t - window]!)
    expect(deltaEntropyIndicator.warmup(deltaEntropyIndicator.resolve({ window }))).toBe(80)
  })

  it('is zero on flat prices once warmed up', () => {
    const out = deltaEntropy(new Float64Array(30).fill(7), { window: 10 })
    expect(out[19]).toBeNaN()
    for (let t = 20; t < 30; t++) expect(out[t]).toBe(0)
  })

  it('streams what the batch computes, through a non-positive value and a reset', () => {
    const prices = gaussianPrices(400, 9)
    prices[150] = -1
    const batch = deltaEntropy(prices, { window: 25 })
    // The bad value spoils returns 150 and 151: windows ending at 150..175 and, one window
    // later, the differences that look back at them (up to 200).
    expect(batch[149]).not.toBeNaN()
    expect(batch[175]).toBeNaN()
    expect(batch[200]).toBeNaN()
    expect(batch[201]).not.toBeNaN()
    const stream = new DeltaEntropy({ window: 25 })
    expect(prices.map((v) => stream.update(v))).toEqual(batch)
    stream.reset()
    expect(prices.map((v) => stream.update(v))).toEqual(batch)
  })
})

describe('delta entropy after a spike', () => {
  it('forgets a 1e308 or 1e15 price once both its returns have left both windows', () => {
    const clean = randomInputs({ length: 700, seed: 184 }).close
    for (const window of [10, 100]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200 + 2 * window + 1,
        faces: (value) => {
          const { batch, stream } = bothFaces(deltaEntropyIndicator, { value }, { window }, 'value')
          return [batch, stream]
        },
        reference: (value) => {
          const h = plainEntropy(value, window, deltaEntropyBins(window))
          return h.map((x, t) => (t < 2 * window ? Number.NaN : x - h[t - window]!))
        },
        // A difference of two entropies crosses zero: measure against the entropies' own size.
        scale: 1,
        exact: true,
      })
      expect(problems, `window ${window}`).toEqual([])
    }
  })
})
