/**
 * Exact fractional Gaussian noise for tests of long-memory estimators (the Hurst exponent), by
 * the Davies–Harte circulant embedding (Davies & Harte 1987; Wood & Chan 1994; Dietrich &
 * Newsam 1997): the autocovariance of fGn,
 *
 *   γ(k) = σ²/2 · (|k + 1|^2H − 2|k|^2H + |k − 1|^2H),
 *
 * is embedded in a circulant matrix of size M = 2m (m a power of two ≥ length) whose
 * eigenvalues λ are the FFT of its first row, and which are non-negative for fGn with any
 * H in (0, 1). With Z a vector of M complex normals (independent N(0, 1) real and imaginary
 * parts), the real part of FFT(√(λ/M)·Z) has exactly the covariance γ; its first `length`
 * values are the sample. Exact (not approximate, unlike spectral or truncated-ARFIMA methods),
 * seeded, and O(m log m), so long series for tight tolerances cost little.
 */
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'

export interface FractionalNoiseOptions {
  readonly length: number
  /** Hurst exponent, strictly between 0 and 1 (0.5 is white noise). */
  readonly hurst: number
  readonly seed: number
  /** Standard deviation of each value (default 1). */
  readonly sigma?: number
}

/** The autocovariance of unit-variance fractional Gaussian noise at lag k. */
export function fgnAutocovariance(k: number, hurst: number): number {
  const h2 = 2 * hurst
  const a = Math.abs(k)
  return 0.5 * ((a + 1) ** h2 - 2 * a ** h2 + Math.abs(a - 1) ** h2)
}

/** In-place iterative radix-2 FFT (forward, e^(−2πi·jk/n)); n must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; (j & bit) !== 0; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      const tr = re[i]!
      re[i] = re[j]!
      re[j] = tr
      const ti = im[i]!
      im[i] = im[j]!
      im[j] = ti
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len
    const half = len >> 1
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(angle * k)
        const wi = Math.sin(angle * k)
        const a = start + k
        const b = a + half
        const xr = re[b]! * wr - im[b]! * wi
        const xi = re[b]! * wi + im[b]! * wr
        re[b] = re[a]! - xr
        im[b] = im[a]! - xi
        re[a] = re[a]! + xr
        im[a] = im[a]! + xi
      }
    }
  }
}

/** `length` values of fractional Gaussian noise with Hurst exponent `hurst`, seeded. */
export function fractionalGaussianNoise(options: FractionalNoiseOptions): Float64Array {
  const { length, hurst, seed, sigma = 1 } = options
  if (!Number.isInteger(length) || length < 1) {
    throw new TradePulseError('INDICATOR_INVALID_PARAMS', `length must be a positive integer, was ${length}`)
  }
  if (!(hurst > 0 && hurst < 1)) {
    throw new TradePulseError(
      'INDICATOR_INVALID_PARAMS',
      `hurst must lie strictly between 0 and 1, was ${hurst}`,
    )
  }
  if (!(sigma > 0 && Number.isFinite(sigma))) {
    throw new TradePulseError('INDICATOR_INVALID_PARAMS', `sigma must be positive and finite, was ${sigma}`)
  }
  let m = 1
  while (m < length) m <<= 1
  const size = 2 * m
  const re = new Float64Array(size)
  const im = new Float64Array(size)
  for (let j = 0; j <= m; j++) re[j] = fgnAutocovariance(j, hurst)
  for (let j = m + 1; j < size; j++) re[j] = re[size - j]!
  fft(re, im)
  const normal = new NormalSampler(new SeededRandom(seed))
  for (let k = 0; k < size; k++) {
    const eigenvalue = re[k]!
    // Non-negative in exact arithmetic for fGn; rounding can leave a tiny negative near zero.
    if (eigenvalue < -1e-9) throw new Error(`circulant embedding failed: eigenvalue ${eigenvalue} at ${k}`)
    const scale = Math.sqrt(Math.max(0, eigenvalue) / size)
    re[k] = scale * normal.next()
    im[k] = scale * normal.next()
  }
  fft(re, im)
  const out = new Float64Array(length)
  for (let i = 0; i < length; i++) out[i] = sigma * re[i]!
  return out
}

/** Prices whose log returns are `returns`: start·exp(cumulative sum), `returns.length + 1` long. */
export function pricesFromLogReturns(returns: Float64Array, start = 100): Float64Array {
  const prices = new Float64Array(returns.length + 1)
  let logPrice = Math.log(start)
  prices[0] = start
  for (let i = 0; i < returns.length; i++) {
    logPrice += returns[i]!
    prices[i + 1] = Math.exp(logPrice)
  }
  return prices
}
