/**
 * Market data events. Prices here are floats: bars and ticks feed research maths (indicators,
 * statistics) where floats are the right tool. They become integer ticks only when an order is
 * built from them (`priceToTicks`).
 *
 * Time of knowledge is part of every event, because look-ahead bugs start where it is left
 * implicit:
 * - a bar opens at `openTime` and is known only at `knownAt = openTime + interval` (its close);
 * - a resampled bar is known when its last constituent bar is known;
 * - a trade or a quote is known at `tsEvent`, the venue's stamp (receive latency is the
 *   simulator's business, not the data's);
 * - a daily bar read from a file that carries only a date opens at 00:00 UTC of that date and is
 *   known at 24:00 UTC of that date. We do not know the listing's session, so we take the end of
 *   the UTC day: that is at or after the close of every major equity session, so a strategy can
 *   never act on a close before it happened.
 */
import type { TradeId } from './ids.ts'
import type { InstrumentId } from './instrument.ts'
import type { Interval, UnixMillis } from './time.ts'

export interface Bar {
  readonly openTime: UnixMillis
  readonly interval: Interval
  /** When the bar's values became knowable: its close. Downstream code acts at this time, never before. */
  readonly knownAt: UnixMillis
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

export type AggressorSide = 'buy' | 'sell' | 'unknown'

export interface TradeTick {
  readonly instrumentId: InstrumentId
  readonly tsEvent: UnixMillis
  readonly price: number
  readonly size: number
  readonly aggressor: AggressorSide
  readonly tradeId?: TradeId
}

export interface Quote {
  readonly instrumentId: InstrumentId
  readonly tsEvent: UnixMillis
  readonly bidPrice: number
  readonly bidSize: number
  readonly askPrice: number
  readonly askSize: number
}

/** The time at which a bar opening at `openTime` is known. */
export function barKnownAt(openTime: UnixMillis, interval: Interval): UnixMillis {
  return (openTime + interval.ms) as UnixMillis
}

export function midPrice(quote: Quote): number {
  return (quote.bidPrice + quote.askPrice) / 2
}
