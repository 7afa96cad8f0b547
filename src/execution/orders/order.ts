/**
 * What a strategy asks for (`OrderRequest`) and what the order manager keeps (`Order`). A request
 * is checked once, at the edge, by `validateOrderRequest`: an order that reaches the risk engine
 * or a venue is well-formed, so neither has to second-guess it.
 */
import type { ClientOrderId, OrderId, StrategyId } from '../../domain/ids.ts'
import type { InstrumentId, PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { type Rational, rational, rationalToNumber } from '../portfolio/rational.ts'
import type { OrderStatus, OrderType, Side, TimeInForce } from '../types.ts'

/** A trailing stop follows the best price by a fixed number of ticks or a fraction of it. */
export type TrailingOffset =
  | { readonly kind: 'ticks'; readonly ticks: number }
  | { readonly kind: 'basis-points'; readonly basisPoints: number }

export interface OrderRequest {
  readonly clientOrderId: ClientOrderId
  readonly instrumentId: InstrumentId
  readonly side: Side
  readonly type: OrderType
  readonly quantity: QuantityLots
  /** Limit price: required for limit and stop-limit orders, refused otherwise. */
  readonly price?: PriceTicks
  /** Trigger price: required for stop and stop-limit orders; the initial trigger of a trailing stop. */
  readonly stopPrice?: PriceTicks
  /** Required for trailing stops. */
  readonly trailing?: TrailingOffset
  readonly timeInForce: TimeInForce
  /** Required for GTD. */
  readonly expireAt?: UnixMillis
  /** Rest on the book or be rejected; never take liquidity. */
  readonly postOnly?: boolean
  /** May only reduce the position; never open or flip one. */
  readonly reduceOnly?: boolean
  readonly strategyId?: StrategyId
  /**
   * Membership of a contingent group (OCO pair, bracket), set by `ContingentOrders`. It travels
   * with the order into the journal, so the links survive a restart.
   */
  readonly contingency?: Contingency
}

export type Contingency =
  | { readonly kind: 'oco'; readonly group: string }
  | {
      readonly kind: 'bracket-entry'
      readonly group: string
      readonly takeProfit: PriceTicks
      readonly stopLoss: PriceTicks
      /** When set, the stop-loss is a stop-limit at this price; otherwise a stop (market). */
      readonly stopLossLimit?: PriceTicks
    }
  | { readonly kind: 'bracket-child'; readonly group: string; readonly role: 'take-profit' | 'stop-loss' }

export interface Order extends OrderRequest {
  readonly orderId: OrderId
  /** Current terms: a replace changes them; the filled part is kept. */
  quantity: QuantityLots
  price?: PriceTicks
  status: OrderStatus
  /** The working status before a pending cancel or replace, to return to if it is refused. */
  workingStatus: OrderStatus
  filledQuantity: number
  /**
   * Σ price × quantity over the fills, in tick-lots: the exact basis of the average price. A
   * bigint, because it passes 2^53 — where a double stops counting every tick-lot — long before
   * a price or a quantity does (10 BTC at 100,000.00 in satoshi lots is already 10^16).
   */
  filledNotionalTicks: bigint
  /** Set when a venue reported something the lifecycle does not allow; the order is otherwise unchanged. */
  flag?: string
  readonly createdAt: UnixMillis
  updatedAt: UnixMillis
}

/** The average fill price in ticks, exactly; `undefined` before the first fill. */
export function exactAverageFillPrice(order: Order): Rational | undefined {
  return order.filledQuantity === 0
    ? undefined
    : rational(order.filledNotionalTicks, BigInt(order.filledQuantity))
}

/** The average fill price in ticks as the nearest double, for display; NaN before the first fill. */
export function averageFillPrice(order: Order): number {
  const exact = exactAverageFillPrice(order)
  return exact === undefined ? Number.NaN : rationalToNumber(exact)
}

export function remainingQuantity(order: Order): number {
  return order.quantity - order.filledQuantity
}

function invalid(request: OrderRequest, field: string, message: string): TradePulseError {
  return new TradePulseError('EXECUTION_INVALID_ORDER', `order ${request.clientOrderId}: ${message}`, {
    field,
  })
}

function isPositiveInteger(x: number | undefined): boolean {
  return x !== undefined && Number.isSafeInteger(x) && x > 0
}

/** Throws EXECUTION_INVALID_ORDER naming the field at fault. */
export function validateOrderRequest(request: OrderRequest): void {
  const { type, timeInForce } = request
  if (!isPositiveInteger(request.quantity)) {
    throw invalid(
      request,
      'quantity',
      `quantity must be a positive whole number of lots, was ${request.quantity}`,
    )
  }
  const needsPrice = type === 'limit' || type === 'stop-limit'
  if (needsPrice && !isPositiveInteger(request.price)) {
    throw invalid(
      request,
      'price',
      `a ${type} order needs a positive price in whole ticks, was ${String(request.price)}`,
    )
  }
  if (!needsPrice && request.price !== undefined) {
    throw invalid(request, 'price', `a ${type} order takes no limit price`)
  }
  const needsStop = type === 'stop' || type === 'stop-limit'
  if (needsStop && !isPositiveInteger(request.stopPrice)) {
    throw invalid(request, 'stopPrice', `a ${type} order needs a positive stop price in whole ticks`)
  }
  if (type === 'trailing-stop') {
    const t = request.trailing
    if (t === undefined) throw invalid(request, 'trailing', 'a trailing stop needs a trailing offset')
    const amount = t.kind === 'ticks' ? t.ticks : t.basisPoints
    if (!isPositiveInteger(amount) || (t.kind === 'basis-points' && amount >= 10_000)) {
      throw invalid(
        request,
        'trailing',
        `trailing offset must be a positive whole number of ${t.kind} (below 10000 bp)`,
      )
    }
  } else if (request.trailing !== undefined) {
    throw invalid(request, 'trailing', `a ${type} order takes no trailing offset`)
  }
  if (!needsStop && type !== 'trailing-stop' && request.stopPrice !== undefined) {
    throw invalid(request, 'stopPrice', `a ${type} order takes no stop price`)
  }
  if (timeInForce === 'GTD' && !Number.isSafeInteger(request.expireAt)) {
    throw invalid(request, 'expireAt', 'a GTD order needs an expiry time')
  }
  if (timeInForce !== 'GTD' && request.expireAt !== undefined) {
    throw invalid(request, 'expireAt', `a ${timeInForce} order takes no expiry time`)
  }
  if (request.postOnly === true) {
    if (type !== 'limit') throw invalid(request, 'postOnly', 'only limit orders can be post-only')
    if (timeInForce === 'IOC' || timeInForce === 'FOK') {
      throw invalid(request, 'postOnly', `a post-only order cannot be ${timeInForce}: it would never rest`)
    }
  }
  if (type === 'market' && (timeInForce === 'GTC' || timeInForce === 'GTD' || timeInForce === 'DAY')) {
    throw invalid(request, 'timeInForce', `a market order cannot rest: use IOC or FOK, not ${timeInForce}`)
  }
}
