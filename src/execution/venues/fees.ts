/**
 * Fees for venues that know instruments (the paper venue, the simulated exchange): the notional
 * of a fill in minor units of the quote currency (rounded half-even, as `notional` does), charged
 * at the maker or taker rate by the matching engine's exact rule (matching/fees.ts: a charge
 * rounds up, a rebate toward zero).
 */
import { pow10 } from '../../domain/decimal.ts'
import { type Instrument, type PriceTicks, type QuantityLots, notional } from '../../domain/instrument.ts'
import { type FeeSchedule, centiBasisPoints, feeFor } from '../matching/fees.ts'
import type { LiquiditySide } from '../types.ts'

export { type FeeSchedule, NO_FEES } from '../matching/fees.ts'

/**
 * Exact notional in minor units, the function the matching engine takes (once per fill). When
 * one tick-lot is a whole number of minor units — most instruments — the notional is that
 * number times price × lots, fixed here once, instead of a decimal built and rescaled per fill;
 * finer grids round, and go through `notional`.
 */
export function notionalUnitsOf(instrument: Instrument): (price: PriceTicks, lots: QuantityLots) => bigint {
  const { tickSize, lotSize, multiplier, quoteCurrency } = instrument
  const scale = tickSize.scale + lotSize.scale + multiplier.scale
  if (scale > quoteCurrency.decimals) return (price, lots) => notional(instrument, price, lots).units
  const unitsPerTickLot =
    tickSize.units * lotSize.units * multiplier.units * pow10(quoteCurrency.decimals - scale)
  return (price, lots) => {
    // One bigint product instead of two while price × lots is exact in a double.
    const tickLots = price * lots
    return Number.isSafeInteger(tickLots) && Number.isSafeInteger(price) && Number.isSafeInteger(lots)
      ? BigInt(tickLots) * unitsPerTickLot
      : BigInt(price) * BigInt(lots) * unitsPerTickLot
  }
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
