import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { fractionalGaussianNoise, pricesFromLogReturns } from '../testing/fractional-noise.ts'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { Hurst, type HurstMethod, hurst, hurstIndicator, logSpacedSizes } from './hurst.ts'

const METHODS: readonly HurstMethod[] = ['variance', 'rs', 'dfa']

/** The estimate over the whole series, as one window. */
function wholeSeries(prices: Float64Array, method: HurstMethod): number {
  return hurst(prices, { window: prices.length, method })[prices.length - 1]!
}

function fractionalPrices(hurstExponent: number, length: number, seed: number): Float64Array {
  return pricesFromLogReturns(
    fractionalGaussianNoise({ length: length - 1, hurst: hurstExponent, seed, sigma: 0.01 }),
  )
}

/** The variance method written the obvious way: every window from scratch, two-pass variances. */
function naiveVarianceHurst(
  prices: Float64Array,
  window: number,
  minLag: number,
  maxLag: number,
): Float64Array {
  const out = new Float64Array(prices.length).fill(Number.NaN)
  const logs = Array.from(prices, Math.log)
  for (let t = window - 1; t < prices.length; t++) {
    const xs: number[] = []
    const ys: number[] = []
    for (let k = minLag; k <= maxLag; k++) {
      const d: number[] = []
      for (let i = t - window + 1 + k; i <= t; i++) d.push(logs[i]! - logs[i - k]!)
      const mean = d.reduce((a, b) => a + b, 0) / d.length
      const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1)
      xs.push(Math.log(k))
      ys.push(0.5 * Math.log(variance))
    }
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length
    const my = ys.reduce((a, b) => a + b, 0) / ys.length
    let sxy = 0
    let sxx = 0
    for (let j = 0; j < xs.length; j++) {
      sxy += (xs[j]! - mx) * (ys[j]! - my)
      sxx += (xs[j]! - mx) ** 2
    }
    out[t] = Math.min(1, Math.max(0, sxy / sxx))
  }
  return out
}

describe('hurst: known answers', () => {
  it('is about 0.5 for a Gaussian random walk, by every method', () => {
    const normal = new NormalSampler(new SeededRandom(2024))
    const prices = pricesFromLogReturns(Float64Array.from({ length: 4095 }, () => 0.01 * normal.next()))
    for (const method of METHODS)
      expect(Math.abs(wholeSeries(prices, method) - 0.5), method).toBeLessThan(0.1)
  })

  // Fractional Gaussian noise with H = 0.8, exact (Davies–Harte), 4096 values per series. Over
  // 20 seeds the estimates averaged 0.76 (variance), 0.78 (rs) and 0.81 (dfa), each within 0.1
  // of 0.8 on every seed; three seeds are checked here.
  it.each([1, 2, 3])('sees persistence in fGn with H = 0.8 (seed %d)', (seed) => {
    const prices = fractionalPrices(0.8, 4096, seed)
    for (const method of METHODS) {
      const h = wholeSeries(prices, method)
      expect(h, method).toBeGreaterThan(0.6)
      expect(Math.abs(h - 0.8), method).toBeLessThan(0.1)
    }
  })

  // H = 0.2: variance and DFA average 0.20 and 0.23; the classical R/S, uncorrected, is biased
  // up on anti-persistent series (0.31 on average), so its tolerance is wider.
  it.each([1, 2, 3])('sees anti-persistence in fGn with H = 0.2 (seed %d)', (seed) => {
    const prices = fractionalPrices(0.2, 4096, seed)
    const tolerance = { variance: 0.1, rs: 0.16, dfa: 0.1 }
    for (const method of METHODS) {
      const h = wholeSeries(prices, method)
      expect(h, method).toBeLessThan(0.5)
      expect(Math.abs(h - 0.2), method).toBeLessThan(tolerance[method])
    }
  })

  it('gives the neutral 0.5 on a straight line, constant returns or flat prices', () => {
    const line = Float64Array.from({ length: 300 }, (_, i) => Math.exp(4 + 0.001 * i))
    const geometric = Float64Array.from({ length: 300 }, (_, i) => 100 * 1.01 ** i)
    const flat = new Float64Array(300).fill(50)
    for (const prices of [line, geometric, flat]) {
      for (const method of METHODS) {
        const out = hurst(prices, { window: 200, method })
        for (let t = 199; t < 300; t++) expect(out[t], method).toBe(0.5)
      }
    }
  })

  it('matches a hand computation of the variance method', () => {
    // Log prices 0, 0, 0, 0.04 with lags 1 and 2. Lag 1: 0, 0, 0.04, sample variance 16/3·1e-4;
    // lag 2: 0, 0.04, variance 8e-4. H = ½·ln(8 / (16/3)) / ln 2 = ½·log₂ 1.5.
    const prices = Float64Array.of(1, 1, 1, Math.exp(0.04))
    const out = hurst(prices, { window: 4, minLag: 1, maxLag: 2 })
    expect(out[3]).toBeCloseTo(0.5 * Math.log2(1.5), 12)
    expect(out[3]).toBeCloseTo(0.29248125036057815, 12)
  })

  it('rolls its sums without drift: equal to a from-scratch computation at every step', () => {
    // 3000 values pass several exact rebuilds (every max(window, 1024) values) and long rolls.
    const normal = new NormalSampler(new SeededRandom(77))
    const prices = pricesFromLogReturns(Float64Array.from({ length: 2999 }, () => 0.02 * normal.next()))
    const fast = hurst(prices, { window: 120, minLag: 2, maxLag: 30 })
    const naive = naiveVarianceHurst(prices, 120, 2, 30)
    expect(firstMismatch(fast, naive, 1e-10)).toBe(-1)
  })
})

