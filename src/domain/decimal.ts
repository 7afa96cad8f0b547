/**
 * Exact decimals as scaled integers: `{ units: 1234n, scale: 2 }` is 12.34. Money, tick sizes and
 * lot sizes use this form so sums do not drift: integer addition is associative, float addition
 * is not (0.1 + 0.2 + 0.3 !== 0.3 + 0.2 + 0.1). Precision is lost only where a rounding mode is
 * named explicitly.
 */
import { assertNever } from './assert-never.ts'
import { TradePulseError } from './errors.ts'

export interface Decimal {
  readonly units: bigint
  readonly scale: number
}

/** How a value that falls between two representable ones is resolved. `reject` throws. */
export type Rounding = 'reject' | 'floor' | 'ceil' | 'half-even' | 'half-up' | 'toward-zero'

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
/** Scales beyond this are a sign of a unit mix-up, not a real instrument. */
export const MAX_SCALE = 18

export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_PATTERN.exec(text.trim())
  const intPart = match?.[2] ?? ''
  const fracPart = match?.[3] ?? ''
  if (match === null || intPart.length + fracPart.length === 0) {
    throw new TradePulseError('DOMAIN_INVALID_DECIMAL', `not a decimal number: ${JSON.stringify(text)}`)
  }
  const exponent = match[4] === undefined ? 0 : Number(match[4])
  let digits = intPart + fracPart
  let scale = fracPart.length - exponent
  if (scale < 0) {
    digits += '0'.repeat(-scale)
    scale = 0
  }
  let units = BigInt(digits === '' ? '0' : digits)
  // Trailing zeros carry no information; dropping them keeps scales small and comparisons cheap.
  while (scale > 0 && units !== 0n && units % 10n === 0n) {
    units /= 10n
    scale--
  }
  if (units === 0n) scale = 0
  if (scale > MAX_SCALE) {
    throw new TradePulseError(
      'DOMAIN_INVALID_DECIMAL',
      `more than ${MAX_SCALE} decimal places: ${JSON.stringify(text)}`,
    )
  }
  return { units: match[1] === '-' ? -units : units, scale }
}

/**
 * The decimal a person meant by a JS number: the shortest text that round-trips (so `0.1` is
 * exactly one tenth, not 0.1000000000000000055…).
 */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) {
    throw new TradePulseError('DOMAIN_INVALID_DECIMAL', `not a finite number: ${value}`)
  }
  return parseDecimal(String(value))
}

export function pow10(n: number): bigint {
  return 10n ** BigInt(n)
}

/** `numerator / denominator` rounded to an integer by `rounding`; `reject` throws if inexact. */
export function divideRounded(
  numerator: bigint,
  denominator: bigint,
  rounding: Rounding,
  what = 'value',
): bigint {
  if (denominator === 0n) throw new RangeError('division by zero')
  if (denominator < 0n) {
    numerator = -numerator
    denominator = -denominator
  }
  const quotient = numerator / denominator // truncates toward zero
  const remainder = numerator % denominator
  if (remainder === 0n) return quotient
  const negative = numerator < 0n
  switch (rounding) {
    case 'reject':
      throw new TradePulseError('DOMAIN_OFF_GRID', `${what} is not exact at the required precision`)
    case 'toward-zero':
      return quotient
    case 'floor':
      return negative ? quotient - 1n : quotient
    case 'ceil':
      return negative ? quotient : quotient + 1n
    case 'half-up':
    case 'half-even': {
      const twice = 2n * (negative ? -remainder : remainder)
      const away = negative ? quotient - 1n : quotient + 1n
      if (twice > denominator) return away
      if (twice < denominator) return quotient
      if (rounding === 'half-up') return away
      return quotient % 2n === 0n ? quotient : away
    }
    default:
      return assertNever(rounding)
  }
}

/** The same value at another scale, rounding by `rounding` when the scale shrinks. */
export function rescale(value: Decimal, scale: number, rounding: Rounding): Decimal {
  if (scale === value.scale) return value
  if (scale > value.scale) return { units: value.units * pow10(scale - value.scale), scale }
  return {
    units: divideRounded(value.units, pow10(value.scale - scale), rounding, formatDecimal(value)),
    scale,
  }
}

export function formatDecimal(value: Decimal, minScale = 0): string {
  const scale = Math.max(value.scale, minScale)
  const units = value.units * pow10(scale - value.scale)
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale)
  return (negative ? '-' : '') + whole + (scale > 0 ? `.${fraction}` : '')
}

/** Nearest double; for display and for feeding float maths, never for accounting. */
export function decimalToNumber(value: Decimal): number {
  return Number(formatDecimal(value))
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale)
  const x = rescale(a, scale, 'reject').units
  const y = rescale(b, scale, 'reject').units
  return x < y ? -1 : x > y ? 1 : 0
}
