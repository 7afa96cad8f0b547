/**
 * What the matching engine reports: every call returns the actions it caused, in order, as
 * plain data. Each action carries the engine's sequence number (strictly increasing across all
 * calls, so a venue can merge and replay them) and the time the call was given.
 *
 * Expected refusals are reason codes — stable strings a journal or a test can rely on — with a
 * human message; `MATCH_REASONS` says what each means, and docs/execution.md
 * lists them all.
 */
import type { OrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { LiquiditySide, OrderType, Side } from '../types.ts'

/** Why a new order was refused; it never worked. */
export type MatchRejectReason =
  | 'duplicate-order-id'
  | 'post-only-would-cross'
  | 'fok-cannot-fill'
  | 'no-reference-price'
  | 'expired-on-arrival'

/** Why a working order (or its remainder) stopped working without filling. */
export type MatchCancelReason =
  | 'requested'
  | 'ioc-remainder'
  | 'no-liquidity'
  | 'fok-cannot-fill'
  | 'self-trade-prevention'
  | 'replaced-below-filled'

export type MatchExpireReason = 'good-till-date' | 'end-of-session'

/** Why a cancel or replace request was refused; the order, if any, is unchanged. */
export type MatchRequestRejectReason = 'unknown-order' | 'post-only-would-cross'

export type MatchReason = MatchRejectReason | MatchCancelReason | MatchExpireReason | MatchRequestRejectReason

export const MATCH_REASONS = {
  'duplicate-order-id': 'A live order (resting or waiting for its stop) already has this id.',
  'post-only-would-cross': 'A post-only order (or its replacement) would take liquidity.',
  'fok-cannot-fill': 'A fill-or-kill order cannot fill completely against the book now.',
  'no-reference-price': 'A trailing stop without an initial stop price arrived before any trade.',
  'expired-on-arrival': 'A GTD order arrived at or after its expiry time.',
  requested: 'Cancelled at the owner’s request.',
  'ioc-remainder': 'The part of an IOC order that did not fill at once.',
  'no-liquidity': 'The part of a market order the book had no liquidity for.',
  'self-trade-prevention': 'Would have traded with an order of the same owner.',
  'replaced-below-filled': 'Replaced with a quantity at or below what had already filled.',
  'good-till-date': 'A GTD order reached its expiry time.',
  'end-of-session': 'A DAY order outlived its trading session.',
  'unknown-order': 'No live order has this id (it may have filled or been cancelled already).',
} as const satisfies Record<MatchReason, string>

interface ActionBase {
  readonly sequence: number
  readonly time: UnixMillis
}

export interface AcceptedAction extends ActionBase {
  readonly kind: 'accepted'
  readonly orderId: OrderId
  readonly side: Side
  readonly type: OrderType
  readonly quantity: QuantityLots
  /** Limit price; undefined for market, stop and trailing-stop orders. */
  readonly price: PriceTicks | undefined
  /** Trigger price of a stop order as accepted (for a trailing stop, its initial trigger). */
  readonly stopPrice: PriceTicks | undefined
}

export interface RejectedAction extends ActionBase {
  readonly kind: 'rejected'
  readonly orderId: OrderId
  readonly reason: MatchRejectReason
  readonly message: string
}

/** One side of a fill: what the maker's or the taker's order now looks like. */
export interface FillParty {
  readonly orderId: OrderId
  readonly ownerId: string
  readonly side: Side
  readonly liquidity: LiquiditySide
  /** Minor units of the quote currency; negative for a rebate. */
  readonly fee: bigint
  /** Cumulative filled quantity of the order after this fill. */
  readonly filledQuantity: QuantityLots
  /** Quantity still working after this fill (0 when the order is done). */
  readonly remainingQuantity: QuantityLots
}

export interface FillAction extends ActionBase {
  readonly kind: 'fill'
  /** Always the resting order's price: a taker gets any price improvement. */
  readonly price: PriceTicks
  readonly quantity: QuantityLots
  readonly maker: FillParty
  readonly taker: FillParty
}

export interface CancelledAction extends ActionBase {
  readonly kind: 'cancelled'
  readonly orderId: OrderId
  readonly reason: MatchCancelReason
  /** The quantity that will now never fill. */
  readonly cancelledQuantity: QuantityLots
  readonly filledQuantity: QuantityLots
}

export interface ExpiredAction extends ActionBase {
  readonly kind: 'expired'
  readonly orderId: OrderId
  readonly reason: MatchExpireReason
  readonly cancelledQuantity: QuantityLots
  readonly filledQuantity: QuantityLots
}

export interface TriggeredAction extends ActionBase {
  readonly kind: 'triggered'
  readonly orderId: OrderId
  readonly side: Side
  /** The trigger price it fired at (a trailing stop's after ratcheting). */
  readonly stopPrice: PriceTicks
  /** The trade price that reached it; for a stop placed already through the market, the last price then. */
  readonly lastPrice: PriceTicks
  /** What the order enters the book as. */
  readonly becomes: 'market' | 'limit'
}

export interface ReplacedAction extends ActionBase {
  readonly kind: 'replaced'
  readonly orderId: OrderId
  readonly price: PriceTicks | undefined
  /** Total order quantity, filled part included. */
  readonly quantity: QuantityLots
  readonly remainingQuantity: QuantityLots
  /** True when the order kept its place in the queue (a pure size decrease). */
  readonly keptPriority: boolean
}

export interface RequestRejectedAction extends ActionBase {
  readonly kind: 'cancel-rejected' | 'replace-rejected'
  readonly orderId: OrderId
  readonly reason: MatchRequestRejectReason
  readonly message: string
}

export type MatchAction =
  | AcceptedAction
  | RejectedAction
  | FillAction
  | CancelledAction
  | ExpiredAction
  | TriggeredAction
  | ReplacedAction
  | RequestRejectedAction
