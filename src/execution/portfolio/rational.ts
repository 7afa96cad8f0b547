/**
 * An exact fraction of two bigints, always in lowest terms with a positive denominator. The
 * portfolio keeps a position's cost basis as an integer number of tick-lots and derives the
 * average price from it only when asked, as `basis / quantity`; a rational says that price
 * exactly (105, or 302/3 ticks) where a float would already have rounded it.
 */
export interface Rational {
  readonly numerator: bigint
  /** Always > 0. */
  readonly denominator: bigint
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) {
    const r = x % y
    x = y
    y = r
  }
  return x
}

/** `numerator / denominator` in lowest terms; a zero denominator is a bug in the caller. */
export function rational(numerator: bigint, denominator: bigint): Rational {
  if (denominator === 0n) throw new RangeError('a rational needs a non-zero denominator')
  const sign = denominator < 0n ? -1n : 1n
  const divisor = gcd(numerator, denominator)
  return Object.freeze({
    numerator: (sign * numerator) / (divisor === 0n ? 1n : divisor),
    denominator: (sign * denominator) / (divisor === 0n ? 1n : divisor),
  })
}

/** Nearest double, for display and float maths; never for accounting. */
export function rationalToNumber(value: Rational): number {
  const whole = value.numerator / value.denominator
  const remainder = value.numerator - whole * value.denominator
  // Splitting off the whole part keeps the double exact for any whole part below 2^53.
  return Number(whole) + Number(remainder) / Number(value.denominator)
}
