/**
 * The analytic signal: Marple's construction gives exp(iωj) for a whole-bin cosine, keeps the real
 * part, and the O(W) causal kernel reproduces the detrend + FFT of every window.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { randomInputs } from '../testing/random-inputs.ts'
import {
  CausalPhaseKernel,
  analyticSignal,
  analyticSignalInPlace,
  causalPhaseByFft,
  detrend,
  phaseFullSeries,
} from './analytic-signal.ts'
import { fftPlan } from './fft.ts'

function wrap(a: number): number {
  const d = a % (2 * Math.PI)
  return d > Math.PI ? d - 2 * Math.PI : d <= -Math.PI ? d + 2 * Math.PI : d
}

describe('detrend', () => {
  it('removes a straight line exactly and leaves residuals orthogonal to 1 and t', () => {
    const line = Float64Array.from({ length: 20 }, (_, t) => 3 - 0.5 * t)
    for (const r of detrend(line)) expect(Math.abs(r)).toBeLessThan(1e-13)
    const rng = new SeededRandom(5)
    const x = Float64Array.from({ length: 33 }, () => rng.nextFloat())
    const r = detrend(x)
    let sum = 0
    let cross = 0
    r.forEach((v, t) => {
      sum += v
      cross += v * t
    })
    expect(Math.abs(sum)).toBeLessThan(1e-13)
    expect(Math.abs(cross)).toBeLessThan(1e-12)
    expect(Array.from(detrend(Float64Array.of(7)))).toEqual([0])
  })
})

describe('analyticSignalInPlace', () => {
  it('turns a whole-bin cosine into exp(iωj), for odd and even lengths', () => {
    for (const n of [16, 17, 30]) {
      const re = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 3 * j) / n))
      const im = new Float64Array(n)
      analyticSignalInPlace(re, im, fftPlan(n))
      for (let j = 0; j < n; j++) {
        expect(re[j]).toBeCloseTo(Math.cos((2 * Math.PI * 3 * j) / n), 12)
        expect(im[j]).toBeCloseTo(Math.sin((2 * Math.PI * 3 * j) / n), 12)
      }
    }
  })

  it('keeps the real part: Re z = x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2 ** 31 }), (n, seed) => {
        const rng = new SeededRandom(seed)
        const x = Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5)
        const re = x.slice()
        const im = new Float64Array(n)
        analyticSignalInPlace(re, im, fftPlan(n))
        for (let j = 0; j < n; j++) expect(Math.abs(re[j]! - x[j]!)).toBeLessThan(1e-13)
      }),
    )
  })
})

describe('CausalPhaseKernel', () => {
  it('equals the FFT of each detrended window to 1e-9, odd and even sizes', () => {
    for (const window of [8, 9, 16, 31, 64, 100, 127]) {
      const prices = randomInputs({ length: window + 50, seed: window }).value
      const kernel = new CausalPhaseKernel(window)
      for (let start = 0; start + window <= prices.length; start += 5) {
        kernel.evaluate(prices, start)
        const z = causalPhaseByFft(prices, start, window)
        expect(Math.abs(kernel.real - z.re[window - 1]!), `re, W ${window} start ${start}`).toBeLessThan(1e-9)
        expect(Math.abs(kernel.imag - z.im[window - 1]!), `im, W ${window} start ${start}`).toBeLessThan(1e-9)
        expect(Math.abs(wrap(kernel.phase - Math.atan2(z.im[window - 1]!, z.re[window - 1]!)))).toBeLessThan(
          1e-9,
        )
      }
    }
  })

  it('matches on random windows of random sizes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 150 }), fc.integer({ min: 1, max: 2 ** 31 }), (window, seed) => {
        const rng = new SeededRandom(seed)
        const x = Float64Array.from({ length: window }, () => 1000 * (rng.nextFloat() - 0.5))
        const kernel = new CausalPhaseKernel(window)
        kernel.evaluate(x, 0)
        const z = causalPhaseByFft(x, 0, window)
        expect(Math.abs(kernel.real - z.re[window - 1]!)).toBeLessThan(1e-9)
        expect(Math.abs(kernel.imag - z.im[window - 1]!)).toBeLessThan(1e-9)
      }),
    )
  })

  it('ignores any straight line added to the window, and gives no phase to a line', () => {
    const kernel = new CausalPhaseKernel(40)
    const x = randomInputs({ length: 40, seed: 9 }).value
    kernel.evaluate(x, 0)
    const [re, im] = [kernel.real, kernel.imag]
    kernel.evaluate(
      x.map((v, t) => v + 250 - 3.5 * t),
      0,
    )
    expect(kernel.real).toBeCloseTo(re, 10)
    expect(kernel.imag).toBeCloseTo(im, 10)
    kernel.evaluate(
      Float64Array.from({ length: 40 }, (_, t) => 0.1 + 0.3 * t),
      0,
    )
    expect(kernel.amplitude).toBe(0)
    expect(kernel.phase).toBeNaN()
  })

  it('refuses a window that is not a positive integer', () => {
    expect(() => new CausalPhaseKernel(0)).toThrow(TradePulseError)
  })
})

describe('phaseFullSeries (non-causal, research only)', () => {
  it('advances by 2π/P per sample away from the ends', () => {
    for (const period of [8, 16, 20]) {
      const x = Float64Array.from({ length: 1024 }, (_, t) => 100 + Math.sin((2 * Math.PI * t) / period))
      const phase = phaseFullSeries(x)
      for (let t = 128; t < 1024 - 128; t++) {
        // Measured worst case 0.0061 rad (P = 20); the ends are far worse (0.56 rad at P = 20).
        expect(Math.abs(wrap(phase[t]! - phase[t - 1]! - (2 * Math.PI) / period))).toBeLessThan(0.01)
      }
    }
  })

  it('is not causal: a late value changes early phases', () => {
    const x = randomInputs({ length: 200, seed: 3 }).value
    const before = phaseFullSeries(x)
    x[199] = x[199]! * 1.05
    const after = phaseFullSeries(x)
    expect(after[10]).not.toBe(before[10])
  })

  it('gives NaN phases to a flat series and refuses non-finite values', () => {
    expect(Array.from(phaseFullSeries(new Float64Array(16).fill(0.1))).every(Number.isNaN)).toBe(true)
    expect(() => phaseFullSeries(Float64Array.of(1, Number.NaN, 2))).toThrow(/value 1 is NaN/)
  })

  it('agrees with analyticSignal', () => {
    const x = randomInputs({ length: 77, seed: 4 }).value
    const z = analyticSignal(x)
    const phase = phaseFullSeries(x)
    for (let t = 0; t < 77; t++) expect(phase[t]).toBeCloseTo(Math.atan2(z.im[t]!, z.re[t]!), 12)
  })
})