describe('hurst: a spike', () => {
  it('is forgotten the moment it leaves the window (variance method, 1e308 and 1e15)', () => {
    const clean = randomInputs({ length: 900, seed: 163, volatility: 0.002 }).close
    for (const [window, minLag, maxLag] of [
      [40, 1, 20],
      [120, 2, 30],
    ] as const) {
      const problems = spikeDepartures({
        clean,
        at: 300,
        from: 300 + window,
        faces: (value) => {
          const { batch, stream } = bothFaces(hurstIndicator, { value }, { window, minLag, maxLag }, 'value')
          return [batch, stream]
        },
        reference: (value) => naiveVarianceHurst(value, window, minLag, maxLag),
        scale: 1,
        exact: true,
      })
      expect(problems, `window ${window}`).toEqual([])
    }
  })
})

describe('hurst: mechanics', () => {
  it('uses documented sizes for R/S and DFA', () => {
    expect(Array.from(logSpacedSizes(8, 99, 10))).toEqual([8, 11, 14, 19, 24, 32, 43, 57, 75, 99])
    expect(Array.from(logSpacedSizes(4, 49, 10))).toEqual([4, 5, 7, 9, 12, 16, 21, 28, 37, 49])
    expect(Array.from(logSpacedSizes(8, 15, 10))).toEqual([8, 9, 10, 11, 12, 13, 14, 15])
    expect(logSpacedSizes(8, 7, 10)).toHaveLength(0)
  })

  it.each(['rs', 'dfa'] as const)('%s streams exactly what the batch computes', (method) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 32, max: 70 }),
        fc.constantFrom(0, 0.03),
        (seed, window, nonFiniteRate) => {
          const { value } = randomInputs({ length: 260, seed, nonFiniteRate })
          const batch = hurstIndicator.compute({ value }, { window, method })
          const stream = hurstIndicator.create({ window, method })
          const streamed = value.map((v) => stream.update({ value: v }).value)
          expect(firstMismatch(streamed, batch.value)).toBe(-1)
        },
      ),
      { numRuns: 20 },
    )
  })

  it('is NaN while the window holds a non-positive value, by every method', () => {
    const prices = fractionalPrices(0.5, 200, 4)
    prices[100] = 0
    for (const method of METHODS) {
      const out = hurst(prices, { window: 40, method, maxLag: 20 })
      expect(out[99], method).not.toBeNaN()
      expect(out[100], method).toBeNaN()
      expect(out[139], method).toBeNaN()
      expect(out[140], method).not.toBeNaN()
      const stream = new Hurst({ window: 40, method, maxLag: 20 })
      expect(
        prices.map((v) => stream.update(v)),
        method,
      ).toEqual(out)
    }
  })

  it('stays within [0, 1] on any positive prices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 40, maxLength: 80 }),
        fc.constantFrom(...METHODS),
        (returns, method) => {
          const prices = pricesFromLogReturns(Float64Array.from(returns))
          const out = hurst(prices, { window: 36, method, maxLag: 10 })
          for (let t = 35; t < out.length; t++) {
            expect(out[t]).toBeGreaterThanOrEqual(0)
            expect(out[t]).toBeLessThanOrEqual(1)
          }
        },
      ),
    )
  })

  it('refuses inconsistent parameters, naming the one to change', () => {
    const field = (params: Parameters<typeof hurstIndicator.resolve>[0]): string | undefined => {
      try {
        hurstIndicator.resolve(params)
      } catch (e) {
        return e instanceof TradePulseError ? e.location.field : 'not a TradePulseError'
      }
      return undefined
    }
    expect(field({ window: 99 })).toBe('hurst.window')
    expect(field({ window: 100 })).toBeUndefined()
    expect(field({ minLag: 5, maxLag: 5 })).toBe('hurst.maxLag')
    expect(field({ window: 31, method: 'rs' })).toBe('hurst.window')
    expect(field({ window: 32, method: 'dfa' })).toBeUndefined()
    expect(field({ method: 'wavelet' } as never)).toBe('hurst.method')
  })
})
