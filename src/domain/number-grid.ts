/**
 * Floor and ceiling of a plain number on an instrument's grid (tick or lot), for hot paths whose
 * input is floating-point market data: the paper venue rounds every price of a bar's path and
 * every bar's volume. `priceToTicks(instrument, value.toFixed(12), rounding)` decides exactly but
 * parses a decimal and divides bigints each time. Here the quotient is taken in floating point,
 * and the exact decimal rule is asked only when the quotient lies within a hair of a whole number
 * — the only place where floating-point error could move the floor or the ceiling. So the answer
 * is always the exact one (number-grid.test.ts checks it against the decimal rule).
 */
import { decimalToNumber } from './decimal.ts'
import {
  type Instrument,
  type PriceTicks,
  type QuantityLots,
  priceToTicks,
  quantityToLots,
} from './instrument.ts'

export type GridRounding = 'floor' | 'ceil'

/**
 * Width of the band around a grid line where the exact rule decides: relative, for the error of
 * the floating-point quotient, plus what rounding the value to 12 decimals can move it, in steps.
 */
const RELATIVE_BAND = 1e-9
const DECIMALS_BAND = 1e-12

function nearGridLine(quotient: number, step: number): boolean {
  const band = RELATIVE_BAND * Math.max(1, Math.abs(quotient)) + DECIMALS_BAND / step
  return Math.abs(quotient - Math.round(quotient)) <= band
}

interface Steps {
  readonly tick: number
  readonly lot: number
}

const steps = new WeakMap<Instrument, Steps>()

function stepsOf(instrument: Instrument): Steps {
  let s = steps.get(instrument)
  if (s === undefined) {
    s = { tick: decimalToNumber(instrument.tickSize), lot: decimalToNumber(instrument.lotSize) }
    steps.set(instrument, s)
  }
  return s
}

/** `priceToTicks(instrument, price.toFixed(12), rounding)`, fast. */
export function numberToTicks(instrument: Instrument, price: number, rounding: GridRounding): PriceTicks {
  const step = stepsOf(instrument).tick
  const quotient = price / step
  if (!Number.isFinite(quotient) || nearGridLine(quotient, step))
    return priceToTicks(instrument, price.toFixed(12), rounding)
  return (rounding === 'floor' ? Math.floor(quotient) : Math.ceil(quotient)) as PriceTicks
}

/** `quantityToLots(instrument, quantity.toFixed(12), rounding)`, fast. */
export function numberToLots(instrument: Instrument, quantity: number, rounding: GridRounding): QuantityLots {
  const step = stepsOf(instrument).lot
  const quotient = quantity / step
  if (!Number.isFinite(quotient) || quotient < 0 || nearGridLine(quotient, step))
    return quantityToLots(instrument, quantity.toFixed(12), rounding)
  const lots = rounding === 'floor' ? Math.floor(quotient) : Math.ceil(quotient)
  // Beyond 2^53 the exact rule reports the overflow.
  return Number.isSafeInteger(lots)
    ? (lots as QuantityLots)
    : quantityToLots(instrument, quantity.toFixed(12), rounding)
}
