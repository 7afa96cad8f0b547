/**
 * Instruments and their price/quantity grid.
 *
 * Execution maths runs on integers: a price is a count of ticks (`PriceTicks`), a quantity a count
 * of lots (`QuantityLots`). Converting a number a person typed into ticks either lands exactly on
 * the grid or follows a rounding rule the caller names; the default is to refuse. Notional value
 * is computed exactly from the integers (see `notional`), so no float ever reaches the ledger.
 */
import type { Brand } from './brand.ts'
import {
  type Decimal,
  type Rounding,
  decimalFromNumber,
  decimalToNumber,
  divideRounded,
  formatDecimal,
  parseDecimal,
  pow10,
} from './decimal.ts'
import { TradePulseError } from './errors.ts'
import { type Currency, type Money, currency as currencyOf, moneyOfDecimal } from './money.ts'

export type InstrumentId = Brand<string, 'InstrumentId'>
export type PriceTicks = Brand<number, 'PriceTicks'>
export type QuantityLots = Brand<number, 'QuantityLots'>

export type AssetClass =
  | 'equity'
  | 'etf'
  | 'index'
  | 'future'
  | 'option'
  | 'fx'
  | 'crypto-spot'
  | 'crypto-perpetual'
  | 'bond'
  | 'commodity'

export interface InstrumentSpec {
  readonly symbol: string
  readonly venue: string
  readonly assetClass: AssetClass
  readonly quoteCurrency: string | Currency
  /** Smallest price increment, e.g. `"0.01"`. Strings are exact; numbers are read as the decimal they print as. */
  readonly tickSize: string | number
  /** Smallest quantity increment, e.g. `"1"` share or `"0.001"` BTC. */
  readonly lotSize: string | number
  /** Smallest order quantity; a multiple of the lot size. Defaults to one lot. */
  readonly minQuantity?: string | number
  /** Currency value of one unit of price × one unit of quantity (futures: e.g. 50 for ES). Default 1. */
  readonly multiplier?: string | number
}

export interface Instrument {
  readonly id: InstrumentId
  readonly symbol: string
  readonly venue: string
  readonly assetClass: AssetClass
  readonly quoteCurrency: Currency
  readonly tickSize: Decimal
  readonly lotSize: Decimal
  readonly minQuantity: Decimal
  readonly multiplier: Decimal
  /** Minimum quantity in lots. */
  readonly minLots: QuantityLots
}

const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/^:-]{0,31}$/
const VENUE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,15}$/

/** `SYMBOL.VENUE`, the form ids take everywhere (logs, journal, API). */
export function instrumentId(symbol: string, venue: string): InstrumentId {
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INSTRUMENT',
      `symbol ${JSON.stringify(symbol)} must be 1-32 letters, digits or . _ / ^ : -`,
    )
  }
  if (!VENUE_PATTERN.test(venue)) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INSTRUMENT',
      `venue ${JSON.stringify(venue)} must be 1-16 upper-case letters, digits, _ or -`,
    )
  }
  return `${symbol}.${venue}` as InstrumentId
}

function positiveDecimal(field: string, value: string | number): Decimal {
  const decimal = typeof value === 'number' ? decimalFromNumber(value) : parseDecimal(value)
  if (decimal.units <= 0n) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INSTRUMENT',
      `${field} must be > 0, was ${formatDecimal(decimal)}`,
    )
  }
  return decimal
}

export function defineInstrument(spec: InstrumentSpec): Instrument {
  const id = instrumentId(spec.symbol, spec.venue)
  const quoteCurrency =
    typeof spec.quoteCurrency === 'string' ? currencyOf(spec.quoteCurrency) : spec.quoteCurrency
  const tickSize = positiveDecimal('tickSize', spec.tickSize)
  const lotSize = positiveDecimal('lotSize', spec.lotSize)
  const minQuantity =
    spec.minQuantity === undefined ? lotSize : positiveDecimal('minQuantity', spec.minQuantity)
  const multiplier =
    spec.multiplier === undefined ? { units: 1n, scale: 0 } : positiveDecimal('multiplier', spec.multiplier)
  const minLots = toGrid(minQuantity, lotSize, 'reject', `minQuantity of ${id}`)
  return Object.freeze({
    id,
    symbol: spec.symbol,
    venue: spec.venue,
    assetClass: spec.assetClass,
    quoteCurrency,
    tickSize,
    lotSize,
    minQuantity,
    multiplier,
    minLots: minLots as QuantityLots,
  })
}

