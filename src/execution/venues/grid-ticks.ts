/**
 * Prices from data put on an instrument's tick grid, as the paper venue does for every point of
 * every bar's path: `numberToTicks(instrument, price, rounding)` (domain/number-grid.ts), with its
 * commonest case answered first.
 *
 * Prices from data usually lie on the grid already, which is exactly where `numberToTicks` asks
 * the exact rule: the price's 15-digit decimal (`gridDecimal`) divided in bigints. Here, n is the nearest tick
 * count; if `price` is the double nearest the decimal n × tick (IEEE division of the exact
 * integers n × tick units and 10^scale is correctly rounded, so it yields that double) and that
 * decimal has at most 15 significant digits (no other decimal that short maps to the same
 * double), then the price's 15-digit decimal is n × tick and both roundings give n. Every other price goes to
 * `numberToTicks`, so the answer is always its own (grid-ticks.property.test.ts compares them).
 */
import { type Instrument, type PriceTicks } from '../../domain/instrument.ts'
import { type GridRounding, numberToTicks } from '../../domain/number-grid.ts'

/** Decimals with up to 15 significant digits survive a round trip through a double. */
const ROUND_TRIP_DIGITS = 1e15
const MAX_SCALE = 15

export type GridTicks = (price: number, rounding: GridRounding) => PriceTicks

/** `numberToTicks` for one instrument: the same answer for every price, fast for prices on the grid. */
export function gridTicks(instrument: Instrument): GridTicks {
  const units = Number(instrument.tickSize.units)
  const scale = instrument.tickSize.scale
  const exact = (price: number, rounding: GridRounding): PriceTicks =>
    numberToTicks(instrument, price, rounding)
  if (!Number.isSafeInteger(units) || units <= 0 || scale < 0 || scale > MAX_SCALE) return exact
  const divisor = 10 ** scale
  const tick = units / divisor
  return (price, rounding) => {
    if (price > 0) {
      const n = Math.round(price / tick)
      const scaled = n * units
      if (scaled < ROUND_TRIP_DIGITS && scaled / divisor === price) return n as PriceTicks
    }
    return exact(price, rounding)
  }
}
