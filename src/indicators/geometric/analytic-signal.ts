/**
 * The discrete analytic signal z = x + i·H[x] of a window, by Marple's method (1999): take the
 * DFT, keep the DC term (and, for even lengths, the Nyquist term) as they are, double the
 * positive frequencies, zero the negative ones, and transform back. The real part of z is x; its
 * angle is the instantaneous phase and its modulus the envelope.
 *
 * A least-squares line is removed from the window first. A price window is dominated by its
 * level and trend; left in, the trend's jump between the window's end and its start (the DFT sees
 * the window as periodic) would dominate the spectrum and the phase would track the trend, not the
 * oscillation around it.
 *
 * Two uses, kept apart on purpose:
 *
 * - `phaseFullSeries` transforms a whole series at once. Every phase depends on the whole
 *   series, future included: it is for research plots only and is not a registry indicator.
 * - The causal phase (`CausalPhaseKernel`) at bar t is the angle of the LAST sample of the
 *   analytic signal of the detrended trailing window ending at t. Detrending, the transform and
 *   taking the last sample are one fixed linear map of the window, so that sample is two dot
 *   products, z = Σ_j k_j·x_j, with complex weights k computed once per window length (through the
 *   FFT). That costs O(W) per bar instead of O(W log W), and allocates nothing.
 *
 * Known end effect: the last sample sits where the window wraps around to its first sample, and
 * the FFT Hilbert transform is least accurate there. For a sinusoid the causal phase advances at
 * the right average rate but wobbles around the true phase at twice the signal frequency, by an
 * amount that shrinks as the window holds more periods (docs/indicators-parts/phase-kuramoto.md
 * gives measured figures). It is a property of every finite-window FFT Hilbert transform, not a
 * bug of this one; the phase is best read as a relative, smoothed quantity.
 *
 * Degenerate windows: when the detrended window is (numerically) zero — flat prices, a straight
 * line — the analytic signal is zero and has no angle. An amplitude below `degenerateTolerance`
 * counts as zero: the phase is then NaN and the amplitude 0.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { type FftPlan, fftPlan } from './fft.ts'

/**
 * Writes the residuals of the least-squares line through values[start .. start+n−1] (fitted
 * against the index 0..n−1) into out[0..n−1].
 */
export function detrendInto(values: ArrayLike<number>, start: number, n: number, out: Float64Array): void {
  if (n === 0) return
  const centre = (n - 1) / 2
  let sum = 0
  let cross = 0
  for (let j = 0; j < n; j++) {
    const x = values[start + j]!
    sum += x
    cross += (j - centre) * x
  }
  const mean = sum / n
  // Σ (j − centre)² = n(n² − 1)/12; zero for a single value, whose line is just its level.
  const spread = (n * (n * n - 1)) / 12
  const slope = spread === 0 ? 0 : cross / spread
  for (let j = 0; j < n; j++) out[j] = values[start + j]! - mean - slope * (j - centre)
}

/** The least-squares line removed from a copy of `values`. */
export function detrend(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length)
  detrendInto(values, 0, values.length, out)
  return out
}

/**
 * Marple's gain, applied in place to a spectrum of length n: 1 at DC (and Nyquist for even n),
 * 2 at the positive frequencies, 0 at the negative ones.
 */
function applyAnalyticGain(re: Float64Array, im: Float64Array, n: number): void {
  const positiveEnd = Math.floor((n + 1) / 2) // exclusive: bins 1 .. ⌈n/2⌉ − 1 are positive
  for (let k = 1; k < positiveEnd; k++) {
    re[k]! *= 2
    im[k]! *= 2
  }
  const negativeStart = Math.floor(n / 2) + 1
  for (let k = negativeStart; k < n; k++) {
    re[k] = 0
    im[k] = 0
  }
}

/**
 * Replaces re[0..n−1] (a real signal; im is overwritten) by its analytic signal. `plan` must be
 * the plan of size n.
 */
export function analyticSignalInPlace(re: Float64Array, im: Float64Array, plan: FftPlan): void {
  const n = plan.size
  im.fill(0, 0, n)
  plan.forward(re, im)
  applyAnalyticGain(re, im, n)
  plan.inverse(re, im)
}

export interface ComplexSeries {
  readonly re: Float64Array
  readonly im: Float64Array
}

/** The analytic signal of the detrended `values`, as one transform of the whole series. */
export function analyticSignal(values: ArrayLike<number>): ComplexSeries {
  const n = values.length
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  detrendInto(values, 0, n, re)
  analyticSignalInPlace(re, im, fftPlan(n))
  return { re, im }
}

/** atan2 folded into (−π, π]: −π (from a −0 imaginary part) reads as π. */
export function angle(y: number, x: number): number {
  const a = Math.atan2(y, x)
  return a === -Math.PI ? Math.PI : a
}