/** `value / step` as an integer, exactly, or by `rounding`. */
function toGrid(value: Decimal, step: Decimal, rounding: Rounding, what: string): number {
  // value/step = (v.units / 10^v.scale) / (s.units / 10^s.scale) = v.units·10^s.scale / (s.units·10^v.scale)
  const numerator = value.units * pow10(step.scale)
  const denominator = step.units * pow10(value.scale)
  let count: bigint
  try {
    count = divideRounded(numerator, denominator, rounding, what)
  } catch (error) {
    if (error instanceof TradePulseError && error.code === 'DOMAIN_OFF_GRID') {
      throw new TradePulseError(
        'DOMAIN_OFF_GRID',
        `${what} ${formatDecimal(value)} is not a multiple of ${formatDecimal(step)}`,
      )
    }
    throw error
  }
  const result = Number(count)
  if (!Number.isSafeInteger(result)) {
    throw new TradePulseError(
      'DOMAIN_OVERFLOW',
      `${what} ${formatDecimal(value)} is ${count} steps of ${formatDecimal(step)}, beyond 2^53`,
    )
  }
  return result
}

function asDecimal(value: number | string | Decimal): Decimal {
  if (typeof value === 'number') return decimalFromNumber(value)
  if (typeof value === 'string') return parseDecimal(value)
  return value
}

/**
 * A price in ticks. `rounding` says what to do off the grid: `reject` (default) throws, `floor`
 * and `ceil` pick the passive side for a buy or a sell, `half-even` the nearest.
 */
export function priceToTicks(
  instrument: Instrument,
  price: number | string | Decimal,
  rounding: Rounding = 'reject',
): PriceTicks {
  return toGrid(asDecimal(price), instrument.tickSize, rounding, `price of ${instrument.id}`) as PriceTicks
}

/** A quantity in lots; rounding as for prices. Quantities must be ≥ 0 (side carries the sign). */
export function quantityToLots(
  instrument: Instrument,
  quantity: number | string | Decimal,
  rounding: Rounding = 'reject',
): QuantityLots {
  const decimal = asDecimal(quantity)
  const lots = toGrid(decimal, instrument.lotSize, rounding, `quantity of ${instrument.id}`)
  if (lots < 0) {
    throw new TradePulseError(
      'DOMAIN_OFF_GRID',
      `quantity of ${instrument.id} must be >= 0, was ${formatDecimal(decimal)}`,
    )
  }
  return lots as QuantityLots
}

/** The exact decimal price of a tick count. */
export function ticksToPrice(instrument: Instrument, ticks: PriceTicks): Decimal {
  return { units: BigInt(ticks) * instrument.tickSize.units, scale: instrument.tickSize.scale }
}

export function ticksToNumber(instrument: Instrument, ticks: PriceTicks): number {
  return decimalToNumber(ticksToPrice(instrument, ticks))
}

export function lotsToQuantity(instrument: Instrument, lots: QuantityLots): Decimal {
  return { units: BigInt(lots) * instrument.lotSize.units, scale: instrument.lotSize.scale }
}

/**
 * Price × quantity × multiplier in the quote currency. The product of the three grids is exact
 * at scale tick+lot+multiplier; only the final step to the currency's ledger precision can round,
 * and it does so by the named rule.
 */
export function notional(
  instrument: Instrument,
  ticks: PriceTicks,
  lots: QuantityLots,
  rounding: Rounding = 'half-even',
): Money {
  const { tickSize, lotSize, multiplier } = instrument
  const exact: Decimal = {
    units: BigInt(ticks) * tickSize.units * BigInt(lots) * lotSize.units * multiplier.units,
    scale: tickSize.scale + lotSize.scale + multiplier.scale,
  }
  return moneyOfDecimal(instrument.quoteCurrency, exact, rounding)
}
