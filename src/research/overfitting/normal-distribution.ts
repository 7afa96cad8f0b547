/**
 * The standard normal distribution function Φ and its inverse, to double precision, for the
 * probabilistic and deflated Sharpe ratios.
 *
 * Φ is computed two ways, each where it keeps full relative precision:
 * - |x| < 3: Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + x⁷/(3·5·7) + …)
 *   (G. Marsaglia, "Evaluating the Normal Distribution", Journal of Statistical Software 11(4),
 *   2004). Every term has the sign of x, so the sum carries no cancellation; the one subtraction,
 *   ½ − φ·S for x < 0, loses at most a factor ½/Φ(−3) ≈ 370, leaving a relative error near 1e-13.
 * - |x| ≥ 3: the upper tail Q(x) = 1 − Φ(x) by Laplace's continued fraction
 *   Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))) (Abramowitz & Stegun 26.2.14), evaluated by the
 *   modified Lentz method; it converges faster the larger x is (about 50 terms at x = 3, 12 at x = 10).
 * φ(x) = exp(−x²/2)/√(2π) is evaluated with x split into a 1/16-grid part and a remainder, as
 * in W. J. Cody's erfc, so the rounding of x² does not grow with x in the far tail.
 *
 * Φ⁻¹ is Acklam's rational approximation (P. J. Acklam, "An algorithm for computing the inverse
 * normal cumulative distribution function", 2003; relative error below 1.15e-9) refined by one
 * Halley step against Φ above, which brings it to the precision of Φ. Below ½ it works on p
 * itself; above ½ it uses Φ⁻¹(p) = −Φ⁻¹(1 − p), where 1 − p is exact.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI)

/** Below this the series is used, at or above it the continued fraction. */
const SERIES_LIMIT = 3

/** φ(x), the standard normal density. */
export function normalDensity(x: number): number {
  const coarse = Math.trunc(x * 16) / 16 // x² of a multiple of 1/16 with |x| < 64 is exact
  return (Math.exp((-coarse * coarse) / 2) * Math.exp((-(x - coarse) * (x + coarse)) / 2)) / SQRT_2PI
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. Φ(−∞) = 0, Φ(∞) = 1, Φ(NaN) = NaN. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x <= -SERIES_LIMIT) return upperTail(-x)
  if (x >= SERIES_LIMIT) return 1 - upperTail(x)
  return 0.5 + normalDensity(x) * marsagliaSeries(x)
}

/** x + x³/3 + x⁵/(3·5) + … summed until a term no longer changes the sum. */
function marsagliaSeries(x: number): number {
  const square = x * x
  let term = x
  let sum = x
  for (let odd = 3; ; odd += 2) {
    term *= square / odd
    const next = sum + term
    if (next === sum) return sum
    sum = next
  }
}

/** Q(x) = 1 − Φ(x) for x ≥ 3, by Laplace's continued fraction (modified Lentz). */
function upperTail(x: number): number {
  if (x === Infinity) return 0
  const tiny = 1e-300
  let fraction = x
  let c = x
  let d = 0
  for (let k = 1; k < 500; k++) {
    d = x + k * d
    if (d === 0) d = tiny
    c = x + k / c
    if (c === 0) c = tiny
    d = 1 / d
    const delta = c * d
    fraction *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return normalDensity(x) / fraction
}

// Acklam's coefficients: central region a/b in r = (p − ½)², tails c/d in q = √(−2 ln p).
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
const ACKLAM_LOW = 0.02425

/**
 * Φ⁻¹(p): the x with Φ(x) = p. Φ⁻¹(0) = −∞, Φ⁻¹(1) = ∞. A p outside [0, 1] is a bug in the
 * caller (a probability computed wrongly), so it throws a RangeError.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be a probability in [0, 1], was ${p}`)
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  if (p > 0.5) return -lowerQuantile(1 - p)
  return lowerQuantile(p)
}

/** Φ⁻¹(p) for 0 < p ≤ ½: Acklam's approximation, then one Halley step. */
function lowerQuantile(p: number): number {
  let x: number
  if (p < ACKLAM_LOW) {
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
  // Halley's step for f(x) = Φ(x) − p: f' = φ, f'' = −x·φ, so x − u/(1 + x·u/2) with u = f/φ.
  const u = (normalCdf(x) - p) / normalDensity(x)
  // In the subnormal far tail φ(x) underflows and u is not finite; Acklam's value stands.
  return Number.isFinite(u) ? x - u / (1 + (x * u) / 2) : x
}
