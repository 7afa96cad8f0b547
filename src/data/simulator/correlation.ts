/**
 * How the assets' diffusions are correlated: a three-level factor model.
 *
 *   ε_i = √m · Z_market + √s · Z_sector(i) + √(1 − m − s) · Z_i,   all Z independent N(0, 1)
 *
 * so ε_i is N(0, 1), two assets of one sector have correlation m + s and two of different
 * sectors m, where m and s are the regime's `marketShare` and `sectorShare` (regimes.ts). This is
 * the block correlation matrix that `correlationMatrix` returns, and the loadings above are an
 * exact square root of it: the Cholesky factorisation it replaces would cost O(assets²) per
 * step and store a matrix per regime, where the factors cost O(assets) (the CLI allows 10,000
 * assets). Sectors give the price graph communities, which curvature indicators see; the market
 * factor's share rising with turbulence merges them, which synchronisation indicators see.
 *
 * Sectors are contiguous blocks of assets: with 6 assets and 2 sectors, assets 0–2 and 3–5.
 */
import type { RegimeParameters } from './regimes.ts'

/** Default number of sectors: about √assets, so sectors and their sizes grow together (6 → 2, 10 → 3, 50 → 7). */
export function defaultSectorCount(assets: number): number {
  return Math.max(1, Math.round(Math.sqrt(assets)))
}

/** Sector index of every asset: `sectors` contiguous blocks whose sizes differ by at most one. */
export function assignSectors(assets: number, sectors: number): Int32Array {
  if (!Number.isSafeInteger(assets) || assets < 1) throw new RangeError(`assets must be an integer >= 1, was ${assets}`)
  if (!Number.isSafeInteger(sectors) || sectors < 1 || sectors > assets) {
    throw new RangeError(`sectors must be an integer from 1 to ${assets} (the number of assets), was ${sectors}`)
  }
  const sectorOf = new Int32Array(assets)
  for (let i = 0; i < assets; i++) sectorOf[i] = Math.floor((i * sectors) / assets)
  return sectorOf
}

/** The weights on the market, sector and own shocks: square roots of the variance shares. */
export interface FactorLoadings {
  readonly market: number
  readonly sector: number
  readonly own: number
}

export function factorLoadings(regime: RegimeParameters): FactorLoadings {
  const { marketShare, sectorShare } = regime
  if (!(marketShare >= 0 && sectorShare >= 0 && marketShare + sectorShare <= 1)) {
    throw new RangeError(`market and sector shares must be >= 0 with a sum <= 1, were ${marketShare} and ${sectorShare}`)
  }
  return {
    market: Math.sqrt(marketShare),
    sector: Math.sqrt(sectorShare),
    own: Math.sqrt(Math.max(0, 1 - marketShare - sectorShare)),
  }
}

/**
 * The correlation matrix of the assets' diffusion shocks in `regime`, row-major (`assets ×
 * assets`). Jumps are not in it: market-wide jumps raise the realised correlation a little,
 * idiosyncratic ones lower it. Ground truth for tests of correlation-based indicators.
 */
export function correlationMatrix(regime: RegimeParameters, sectorOf: Int32Array): Float64Array {
  const n = sectorOf.length
  const within = regime.marketShare + regime.sectorShare
  const across = regime.marketShare
  const matrix = new Float64Array(n * n)
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      matrix[a * n + b] = a === b ? 1 : sectorOf[a] === sectorOf[b] ? within : across
    }
  }
  return matrix
}
