import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalCdf, normalDensity, normalQuantile } from './normal-distribution.ts'

// Reference values: mpmath 1.3 at 50 significant digits (mpmath.ncdf, and findroot of ncdf for
// the quantiles), rounded to 17 significant digits.

/** |actual − expected| / |expected|. */
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected)
}

describe('normalCdf', () => {
  it('gives Φ(1.96) = 0.9750021048517795', () => {
    expect(relativeError(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15)
  })

  it.each([
    [0, 0.5],
    [0.3, 0.6179114221889527],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145705],
    [2.5, 0.9937903346742238],
    [-3, 0.0013498980316300946],
    [-3.5, 0.00023262907903552504],
    [-5, 2.866515718791939e-7],
    [-8, 6.220960574271784e-16],
    [-10, 7.61985302416053e-24],
    [-20, 2.753624118606234e-89],
    [-37.5, 4.605353009581955e-308],
  ])('gives Φ(%s) to 1e-12 relative', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-12)
  })

  it('takes the far tails to 0 and 1 and passes NaN through', () => {
    expect(normalCdf(-Infinity)).toBe(0)
    expect(normalCdf(-40)).toBe(0)
    expect(normalCdf(Infinity)).toBe(1)
    expect(normalCdf(9)).toBe(1)
    expect(normalCdf(NaN)).toBeNaN()
  })

  it('is continuous where the series hands over to the continued fraction (|x| = 3)', () => {
    // One step h below the boundary uses the series, the boundary itself the continued fraction:
    // the two must differ by the slope φ(x)·h and nothing more.
    const h = 1e-9
    for (const x of [-3, 3]) {
      const step = normalCdf(x) - normalCdf(x - h)
      expect(relativeError(step, normalDensity(x) * h), `Φ(${x}) − Φ(${x} − h)`).toBeLessThan(1e-3)
    }
  })

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-15)
      }),
    )
  })

  it('never decreases', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -38, max: 9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, step) => {
          expect(normalCdf(x + step)).toBeGreaterThanOrEqual(normalCdf(x))
        },
      ),
    )
  })
})

describe('normalDensity', () => {
  it('gives φ(1) = e^(−1/2)/√(2π) = 0.24197072451914334', () => {
    expect(relativeError(normalDensity(1), 0.24197072451914334)).toBeLessThan(1e-15)
  })
})

describe('normalQuantile', () => {
  it('gives Φ⁻¹(0.975) = 1.959963984540054 and Φ⁻¹(0.025) = −1.959963984540054', () => {
    expect(relativeError(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14)
    expect(relativeError(normalQuantile(0.025), -1.959963984540054)).toBeLessThan(1e-14)
  })

  it.each([
    [0.5, 0],
    [0.3, -0.5244005127080408],
    [0.9, 1.2815515655446006],
    [0.999, 3.0902323061678136],
    [0.02425, -1.972961051311885],
    [1e-10, -6.361340902404057],
    [1e-300, -37.0470962993612],
  ])('gives Φ⁻¹(%s) to 1e-13 relative', (p, expected) => {
    const actual = normalQuantile(p)
    if (expected === 0) expect(actual).toBe(0)
    else expect(relativeError(actual, expected)).toBeLessThan(1e-13)
  })

  it('is antisymmetric: Φ⁻¹(p) = −Φ⁻¹(1 − p), so the upper tail is as good as the lower', () => {
    // 1 − 1e-10 is not representable; its complement is 1.000000082740371e-10, not 1e-10.
    const p = 1 - 1e-10
    expect(normalQuantile(p)).toBe(-normalQuantile(1 - p))
    expect(relativeError(1 - normalCdf(normalQuantile(p)), 1 - p)).toBeLessThan(1e-6)
  })

  it('inverts Φ in the tails: Φ(Φ⁻¹(1e-10)) = 1e-10', () => {
    expect(relativeError(normalCdf(normalQuantile(1e-10)), 1e-10)).toBeLessThan(1e-12)
    expect(relativeError(normalCdf(-6.361340902404056), 1e-10)).toBeLessThan(1e-12)
  })

  it('inverts Φ across (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12)
      }),
    )
  })

  it('maps 0 and 1 to the infinities and refuses what is not a probability', () => {
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
    expect(() => normalQuantile(1.5)).toThrow(/p must be a probability in \[0, 1\], was 1.5/)
    expect(() => normalQuantile(NaN)).toThrow(RangeError)
  })
})
