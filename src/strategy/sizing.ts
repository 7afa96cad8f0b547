/**
 * Position sizing in whole lots. A lot of an instrument is `lotSize` units, each worth
 * `price × multiplier` of the quote currency, so a fraction f of equity buys
 * ⌊f × equity / (price × multiplier × lotSize)⌋ lots — with a lot size and multiplier of 1 (a
 * share), ⌊f × equity / price⌋. Rounding down keeps the position within the fraction; the result
 * is 0 when not even one lot fits, and callers then send nothing rather than an order of zero.
 */
import { decimalToNumber } from '../domain/decimal.ts'
import type { Instrument, InstrumentId } from '../domain/instrument.ts'
import type { StrategyContext } from './types.ts'

/** Whole lots worth at most `fraction` of `equity` at `price`; 0 for non-positive or non-finite inputs. */
export function lotsForFraction(
  instrument: Instrument,
  fraction: number,
  equity: number,
  price: number,
): number {
  const lotValue = price * decimalToNumber(instrument.multiplier) * decimalToNumber(instrument.lotSize)
  if (!(fraction > 0) || !(equity > 0) || !(lotValue > 0) || !Number.isFinite((fraction * equity) / lotValue))
    return 0
  return Math.floor((fraction * equity) / lotValue)
}

/** The instrument with this id among the context's; a strategy is only ever given bars of these. */
export function instrumentOf(ctx: StrategyContext, id: InstrumentId): Instrument {
  const found = ctx.instruments.find((instrument) => instrument.id === id)
  if (found === undefined) throw new Error(`bar event for ${id}, which is not among the run's instruments`)
  return found
}
