/**
 * A complex discrete Fourier transform of any length, in place on separate real and imaginary
 * Float64Arrays:
 *
 *   forward:  X[k] = Σ_j x[j] · exp(−2πi·jk/n)
 *   inverse:  x[j] = (1/n) Σ_k X[k] · exp(+2πi·jk/n)
 *
 * Power-of-two lengths use an iterative radix-2 Cooley–Tukey transform; every other length uses
 * Bluestein's chirp-z algorithm, which rewrites the DFT as a circular convolution of length
 * m ≥ 2n − 1 (a power of two) and runs it through the radix-2 transform.
 *
 * The indicators call the transform once per bar on windows of one fixed size, so everything that
 * depends only on the size — bit-reversal table, twiddles, chirp, the transformed chirp filter and
 * the scratch buffers — lives in a plan built once per size and cached (`fftPlan`): a transform
 * then allocates nothing. Twiddles and chirps are each evaluated directly with Math.cos/Math.sin
 * (no recurrences), and the chirp exponent k² is reduced modulo 2n in integers first, so the
 * error of a transform stays near n·log n·ε rather than growing with the index.
 *
 * A plan owns scratch memory, so a transform must not be re-entered with the same plan — which
 * cannot happen in single-threaded code that does not call back into it.
 */
import { TradePulseError } from '../../domain/errors.ts'

/** A transform of one fixed length. */
export interface FftPlan {
  readonly size: number
  /** Replaces (re, im) by its DFT. Both arrays must hold at least `size` values. */
  forward(re: Float64Array, im: Float64Array): void
  /** Replaces (re, im) by its inverse DFT, scaled by 1/size so inverse(forward(x)) = x. */
  inverse(re: Float64Array, im: Float64Array): void
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0
}

/** Iterative radix-2 transform; `size` must be a power of two. */
class Radix2Plan implements FftPlan {
  readonly size: number
  readonly #reverse: Uint32Array
  readonly #cos: Float64Array
  readonly #sin: Float64Array

  constructor(size: number) {
    this.size = size
    const half = size >>> 1
    this.#cos = new Float64Array(half)
    this.#sin = new Float64Array(half)
    for (let k = 0; k < half; k++) {
      const angle = (-2 * Math.PI * k) / size
      this.#cos[k] = Math.cos(angle)
      this.#sin[k] = Math.sin(angle)
    }
    this.#reverse = new Uint32Array(size)
    let bits = 0
    while (1 << bits < size) bits++
    for (let i = 0; i < size; i++) {
      let r = 0
      for (let b = 0, v = i; b < bits; b++, v >>>= 1) r = (r << 1) | (v & 1)
      this.#reverse[i] = r
    }
  }

  forward(re: Float64Array, im: Float64Array): void {
    this.#transform(re, im, 1)
  }

  inverse(re: Float64Array, im: Float64Array): void {
    this.#transform(re, im, -1)
    const scale = 1 / this.size
    for (let i = 0; i < this.size; i++) {
      re[i]! *= scale
      im[i]! *= scale
    }
  }

  /** sign 1: exp(−2πi…) twiddles; sign −1: their conjugates. Unscaled. */
  #transform(re: Float64Array, im: Float64Array, sign: number): void {
    const n = this.size
    const reverse = this.#reverse
    for (let i = 0; i < n; i++) {
      const j = reverse[i]!
      if (j > i) {
        const tr = re[i]!
        re[i] = re[j]!
        re[j] = tr
        const ti = im[i]!
        im[i] = im[j]!
        im[j] = ti
      }
    }
    const cos = this.#cos
    const sin = this.#sin
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >>> 1
      const stride = n / len
      for (let start = 0; start < n; start += len) {
        for (let k = 0, t = 0; k < half; k++, t += stride) {
          const wr = cos[t]!
          const wi = sign * sin[t]!
          const a = start + k
          const b = a + half
          const br = re[b]!
          const bi = im[b]!
          const xr = br * wr - bi * wi
          const xi = br * wi + bi * wr
          const ar = re[a]!
          const ai = im[a]!
          re[b] = ar - xr
          im[b] = ai - xi
          re[a] = ar + xr
          im[a] = ai + xi
        }
      }
    }
  }
}

/** Bluestein's chirp-z transform for any length, as a convolution through a radix-2 plan. */
class BluesteinPlan implements FftPlan {
  readonly size: number
  readonly #inner: Radix2Plan
  /** w[k] = exp(−iπk²/n). */
  readonly #chirpRe: Float64Array
  readonly #chirpIm: Float64Array
  /** The forward transform of the filter b[j] = conj(w[|j|]) wrapped to length m. */
  readonly #filterRe: Float64Array
  readonly #filterIm: Float64Array
  readonly #workRe: Float64Array
  readonly #workIm: Float64Array

