/**
 * Maker/taker fees, exact in bigint minor units.
 *
 * A schedule is two rates in basis points of the notional, with at most two decimals (1.75 bp is
 * exact: rates are held as hundredths of a basis point, so a fee is notional × rate / 1,000,000).
 * A negative rate is a rebate. Rounding always favours the venue, never the trader, and never
 * creates money: a charge is rounded up (0.3 units → 1 unit), a rebate toward zero (−0.7 units →
 * 0). Both are one rule — the trader's cost rounded toward +∞ — and it holds whatever the sign of
 * the notional (a negative price makes a positive rate a credit, which then rounds toward zero).
 */
import { TradePulseError } from '../../domain/errors.ts'

export interface FeeSchedule {
  /** Charged to the resting order; negative for a rebate. */
  readonly makerBasisPoints: number
  /** Charged to the incoming order; negative for a rebate (rare, but some venues pay takers). */
  readonly takerBasisPoints: number
}

export const NO_FEES: FeeSchedule = { makerBasisPoints: 0, takerBasisPoints: 0 }

/** Hundredths of a basis point per unit: 1 = 10⁻⁶ of the notional. */
const RATE_DENOMINATOR = 1_000_000n
const DENOMINATOR = 1_000_000

/** A rate in hundredths of a basis point; throws if it has more than two decimals or is absurd. */
export function centiBasisPoints(basisPoints: number, what: string): bigint {
  const centi = Math.round(basisPoints * 100)
  if (
    !Number.isFinite(basisPoints) ||
    Math.abs(centi - basisPoints * 100) > 1e-6 ||
    Math.abs(basisPoints) > 10_000
  ) {
    throw new TradePulseError(
      'EXECUTION_INVALID_ORDER',
      `${what} must be a number of basis points with at most two decimals within ±10000, was ${basisPoints}`,
    )
  }
  return BigInt(centi)
}

/** Floor division of bigints (bigint `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}

/**
 * The fee on `notional` at `rate` hundredths of a basis point: positive (a charge) rounded away
 * from the trader — up in magnitude; negative (a rebate) rounded toward zero.
 */
export function feeFor(notional: bigint, rate: bigint): bigint {
  if (rate === 0n || notional === 0n) return 0n
  // Every fill pays two fees. While notional × rate is below 2^53 a double holds it exactly and
  // `%` on doubles is exact, so the same rounding costs one bigint instead of five.
  const n = Number(notional)
  const exact = n * Number(rate)
  if (Number.isSafeInteger(n) && Number.isSafeInteger(exact)) {
    const remainder = exact % DENOMINATOR
    const truncated = (exact - remainder) / DENOMINATOR
    return BigInt(remainder > 0 ? truncated + 1 : truncated)
  }
  const product = notional * rate
  if (product > 0n) return -floorDiv(-product, RATE_DENOMINATOR) // ceil of a charge
  return -(-product / RATE_DENOMINATOR) // a rebate, truncated toward zero
}
