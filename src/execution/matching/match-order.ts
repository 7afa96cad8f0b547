/**
 * What the matching engine is asked to match: an order reduced to the fields an exchange's
 * matcher reads (no client order id, no strategy, no instrument — one engine is one instrument's
 * book). The venue wrapper maps an `Order` to this when it delivers a submission.
 *
 * `validateMatchOrder` is the engine's edge check. A malformed order is misuse by the caller (the
 * order manager has already validated the request), so it throws EXECUTION_INVALID_ORDER;
 * expected refusals (post-only would cross, FOK cannot fill…) are actions, not exceptions.
 * Market orders accept any time in force: GTC/DAY/GTD market orders behave as IOC, because a
 * market order never rests — that lets a stop-market order be GTC while it waits for its trigger.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { OrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { TrailingOffset } from '../orders/order.ts'
import type { OrderType, Side, TimeInForce } from '../types.ts'

/**
 * What happens when an order would trade with a resting order of the same owner. The taker's
 * mode decides: `cancel-taker` cancels the incoming order's remainder (fills it already made
 * stand), `cancel-maker` cancels the resting order and keeps matching, `cancel-both` does both.
 */
export type SelfTradePrevention = 'cancel-taker' | 'cancel-maker' | 'cancel-both'

export const DEFAULT_SELF_TRADE_PREVENTION: SelfTradePrevention = 'cancel-taker'

export interface MatchOrder {
  readonly orderId: OrderId
  /** The account that owns the order: two orders of one owner never trade with each other. */
  readonly ownerId: string
  readonly side: Side
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  readonly quantity: QuantityLots
  /** Limit price: required for limit and stop-limit orders. */
  readonly price?: PriceTicks
  /** Trigger price: required for stop and stop-limit; optional initial trigger of a trailing stop. */
  readonly stopPrice?: PriceTicks
  /** Required for trailing stops. */
  readonly trailing?: TrailingOffset
  /** Required for GTD. */
  readonly expireAt?: UnixMillis
  /** Rest or be rejected; never take liquidity. Limit orders only. */
  readonly postOnly?: boolean
  readonly selfTradePrevention?: SelfTradePrevention
}

function invalid(order: MatchOrder, field: string, message: string): TradePulseError {
  return new TradePulseError('EXECUTION_INVALID_ORDER', `order ${order.orderId}: ${message}`, { field })
}

export function isPositiveLots(value: number | undefined): boolean {
  return value !== undefined && Number.isSafeInteger(value) && value > 0
}

/** Throws EXECUTION_INVALID_ORDER naming the field at fault. */
export function validateMatchOrder(order: MatchOrder): void {
  const { type } = order
  if (typeof order.ownerId !== 'string' || order.ownerId.length === 0) {
    throw invalid(order, 'ownerId', 'an order needs an owner id')
  }
  if (!isPositiveLots(order.quantity)) {
    throw invalid(
      order,
      'quantity',
      `quantity must be a positive whole number of lots, was ${order.quantity}`,
    )
  }
  const needsPrice = type === 'limit' || type === 'stop-limit'
  if (needsPrice !== (order.price !== undefined) || (needsPrice && !isPositiveLots(order.price))) {
    throw invalid(
      order,
      'price',
      needsPrice
        ? `a ${type} order needs a positive price in whole ticks, was ${String(order.price)}`
        : `a ${type} order takes no limit price`,
    )
  }
  const needsStop = type === 'stop' || type === 'stop-limit'
  if (needsStop && !isPositiveLots(order.stopPrice)) {
    throw invalid(order, 'stopPrice', `a ${type} order needs a positive stop price in whole ticks`)
  }
  if (type === 'trailing-stop') {
    const t = order.trailing
    if (t === undefined) throw invalid(order, 'trailing', 'a trailing stop needs a trailing offset')
    const amount = t.kind === 'ticks' ? t.ticks : t.basisPoints
    if (!isPositiveLots(amount) || (t.kind === 'basis-points' && amount >= 10_000)) {
      throw invalid(
        order,
        'trailing',
        `trailing offset must be a positive whole number of ${t.kind} (below 10000 bp)`,
      )
    }
    if (order.stopPrice !== undefined && !isPositiveLots(order.stopPrice)) {
      throw invalid(
        order,
        'stopPrice',
        'an initial trailing stop price must be a positive whole number of ticks',
      )
    }
  } else if (order.trailing !== undefined) {
    throw invalid(order, 'trailing', `a ${type} order takes no trailing offset`)
  } else if (!needsStop && order.stopPrice !== undefined) {
    throw invalid(order, 'stopPrice', `a ${type} order takes no stop price`)
  }
  if ((order.timeInForce === 'GTD') !== (order.expireAt !== undefined)) {
    throw invalid(order, 'expireAt', 'a GTD order, and only a GTD order, needs an expiry time')
  }
  if (order.expireAt !== undefined && !Number.isSafeInteger(order.expireAt)) {
    throw invalid(order, 'expireAt', `expiry must be whole milliseconds, was ${order.expireAt}`)
  }
  if (order.postOnly === true) {
    if (type !== 'limit') throw invalid(order, 'postOnly', 'only limit orders can be post-only')
    if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') {
      throw invalid(
        order,
        'postOnly',
        `a post-only order cannot be ${order.timeInForce}: it would never rest`,
      )
    }
  }
}