  constructor(size: number) {
    this.size = size
    let m = 1
    while (m < 2 * size - 1) m <<= 1
    this.#inner = new Radix2Plan(m)
    this.#chirpRe = new Float64Array(size)
    this.#chirpIm = new Float64Array(size)
    const twoN = 2 * size
    for (let k = 0; k < size; k++) {
      // k² mod 2n in exact integer arithmetic (k < 2^26 keeps k² below 2^53): the angle stays small.
      const reduced = (k * k) % twoN
      const angle = (-Math.PI * reduced) / size
      this.#chirpRe[k] = Math.cos(angle)
      this.#chirpIm[k] = Math.sin(angle)
    }
    this.#filterRe = new Float64Array(m)
    this.#filterIm = new Float64Array(m)
    this.#filterRe[0] = this.#chirpRe[0]!
    this.#filterIm[0] = -this.#chirpIm[0]!
    for (let k = 1; k < size; k++) {
      this.#filterRe[k] = this.#filterRe[m - k] = this.#chirpRe[k]!
      this.#filterIm[k] = this.#filterIm[m - k] = -this.#chirpIm[k]!
    }
    this.#inner.forward(this.#filterRe, this.#filterIm)
    this.#workRe = new Float64Array(m)
    this.#workIm = new Float64Array(m)
  }

  forward(re: Float64Array, im: Float64Array): void {
    const n = this.size
    const m = this.#inner.size
    const cr = this.#chirpRe
    const ci = this.#chirpIm
    const wr = this.#workRe
    const wi = this.#workIm
    for (let k = 0; k < n; k++) {
      const xr = re[k]!
      const xi = im[k]!
      wr[k] = xr * cr[k]! - xi * ci[k]!
      wi[k] = xr * ci[k]! + xi * cr[k]!
    }
    wr.fill(0, n, m)
    wi.fill(0, n, m)
    this.#inner.forward(wr, wi)
    const fr = this.#filterRe
    const fi = this.#filterIm
    for (let k = 0; k < m; k++) {
      const ar = wr[k]!
      const ai = wi[k]!
      wr[k] = ar * fr[k]! - ai * fi[k]!
      wi[k] = ar * fi[k]! + ai * fr[k]!
    }
    this.#inner.inverse(wr, wi)
    for (let k = 0; k < n; k++) {
      const ar = wr[k]!
      const ai = wi[k]!
      re[k] = ar * cr[k]! - ai * ci[k]!
      im[k] = ar * ci[k]! + ai * cr[k]!
    }
  }

  inverse(re: Float64Array, im: Float64Array): void {
    // inverse(x) = conj(forward(conj(x))) / n
    const n = this.size
    for (let k = 0; k < n; k++) im[k] = -im[k]!
    this.forward(re, im)
    const scale = 1 / n
    for (let k = 0; k < n; k++) {
      re[k]! *= scale
      im[k] = -im[k]! * scale
    }
  }
}

/** Lengths 0 and 1: the DFT is the identity. */
class TrivialPlan implements FftPlan {
  readonly size: number
  constructor(size: number) {
    this.size = size
  }
  forward(): void {
    // A DFT of length 0 or 1 leaves its input unchanged.
  }
  inverse(): void {
    // As forward.
  }
}

/** Above this, Bluestein's k² would leave the exactly representable integers. */
const MAX_SIZE = 2 ** 26

const PLANS = new Map<number, FftPlan>()

/**
 * The cached plan for transforms of length `size` (a non-negative integer up to 2^26). Plans are
 * kept for the life of the process; indicators use a handful of sizes.
 */
export function fftPlan(size: number): FftPlan {
  const cached = PLANS.get(size)
  if (cached !== undefined) return cached
  if (!Number.isInteger(size) || size < 0 || size > MAX_SIZE) {
    throw new TradePulseError(
      'INDICATOR_INVALID_INPUT',
      `FFT size must be an integer in [0, ${MAX_SIZE}], was ${size}`,
    )
  }
  const plan =
    size <= 1 ? new TrivialPlan(size) : isPowerOfTwo(size) ? new Radix2Plan(size) : new BluesteinPlan(size)
  PLANS.set(size, plan)
  return plan
}

function checkLengths(re: Float64Array, im: Float64Array): void {
  if (re.length !== im.length) {
    throw new TradePulseError(
      'INDICATOR_INVALID_INPUT',
      `FFT: real part has ${re.length} values, imaginary part ${im.length}`,
    )
  }
}

/** In-place forward DFT of the whole of (re, im), which must be of equal length. */
export function fft(re: Float64Array, im: Float64Array): void {
  checkLengths(re, im)
  fftPlan(re.length).forward(re, im)
}

/** In-place inverse DFT (scaled by 1/n) of the whole of (re, im), which must be of equal length. */
export function ifft(re: Float64Array, im: Float64Array): void {
  checkLengths(re, im)
  fftPlan(re.length).inverse(re, im)
}
