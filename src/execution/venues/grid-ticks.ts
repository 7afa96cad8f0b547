/**
 * Prices from data put on an instrument's tick grid, as the paper venue does for every point of
 * every bar's path: `numberToTicks(instrument, price, rounding)` (domain/number-grid.ts), with its
 * commonest case answered first.
 *
 * Prices from data usually lie on the grid already, which is exactly where `numberToTicks` asks
 * the exact rule: `price.toFixed(12)` parsed as a decimal and divided in bigints. Here, n is the
 * nearest tick count; if `price` is the double nearest the decimal n × tick (IEEE division of the
 * exact integers n × tick units and 10^scale is correctly rounded, so it yields that double) and
 * lies below 8192, where a double is within 5e-13 of the decimal it stands for, then its
 * 12-decimal text is that decimal and both roundings give n. Every other price goes to
 * `numberToTicks`, so the answer is always its own (grid-ticks.property.test.ts compares them).
 */
import { type Instrument, type PriceTicks } from '../../domain/instrument.ts'
import { type GridRounding, numberToTicks } from '../../domain/number-grid.ts'

/** Half the spacing of doubles below 8192 is at most 2^-41 ≈ 4.5e-13, under half the 12th decimal. */
const EXACT_TWELVE_DECIMALS_BELOW = 8192
/** Decimals `numberToTicks` reads a price to. */
const FIXED_DECIMALS = 12

export type GridTicks = (price: number, rounding: GridRounding) => PriceTicks

/** `numberToTicks` for one instrument: the same answer for every price, fast for prices on the grid. */
export function gridTicks(instrument: Instrument): GridTicks {
  const units = Number(instrument.tickSize.units)
  const scale = instrument.tickSize.scale
  const exact = (price: number, rounding: GridRounding): PriceTicks =>
    numberToTicks(instrument, price, rounding)
  if (!Number.isSafeInteger(units) || units <= 0 || scale < 0 || scale > FIXED_DECIMALS) return exact
  const divisor = 10 ** scale
  const tick = units / divisor
  return (price, rounding) => {
    if (price > 0 && price < EXACT_TWELVE_DECIMALS_BELOW) {
      const n = Math.round(price / tick)
      const scaled = n * units
      if (Number.isSafeInteger(scaled) && scaled / divisor === price) return n as PriceTicks
    }
    return exact(price, rounding)
  }
}
