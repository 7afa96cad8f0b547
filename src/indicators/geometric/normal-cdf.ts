/**
 * The error function, its complement and the standard normal distribution function, for the
 * bulk volume classification in VPIN (Φ(r/σ) is the buy fraction of a bar).
 *
 * W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the
 * error function", Math. Comp. 23, 1969), with the coefficients of his SPECFUN routine CALERF
 * (netlib.org/specfun/erf): three intervals, |x| ≤ 0.46875, 0.46875 < |x| ≤ 4 and |x| > 4, each
 * accurate to about 1e-16 relative in double precision. The naive `1 − erf(x)` loses every digit
 * of erfc in the tail, so the tail is computed as erfc directly, and exp(−x²) is split as
 * exp(−x₁²)·exp(−(x − x₁)(x + x₁)) with x₁ = x rounded down to 1/16, whose square is exact — the
 * same device CALERF uses, since exp(−x²) for large x would otherwise amplify the rounding of x².
 */

// Cody's coefficients as published carry 18 significant digits; each is written here as the
// shortest decimal of the double nearest to it (the value the published digits round to), so
// nothing is lost and the linter's precision check holds. A/B: erf on |x| ≤ 0.46875;
// C/D: erfc·e^(x²) on (0.46875, 4]; P/Q: the asymptotic erfc·x·e^(x²) beyond 4.
const A0 = 3.1611237438705655
const A1 = 113.86415415105016
const A2 = 377.485237685302
const A3 = 3209.3775891384694
const A4 = 0.18577770618460315
const B0 = 23.601290952344122
const B1 = 244.02463793444417
const B2 = 1282.6165260773723
const B3 = 2844.236833439171

const C0 = 0.5641884969886701
const C1 = 8.883149794388377
const C2 = 66.11919063714163
const C3 = 298.6351381974001
const C4 = 881.952221241769
const C5 = 1712.0476126340707
const C6 = 2051.0783778260716
const C7 = 1230.3393547979972
const C8 = 2.1531153547440383e-8
const D0 = 15.744926110709835
const D1 = 117.6939508913125
const D2 = 537.1811018620099
const D3 = 1621.3895745666903
const D4 = 3290.7992357334597
const D5 = 4362.619090143247
const D6 = 3439.3676741437216
const D7 = 1230.3393548037495

const P0 = 0.30532663496123236
const P1 = 0.36034489994980445
const P2 = 0.12578172611122926
const P3 = 0.016083785148742275
const P4 = 0.0006587491615298378
const P5 = 0.016315387137302097
const Q0 = 2.568520192289822
const Q1 = 1.8729528499234604
const Q2 = 0.5279051029514285
const Q3 = 0.06051834131244132
const Q4 = 0.0023352049762686918

/** 1/√π. */
const SQRT_PI_INV = 0.5641895835477563
/** Beyond this erfc(x) underflows to 0 in double precision (CALERF's XBIG). */
const ERFC_ZERO_BEYOND = 26.543
const SMALL_INTERVAL = 0.46875
const SQRT1_2 = Math.SQRT1_2

/** erf(|x|)/|x|·x for |x| ≤ 0.46875. */
function erfSmall(x: number): number {
  const y = Math.abs(x)
  const ysq = y > 1.11e-16 ? y * y : 0
  let num = A4 * ysq
  let den = ysq
  num = (num + A0) * ysq
  den = (den + B0) * ysq
  num = (num + A1) * ysq
  den = (den + B1) * ysq
  num = (num + A2) * ysq
  den = (den + B2) * ysq
  return (x * (num + A3)) / (den + B3)
}

/** erfc(y) for y > 0.46875. */
function erfcLarge(y: number): number {
  let result: number
  if (y <= 4) {
    let num = C8 * y
    let den = y
    num = (num + C0) * y
    den = (den + D0) * y
    num = (num + C1) * y
    den = (den + D1) * y
    num = (num + C2) * y
    den = (den + D2) * y
    num = (num + C3) * y
    den = (den + D3) * y
    num = (num + C4) * y
    den = (den + D4) * y
    num = (num + C5) * y
    den = (den + D5) * y
    num = (num + C6) * y
    den = (den + D6) * y
    result = (num + C7) / (den + D7)
  } else {
    if (y >= ERFC_ZERO_BEYOND) return 0
    const z = 1 / (y * y)
    let num = P5 * z
    let den = z
    num = (num + P0) * z
    den = (den + Q0) * z
    num = (num + P1) * z
    den = (den + Q1) * z
    num = (num + P2) * z
    den = (den + Q2) * z
    num = (num + P3) * z
    den = (den + Q3) * z
    result = (z * (num + P4)) / (den + Q4)
    result = (SQRT_PI_INV - result) / y
  }
  const ysq = Math.trunc(y * 16) / 16
  const del = (y - ysq) * (y + ysq)
  return Math.exp(-ysq * ysq) * Math.exp(-del) * result
}

/** The error function, erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt; NaN for NaN. */
export function erf(x: number): number {
  const y = Math.abs(x)
  if (y <= SMALL_INTERVAL) return erfSmall(x)
  if (y !== y) return Number.NaN
  const complement = erfcLarge(y)
  return x < 0 ? complement - 1 : 1 - complement
}

/** The complementary error function, erfc(x) = 1 − erf(x), accurate in the tails; NaN for NaN. */
export function erfc(x: number): number {
  const y = Math.abs(x)
  if (y <= SMALL_INTERVAL) return 1 - erfSmall(x)
  if (y !== y) return Number.NaN
  const complement = erfcLarge(y)
  return x < 0 ? 2 - complement : complement
}

/** Φ(x), the standard normal distribution function, = erfc(−x/√2)/2; accurate in both tails. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2)
}
