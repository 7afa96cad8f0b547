import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { erf, erfc, normalCdf } from './normal-cdf.ts'

/** Reference values from mpmath at 40 significant digits, rounded to double. */
const ERF_ERFC: readonly (readonly [x: number, erf: number, erfc: number])[] = [
  [0, 0, 1],
  [1e-10, 1.1283791670955126e-10, 0.999999999887162],
  [0.1, 0.1124629160182849, 0.887537083981715],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.46875, 0.49261347321793797, 0.507386526782062],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [2, 0.9953222650189527, 0.004677734981047266],
  [3, 0.9999779095030014, 2.209049699858544e-5],
  [4, 0.9999999845827421, 1.541725790028002e-8],
  [4.5, 0.9999999998033839, 1.9661604415428876e-10],
  [6, 1, 2.1519736712498913e-17],
  [10, 1, 2.088487583762545e-45],
  [26, 1, 5.663192408856143e-296],
  [-0.3, -0.3286267594591274, 1.3286267594591274],
  [-1, -0.8427007929497149, 1.8427007929497148],
  [-3, -0.9999779095030014, 1.9999779095030015],
  [-5, -0.9999999999984626, 1.9999999999984626],
]

const PHI: readonly (readonly [x: number, phi: number])[] = [
  [0, 0.5],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145705],
  [1.96, 0.9750021048517795],
  [-1.96, 0.024997895148220435],
  [2.5, 0.9937903346742238],
  [3, 0.9986501019683699],
  [-5, 2.866515718791939e-7],
  [-8, 6.220960574271784e-16],
  [-10, 7.619853024160525e-24],
  [-20, 2.7536241186062337e-89],
  [-37, 5.725571222524577e-300],
]

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0
  return Math.abs(actual - expected) / Math.abs(expected)
}

describe('erf and erfc (Cody 1969)', () => {
  it.each(ERF_ERFC)('match 40-digit references at x = %d', (x, erfExpected, erfcExpected) => {
    expect(Math.abs(erf(x) - erfExpected)).toBeLessThanOrEqual(4e-16)
    // erfc is checked relatively: the far tail (1e-296) must keep its digits, not just be small.
    expect(relativeError(erfc(x), erfcExpected)).toBeLessThan(1e-14)
  })

  it('saturate past the double-precision range and pass NaN through', () => {
    expect(erfc(27)).toBe(0)
    expect(erfc(-27)).toBe(2)
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1)
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1)
    expect(erf(Number.NaN)).toBeNaN()
    expect(erfc(Number.NaN)).toBeNaN()
  })

  it('are odd and complementary', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x)).toBe(-erf(x))
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(2.3e-16)
      }),
    )
  })
})

describe('normalCdf', () => {
  it.each(PHI)('Φ(%d) matches the 40-digit reference', (x, expected) => {
    // Rounding x/√2 moves Φ by a relative x²·ε in the tail (its condition number), so the bound
    // grows with x²: 1e-14 near the centre, still ~1e-13 at Φ(−37) ≈ 6e-300.
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-14 * Math.max(1, (x * x) / 10))
  })

  it('is symmetric, monotone and a probability', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -40, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (x, step) => {
          const p = normalCdf(x)
          expect(p).toBeGreaterThanOrEqual(0)
          expect(p).toBeLessThanOrEqual(1)
          expect(Math.abs(p + normalCdf(-x) - 1)).toBeLessThanOrEqual(2.3e-16)
          expect(normalCdf(x + step)).toBeGreaterThanOrEqual(p)
        },
      ),
    )
  })
})
