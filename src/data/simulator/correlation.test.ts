import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignSectors, correlationMatrix, defaultSectorCount, factorLoadings } from './correlation.ts'
import { REGIMES, REGIME_NAMES } from './regimes.ts'

/** Lower-triangular L with L·Lᵀ = matrix, or null when the matrix is not positive definite. */
function cholesky(matrix: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j]!
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!
      if (i === j) {
        if (!(sum > 0)) return null
        l[i * n + i] = Math.sqrt(sum)
      } else l[i * n + j] = sum / l[j * n + j]!
    }
  }
  return l
}

describe('assignSectors', () => {
  it('splits assets into contiguous blocks', () => {
    expect(Array.from(assignSectors(6, 2))).toEqual([0, 0, 0, 1, 1, 1])
    expect(Array.from(assignSectors(1, 1))).toEqual([0])
    expect(Array.from(assignSectors(5, 5))).toEqual([0, 1, 2, 3, 4])
  })

  it('fills every sector, in order, with sizes that differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (assets, wanted) => {
        const sectors = Math.min(assets, wanted)
        const sectorOf = assignSectors(assets, sectors)
        const sizes = new Array<number>(sectors).fill(0)
        for (let i = 0; i < assets; i++) {
          sizes[sectorOf[i]!]!++
          if (i > 0) expect(sectorOf[i]! - sectorOf[i - 1]!).toBeGreaterThanOrEqual(0)
        }
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('refuses more sectors than assets, and nonsense counts', () => {
    expect(() => assignSectors(3, 4)).toThrow(/sectors must be an integer from 1 to 3/)
    expect(() => assignSectors(3, 0)).toThrow(/sectors/)
    expect(() => assignSectors(0, 1)).toThrow(/assets/)
    expect(() => assignSectors(2.5, 1)).toThrow(/assets/)
  })

  it('defaults to about √assets sectors', () => {
    expect([1, 2, 6, 10, 50, 10_000].map(defaultSectorCount)).toEqual([1, 1, 2, 3, 7, 100])
  })
})

describe('factorLoadings', () => {
  it('splits unit variance between market, sector and own shocks', () => {
    for (const name of REGIME_NAMES) {
      const { market, sector, own } = factorLoadings(REGIMES[name])
      expect(market ** 2 + sector ** 2 + own ** 2, name).toBeCloseTo(1, 12)
    }
  })

  it('refuses shares that cannot be variances', () => {
    expect(() => factorLoadings({ ...REGIMES.calm, marketShare: 0.8, sectorShare: 0.3 })).toThrow(/sum <= 1/)
    expect(() => factorLoadings({ ...REGIMES.calm, marketShare: -0.1 })).toThrow(/>= 0/)
  })
})

describe('correlationMatrix', () => {
  it('is the block matrix of the factor model: m + s within a sector, m across', () => {
    const { calm } = REGIMES
    const matrix = correlationMatrix(calm, assignSectors(4, 2))
    const w = calm.marketShare + calm.sectorShare
    const a = calm.marketShare
    // prettier-ignore
    expect(Array.from(matrix)).toEqual([
      1, w, a, a,
      w, 1, a, a,
      a, a, 1, w,
      a, a, w, 1,
    ])
  })

  it('is a valid correlation matrix in every regime: the factor loadings are its square root', () => {
    for (const name of REGIME_NAMES) {
      const n = 9
      const sectorOf = assignSectors(n, 3)
      const matrix = correlationMatrix(REGIMES[name], sectorOf)
      expect(cholesky(matrix, n), `${name} is positive definite`).not.toBeNull()
      // Rebuild each entry from the loadings.
      const { market, sector, own } = factorLoadings(REGIMES[name])
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const implied = market ** 2 + (sectorOf[i] === sectorOf[j] ? sector ** 2 : 0) + (i === j ? own ** 2 : 0)
          expect(matrix[i * n + j]).toBeCloseTo(implied, 12)
        }
      }
    }
  })
})
