/**
 * Ticks as plain numbers, for the results a backtest records per fill (a fill's price in
 * `FillRecord`). `ticksToNumber` builds the exact decimal and parses its text: exact, and about
 * the dearest thing done per fill. Here the same number comes from one floating-point division.
 *
 * Why it is the same number: ticks × tick units is an integer, exact in a double while it is a
 * safe integer, and 10^scale is exact in a double up to 10^22. IEEE division of two exact values
 * is correctly rounded, and so is parsing the decimal text, so both give the double nearest the
 * exact quotient. Outside those bounds the exact path answers (tick-values.test.ts compares both).
 */
import { type Instrument, type PriceTicks, ticksToNumber } from '../../domain/instrument.ts'

/** Largest power of ten a double holds exactly. */
const MAX_EXACT_POWER = 22

export type TicksToNumber = (ticks: PriceTicks) => number

/** `ticksToNumber(instrument, ticks)` for one instrument, fast; the same number for every input. */
export function tickValues(instrument: Instrument): TicksToNumber {
  const units = Number(instrument.tickSize.units)
  const scale = instrument.tickSize.scale
  if (!Number.isSafeInteger(units) || scale < 0 || scale > MAX_EXACT_POWER) {
    return (ticks) => ticksToNumber(instrument, ticks)
  }
  const divisor = 10 ** scale
  return (ticks) => {
    const scaled = ticks * units
    return Number.isSafeInteger(scaled) ? scaled / divisor : ticksToNumber(instrument, ticks)
  }
}
