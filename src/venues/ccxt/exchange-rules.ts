/**
 * An exchange's trading rules for one market, read from ccxt's market structure into the
 * project's terms: an `Instrument` (tick, lot, minimum quantity) and the minimum notional, which
 * `Instrument` has no field for and the venue checks itself before sending.
 *
 * ccxt gives precisions as numbers in TICK_SIZE mode (0.01) for most exchanges, and as a count
 * of decimal places (2) in DECIMAL_PLACES mode for others; both are read exactly.
 */
import type { Market } from 'ccxt'
import { type Decimal, decimalFromNumber } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { type Instrument, defineInstrument } from '../../domain/instrument.ts'

export interface MarketRules {
  readonly instrument: Instrument
  /** ccxt's unified symbol, e.g. `BTC/USDT`. */
  readonly symbol: string
  readonly base: string
  readonly quote: string
  /** Smallest price × quantity the exchange accepts, in the quote currency; undefined if it has none. */
  readonly minNotional: Decimal | undefined
}

/** ccxt's precision modes (`exchange.precisionMode`). */
export const DECIMAL_PLACES = 2
export const TICK_SIZE = 4

function step(value: number | undefined, mode: number, what: string): string {
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    throw new TradePulseError('VENUE_MARKET_RULES', `${what} has no usable precision (was ${String(value)})`)
  }
  if (mode === DECIMAL_PLACES) return value === 0 ? '1' : `0.${'0'.repeat(value - 1)}1`
  return String(value)
}

/**
 * The rules of `symbol` as `venue` (an upper-case venue code such as `BINANCE`) trades it. Throws
 * VENUE_MARKET_RULES naming the symbol when the exchange does not list it, it is not spot, or a
 * precision is missing.
 */
export function marketRules(
  markets: Readonly<Record<string, Market>>,
  symbol: string,
  venue: string,
  precisionMode: number,
): MarketRules {
  const market = markets[symbol]
  if (market === undefined) {
    throw new TradePulseError(
      'VENUE_MARKET_RULES',
      `symbol ${symbol} is not listed on ${venue}; listed: ${Object.keys(markets).slice(0, 10).join(', ')}…`,
    )
  }
  if (market.type !== 'spot') {
    throw new TradePulseError(
      'VENUE_MARKET_RULES',
      `symbol ${symbol} on ${venue} is ${market.type}: only spot is supported`,
    )
  }
  const tickSize = step(market.precision.price, precisionMode, `price of ${symbol}`)
  const lotSize = step(market.precision.amount, precisionMode, `amount of ${symbol}`)
  const minAmount = market.limits.amount?.min
  const minCost = market.limits.cost?.min
  const instrument = defineInstrument({
    symbol,
    venue,
    assetClass: 'crypto-spot',
    quoteCurrency: market.quote,
    tickSize,
    lotSize,
    ...(minAmount === undefined || minAmount <= 0 ? {} : { minQuantity: String(minAmount) }),
  })
  return {
    instrument,
    symbol,
    base: market.base,
    quote: market.quote,
    minNotional: minCost === undefined || minCost <= 0 ? undefined : decimalFromNumber(minCost),
  }
}
