/**
 * The vocabulary of execution, shared by the order manager, the risk engine, the venues and
 * the portfolio. Prices are integer ticks and quantities integer lots of an instrument (see
 * domain/instrument.ts), so matching and position arithmetic never round; money is `bigint`
 * minor units (domain/money.ts).
 */
import type { ClientOrderId, OrderId, TradeId } from '../domain/ids.ts'
import type { InstrumentId, PriceTicks, QuantityLots } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'

export type Side = 'buy' | 'sell'

export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit' | 'trailing-stop'

/** GTC good till cancelled; DAY until the session ends; IOC fill what you can now, cancel the rest;
 * FOK fill everything now or nothing; GTD good till `expireAt`. */
export type TimeInForce = 'GTC' | 'DAY' | 'IOC' | 'FOK' | 'GTD'

export type LiquiditySide = 'maker' | 'taker'

export type OrderStatus =
  | 'pending-new'
  | 'accepted'
  | 'partially-filled'
  | 'filled'
  | 'pending-cancel'
  | 'cancelled'
  | 'pending-replace'
  | 'replaced'
  | 'rejected'
  | 'expired'

/** One execution: part or all of an order traded at one price. */
export interface Fill {
  /** The venue that reported it (`Venue.name`): its trade ids are unique only within it. */
  readonly venue: string
  /** Never repeats within the venue, across instruments and restarts (the fill-id rule). */
  readonly tradeId: TradeId
  readonly orderId: OrderId
  readonly clientOrderId: ClientOrderId
  readonly instrumentId: InstrumentId
  readonly side: Side
  readonly price: PriceTicks
  readonly quantity: QuantityLots
  /** Fee in minor units of the instrument's quote currency; negative for a maker rebate. */
  readonly fee: bigint
  readonly liquidity: LiquiditySide
  readonly time: UnixMillis
}

/** A price an instrument is marked at — a trade or a mid — to value positions between fills. */
export interface Mark {
  readonly instrumentId: InstrumentId
  readonly price: PriceTicks
  readonly time: UnixMillis
}

export function oppositeSide(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy'
}

/** +1 for a buy, −1 for a sell: the sign a fill's quantity takes in a position. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' ? 1 : -1
}
