/**
 * The FFT against the O(n²) definition of the DFT for every length 1..70 (radix-2 and Bluestein
 * alike) and a few large ones, plus the round trip and Parseval's identity as properties.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { fft, fftPlan, ifft } from './fft.ts'

function randomComplex(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const rng = new SeededRandom(seed)
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    re[i] = 2 * rng.nextFloat() - 1
    im[i] = 2 * rng.nextFloat() - 1
  }
  return { re, im }
}

/** The definition, with the angle reduced exactly (jk mod n) before the trigonometry. */
function directDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length
  const outRe = new Float64Array(n)
  const outIm = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    let sr = 0
    let si = 0
    for (let j = 0; j < n; j++) {
      const angle = (-2 * Math.PI * ((j * k) % n)) / n
      const c = Math.cos(angle)
      const s = Math.sin(angle)
      sr += re[j]! * c - im[j]! * s
      si += re[j]! * s + im[j]! * c
    }
    outRe[k] = sr
    outIm[k] = si
  }
  return { re: outRe, im: outIm }
}

function maxDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  return worst
}

describe('fft', () => {
  it('equals the direct DFT for every length from 1 to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const x = randomComplex(n, n)
      const expected = directDft(x.re, x.im)
      fft(x.re, x.im)
      // Entries are O(1) with |X_k| up to ~n: allow a few ulps per term.
      expect(maxDifference(x.re, expected.re), `re, n = ${n}`).toBeLessThan(1e-13 * n)
      expect(maxDifference(x.im, expected.im), `im, n = ${n}`).toBeLessThan(1e-13 * n)
    }
  })

  it('equals the direct DFT for large powers of two and awkward lengths', () => {
    for (const n of [1000, 1024, 2039, 4096]) {
      const x = randomComplex(n, 7 * n)
      const expected = directDft(x.re, x.im)
      fft(x.re, x.im)
      expect(maxDifference(x.re, expected.re), `re, n = ${n}`).toBeLessThan(1e-13 * n)
      expect(maxDifference(x.im, expected.im), `im, n = ${n}`).toBeLessThan(1e-13 * n)
    }
  })

  it('knows the transforms of an impulse, a constant and a pure tone', () => {
    for (const n of [8, 12, 13]) {
      const re = new Float64Array(n)
      const im = new Float64Array(n)
      re[0] = 1
      fft(re, im)
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(1, 13)
        expect(im[k]).toBeCloseTo(0, 13)
      }
      const tone = 3
      for (let j = 0; j < n; j++) {
        re[j] = Math.cos((2 * Math.PI * tone * j) / n)
        im[j] = Math.sin((2 * Math.PI * tone * j) / n)
      }
      fft(re, im)
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(k === tone ? n : 0, 12)
        expect(im[k]).toBeCloseTo(0, 12)
      }
    }
  })

  it('inverts: inverse(forward(x)) = x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 2 ** 31 }), (n, seed) => {
        const x = randomComplex(n, seed)
        const re = x.re.slice()
        const im = x.im.slice()
        fft(re, im)
        ifft(re, im)
        expect(maxDifference(re, x.re)).toBeLessThan(1e-13)
        expect(maxDifference(im, x.im)).toBeLessThan(1e-13)
      }),
    )
  })

  it("keeps Parseval's identity: Σ|x|² = (1/n) Σ|X|²", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 2 ** 31 }), (n, seed) => {
        const { re, im } = randomComplex(n, seed)
        let energy = 0
        for (let i = 0; i < n; i++) energy += re[i]! ** 2 + im[i]! ** 2
        fft(re, im)
        let spectral = 0
        for (let i = 0; i < n; i++) spectral += re[i]! ** 2 + im[i]! ** 2
        expect(Math.abs(spectral / n - energy)).toBeLessThan(1e-12 * energy)
      }),
    )
  })

  it('caches one plan per size, and the plan works on longer buffers', () => {
    expect(fftPlan(24)).toBe(fftPlan(24))
    expect(fftPlan(32)).toBe(fftPlan(32))
    const { re, im } = randomComplex(40, 3)
    const expected = directDft(re.slice(0, 24), im.slice(0, 24))
    fftPlan(24).forward(re, im)
    expect(maxDifference(re.subarray(0, 24), expected.re)).toBeLessThan(1e-12)
  })

  it('refuses mismatched parts and impossible sizes', () => {
    expect(() => {
      fft(new Float64Array(4), new Float64Array(5))
    }).toThrow(TradePulseError)
    expect(() => fftPlan(-1)).toThrow(/FFT size/)
    expect(() => fftPlan(2.5)).toThrow(/FFT size/)
  })
})
