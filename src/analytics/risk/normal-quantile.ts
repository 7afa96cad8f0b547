/**
 * Φ⁻¹ for the parametric and Cornish–Fisher VaR: Acklam's rational approximation (P. J. Acklam,
 * "An algorithm for computing the inverse normal cumulative distribution function", 2003;
 * relative error below 1.15e-9), refined by one Halley step against the indicator layer's Φ.
 * src/research has the same function for the deflated Sharpe ratio; analytics sits beside
 * research, not above it, so it cannot import it — both could move to the domain one day.
 */
import { normalCdf } from '../../indicators/geometric/normal-cdf.ts'

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
] as const
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
] as const
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const
const LOW = 0.02425

/** φ(x), the standard normal density. */
export function normalDensity(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)
}

/** Φ⁻¹(p) for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), was ${p}`)
  if (p > 0.5) return -lowerQuantile(1 - p)
  return lowerQuantile(p)
}

function lowerQuantile(p: number): number {
  let x: number
  if (p < LOW) {
    const q = Math.sqrt(-2 * Math.log(p))
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  } else {
    const q = p - 0.5
    const r = q * q
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  }
  const u = (normalCdf(x) - p) / normalDensity(x)
  return Number.isFinite(u) ? x - u / (1 + (x * u) / 2) : x
}
