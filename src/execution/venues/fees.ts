/**
 * Fees for venues that know instruments (the paper venue, the simulated exchange): the notional
 * of a fill in minor units of the quote currency (rounded half-even, as `notional` does), charged
 * at the maker or taker rate by the matching engine's exact rule (matching/fees.ts: a charge
 * rounds up, a rebate toward zero).
 */
import { type Instrument, type PriceTicks, type QuantityLots, notional } from '../../domain/instrument.ts'
import { type FeeSchedule, centiBasisPoints, feeFor } from '../matching/fees.ts'
import type { LiquiditySide } from '../types.ts'

export { type FeeSchedule, NO_FEES } from '../matching/fees.ts'

/** Exact notional in minor units, the function the matching engine takes. */
export function notionalUnitsOf(instrument: Instrument): (price: PriceTicks, lots: QuantityLots) => bigint {
  return (price, lots) => notional(instrument, price, lots).units
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
  return feeFor(
    notional(instrument, price, quantity).units,
    centiBasisPoints(basisPoints, `${liquidity} fee`),
  )
}