/**
 * An amplitude at or below this is rounding noise: 1e-9 of the window's spread around its last
 * value, plus 1e-12 of that value's magnitude (so a window flat up to its last few bits counts as
 * flat too).
 */
export function degenerateTolerance(spread: number, level: number): number {
  return 1e-9 * spread + 1e-12 * Math.abs(level)
}

/**
 * NON-CAUSAL: the instantaneous phase (radians, (−π, π]) of the whole detrended series at once.
 * Each value depends on the entire series, future included, so this is for research plots of a
 * finished series only — never for signals or backtests, and deliberately not in the registry.
 * Non-finite values are not allowed (TradePulseError INDICATOR_INVALID_INPUT); a sample whose
 * amplitude is rounding noise gets NaN.
 */
export function phaseFullSeries(values: ArrayLike<number>): Float64Array {
  const n = values.length
  let level = 0
  for (let i = 0; i < n; i++) {
    const x = values[i]!
    if (x - x !== 0) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `phaseFullSeries: value ${i} is ${x}; remove non-finite values first`,
      )
    }
    if (Math.abs(x) > level) level = Math.abs(x)
  }
  const { re, im } = analyticSignal(values)
  let spread = 0
  for (let i = 0; i < n; i++) if (Math.abs(re[i]!) > spread) spread = Math.abs(re[i]!)
  const tiny = degenerateTolerance(spread, level)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const amplitude = Math.hypot(re[i]!, im[i]!)
    out[i] = amplitude > tiny ? angle(im[i]!, re[i]!) : Number.NaN
  }
  return out
}

/**
 * The causal phase of a window of fixed length W as two dot products: the real and imaginary
 * parts of the last sample of the analytic signal of the detrended window.
 *
 * Derivation. The analytic map is a circular convolution z = h ⊛ d with h = IDFT(gain), so its
 * last sample is Σ_j h[W−1−j]·d_j. Detrending is an orthogonal projection D (symmetric), d = D·x,
 * so z_last = Σ_j (D·r)_j·x_j with r_j = h[W−1−j]: the kernel is the projected, reversed impulse
 * response. Because the kernel annihilates constants, the window is taken relative to its last
 * value, which keeps the dot product well conditioned for prices far from zero.
 */
export class CausalPhaseKernel {
  readonly window: number
  readonly re: Float64Array
  readonly im: Float64Array
  /** Results of the last `evaluate`. */
  real = Number.NaN
  imag = Number.NaN
  amplitude = Number.NaN
  phase = Number.NaN

  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `causal phase window must be a positive integer, was ${window}`,
      )
    }
    this.window = window
    const gainRe = new Float64Array(window)
    const gainIm = new Float64Array(window)
    gainRe.fill(1)
    applyAnalyticGain(gainRe, gainIm, window)
    fftPlan(window).inverse(gainRe, gainIm)
    const reversedRe = new Float64Array(window)
    const reversedIm = new Float64Array(window)
    for (let j = 0; j < window; j++) {
      reversedRe[j] = gainRe[window - 1 - j]!
      reversedIm[j] = gainIm[window - 1 - j]!
    }
    this.re = new Float64Array(window)
    this.im = new Float64Array(window)
    detrendInto(reversedRe, 0, window, this.re)
    detrendInto(reversedIm, 0, window, this.im)
  }

  /**
   * Evaluates the window values[start .. start+W−1] (all finite) and sets `real`, `imag`,
   * `amplitude` and `phase` (NaN, with amplitude 0, for a degenerate window).
   */
  evaluate(values: ArrayLike<number>, start: number): void {
    const n = this.window
    const kr = this.re
    const ki = this.im
    const last = values[start + n - 1]!
    let sr = 0
    let si = 0
    let spread = 0
    for (let j = 0; j < n; j++) {
      const d = values[start + j]! - last
      sr += kr[j]! * d
      si += ki[j]! * d
      const a = d < 0 ? -d : d
      if (a > spread) spread = a
    }
    this.real = sr
    this.imag = si
    const amplitude = Math.sqrt(sr * sr + si * si)
    if (amplitude > degenerateTolerance(spread, last)) {
      this.amplitude = amplitude
      this.phase = angle(si, sr)
    } else {
      this.amplitude = 0
      this.phase = Number.NaN
    }
  }
}

/** The reference path: the same causal phase by one detrend + FFT analytic signal per window. */
export function causalPhaseByFft(values: ArrayLike<number>, start: number, window: number): ComplexSeries {
  const re = new Float64Array(window)
  const im = new Float64Array(window)
  detrendInto(values, start, window, re)
  analyticSignalInPlace(re, im, fftPlan(window))
  return { re, im }
}
