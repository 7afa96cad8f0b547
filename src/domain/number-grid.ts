/**
 * Floor and ceiling of a plain number on an instrument's grid (tick or lot), for hot paths whose
 * input is floating-point market data: the paper venue rounds every price of a bar's path and
 * every bar's volume. A number stands for its decimal to 15 significant digits (`gridDecimal`:
 * 123456.78, not the 123456.779999… of its binary value), and `priceToTicks(instrument,
 * gridDecimal(value), rounding)` rounds that decimal exactly, but parses a decimal and divides
 * bigints each time. Here the quotient is taken in floating point,
 * and the exact decimal rule is asked only when the quotient lies within a hair of a whole number
 * — the only place where floating-point error could move the floor or the ceiling. So the answer
 * is always the exact one (number-grid.test.ts checks it against the decimal rule).
 */
import { MAX_SCALE, decimalToNumber } from './decimal.ts'
import {
  type Instrument,
  type PriceTicks,
  type QuantityLots,
  priceToTicks,
  quantityToLots,
} from './instrument.ts'

export type GridRounding = 'floor' | 'ceil'

/**
 * The decimal a number from data or arithmetic stands for: its value to 15 significant digits,
 * the precision a double always carries. So 123456.78 (binary 123456.779999…) is 123456.78 and
 * 1234.9999999999998 (a float product meant as 1235) is 1235, at any magnitude; a value whose 15
 * digits reach past `MAX_SCALE` places (below 1e-4) is taken to `MAX_SCALE` places.
 */
export function gridDecimal(value: number): string {
  const text = value.toPrecision(15)
  const mantissa = /^-?\d*\.?(\d*)(?:e([+-]\d+))?$/.exec(text)
  const places = mantissa === null ? Infinity : (mantissa[1]?.length ?? 0) - Number(mantissa[2] ?? 0)
  return places > MAX_SCALE ? value.toFixed(MAX_SCALE) : text
}

/**
 * Width of the band around a grid line where the exact rule decides, relative to the quotient:
 * far wider than the few ulps by which the binary value, the binary step and the division can
 * stray from the decimals they stand for.
 */
const RELATIVE_BAND = 1e-9

function nearGridLine(quotient: number): boolean {
  const band = RELATIVE_BAND * Math.max(1, Math.abs(quotient))
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

/** `priceToTicks(instrument, gridDecimal(price), rounding)`, fast. */
export function numberToTicks(instrument: Instrument, price: number, rounding: GridRounding): PriceTicks {
  const step = stepsOf(instrument).tick
  const quotient = price / step
  if (!Number.isFinite(quotient) || nearGridLine(quotient))
    return priceToTicks(instrument, gridDecimal(price), rounding)
  return (rounding === 'floor' ? Math.floor(quotient) : Math.ceil(quotient)) as PriceTicks
}

/** `quantityToLots(instrument, gridDecimal(quantity), rounding)`, fast. */
export function numberToLots(instrument: Instrument, quantity: number, rounding: GridRounding): QuantityLots {
  const step = stepsOf(instrument).lot
  const quotient = quantity / step
  if (!Number.isFinite(quotient) || quotient < 0 || nearGridLine(quotient))
    return quantityToLots(instrument, gridDecimal(quantity), rounding)
  const lots = rounding === 'floor' ? Math.floor(quotient) : Math.ceil(quotient)
  // Beyond 2^53 the exact rule reports the overflow.
  return Number.isSafeInteger(lots)
    ? (lots as QuantityLots)
    : quantityToLots(instrument, gridDecimal(quantity), rounding)
}
