/**
 * Maker/taker fees in basis points of notional, computed exactly in minor units of the quote
 * currency. A fee is rounded up (the venue never undercharges); a rebate (a negative rate) is
 * rounded toward zero (the venue never overpays).
 */
import type { Instrument, PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import { notional } from '../../domain/instrument.ts'
import type { LiquiditySide } from '../types.ts'

export interface FeeSchedule {
  readonly makerBasisPoints: number
  readonly takerBasisPoints: number
}

export const NO_FEES: FeeSchedule = { makerBasisPoints: 0, takerBasisPoints: 0 }

/** Whole basis points, or hundredths of one (0.01 bp steps), so the rate is an exact integer ratio. */
const RATE_SCALE = 100

function divideRoundingUp(numerator: bigint, denominator: bigint): bigint {
  return numerator >= 0n ? (numerator + denominator - 1n) / denominator : numerator / denominator
}

export function feeUnits(
  instrument: Instrument,
  price: PriceTicks,
  quantity: QuantityLots,
  liquidity: LiquiditySide,
  schedule: FeeSchedule,
): bigint {
  const basisPoints = liquidity === 'maker' ? schedule.makerBasisPoints : schedule.takerBasisPoints
  if (basisPoints === 0) return 0n
  const rate = BigInt(Math.round(basisPoints * RATE_SCALE))
  const value = notional(instrument, price, quantity, 'ceil').units
  // Positive: ceil; negative (rebate): BigInt division truncates toward zero.
  return divideRoundingUp(value * rate, 10_000n * BigInt(RATE_SCALE))
}
