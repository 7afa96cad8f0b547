/**
 * The simulated exchange's matcher for one instrument: price-time priority over an `OrderBook`,
 * with stops held off-book in a `StopBook`. Synchronous and pure — no clock, no I/O, no
 * randomness: every call takes the time as an argument and returns the actions it caused, in
 * order, each with a strictly increasing sequence number. Latency, acknowledgements on the wire
 * and the order manager's view are the venue wrapper's business.
 *
 * Matching rules (docs/execution.md has the full list and the reason codes):
 * - An incoming order takes from the best opposite level while it crosses, front of queue first,
 *   always at the resting order's price (the taker gets any improvement). A partially filled
 *   resting order keeps its place.
 * - What is left of a limit order rests (GTC, DAY, GTD); IOC cancels it; a market order's
 *   remainder is cancelled as `no-liquidity`. FOK checks the crossing quantity first and either
 *   fills completely or is refused with no fill. Post-only is refused if it would cross.
 * - Self-trade prevention: an order never trades with its owner's resting order; the incoming
 *   order's mode decides who is cancelled (see `SelfTradePrevention`).
 * - Stops fire on trade prices (see stop-book.ts). Stops fired while an order is being matched
 *   enter the book after that order has finished — rested or cancelled — one at a time in firing
 *   order; the stops they fire in turn queue behind them. So a cascade is a FIFO and replays
 *   identically.
 * - Replace: a size decrease at the same price keeps queue priority; a price change or size
 *   increase re-queues at the back (and may trade at once if the new price crosses); a new
 *   quantity at or below the filled quantity cancels the rest.
 * - GTD orders expire when a call arrives at or after their expiry (or on `expire`); DAY orders
 *   on `endSession`.
 *
 * Cost: an add is O(1) at an existing level, O(log levels) when it creates one; a cancel is O(1);
 * a take is O(orders filled + levels emptied × log levels); a FOK check walks the crossing
 * levels best first, O(k log k) for k levels. Hot paths allocate only the actions they return
 * (nodes and levels are pooled). Fees are computed only when the schedule has a non-zero rate.
 */
import { assertNever } from '../../domain/assert-never.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { OrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { Side, TimeInForce } from '../types.ts'
import { type FeeSchedule, NO_FEES, centiBasisPoints, feeFor } from './fees.ts'
import type {
  MatchAction,
  MatchCancelReason,
  MatchExpireReason,
  MatchRejectReason,
  MatchRequestRejectReason,
} from './match-actions.ts'
import {
  DEFAULT_SELF_TRADE_PREVENTION,
  type MatchOrder,
  type SelfTradePrevention,
  isPositiveLots,
  validateMatchOrder,
} from './match-order.ts'
import { OrderBook, type RestingOrder } from './order-book.ts'
import { type PendingStop, StopBook, stopFires, trailingStopPrice } from './stop-book.ts'

export interface MatchingEngineOptions {
  /**
   * Exact notional of `lots` at `priceTicks` in minor units of the quote currency — typically
   * `(t, l) => notional(instrument, t, l).units`. Kept as a function so the engine knows nothing
   * of tick sizes, multipliers or currencies.
   */
  readonly notionalUnits: (priceTicks: PriceTicks, lots: QuantityLots) => bigint
  readonly fees?: FeeSchedule
}

/** Changes a replace asks for; omitted fields stay. `quantity` is the new total, filled part included. */
export interface ReplaceChange {
  readonly price?: PriceTicks
  readonly quantity?: QuantityLots
}

/** A live order as the engine holds it. */
export interface EngineOrderView {
  readonly orderId: OrderId
  readonly ownerId: string
  readonly side: Side
  readonly state: 'resting' | 'waiting-for-trigger'
  readonly price: PriceTicks | undefined
  /** Current trigger price of a waiting stop (a trailing stop's after ratcheting). */
  readonly stopPrice: PriceTicks | undefined
  readonly quantity: QuantityLots
  readonly filledQuantity: QuantityLots
  readonly remainingQuantity: QuantityLots
}

export class MatchingEngine {
  readonly book = new OrderBook()
  readonly #stops = new StopBook()
  readonly #notionalUnits: (priceTicks: PriceTicks, lots: QuantityLots) => bigint
  readonly #makerRate: bigint
  readonly #takerRate: bigint
  readonly #chargesFees: boolean
  #sequence = 0
  #lastPrice = Number.NaN
  #out: MatchAction[] = []
  #time = 0 as UnixMillis
  /** Stops fired and not yet entered, in firing order. */
  readonly #fired: PendingStop[] = []
  /** GTD orders alive (resting or waiting), by id, with their expiry. */
  readonly #goodTillDate = new Map<string, number>()
  /** The earliest expiry in #goodTillDate, or a lower bound of it (it is only ever stale low). */
  #nextExpiry = Number.POSITIVE_INFINITY
  readonly #dayOrders = new Set<string>()

  constructor(options: MatchingEngineOptions) {
    const fees = options.fees ?? NO_FEES
    this.#notionalUnits = options.notionalUnits
    this.#makerRate = centiBasisPoints(fees.makerBasisPoints, 'maker fee')
    this.#takerRate = centiBasisPoints(fees.takerBasisPoints, 'taker fee')
    this.#chargesFees = this.#makerRate !== 0n || this.#takerRate !== 0n
  }

  /** Price of the last trade, or undefined before the first. */
  get lastTradePrice(): PriceTicks | undefined {
    return Number.isNaN(this.#lastPrice) ? undefined : (this.#lastPrice as PriceTicks)
  }

  /** Sequence number of the last action emitted (0 before any). */
  get sequence(): number {
    return this.#sequence
  }

  /** Number of stops waiting for their trigger. */
  get pendingStopCount(): number {
    return this.#stops.size
  }

  order(orderId: OrderId): EngineOrderView | undefined {
    const node = this.book.get(orderId)
    if (node !== undefined) {
      return {
        orderId,
        ownerId: node.ownerId,
        side: node.side,
        state: 'resting',
        price: node.price as PriceTicks,
        stopPrice: undefined,
        quantity: node.quantity as QuantityLots,
        filledQuantity: node.filled as QuantityLots,
        remainingQuantity: node.remaining as QuantityLots,
      }
    }
    const stop = this.#stops.get(orderId)
    if (stop === undefined) return undefined
    return {
      orderId,
      ownerId: stop.order.ownerId,
      side: stop.side,
      state: 'waiting-for-trigger',
      price: stop.order.price,
      stopPrice: stop.stopPrice as PriceTicks,
      quantity: stop.order.quantity,
      filledQuantity: 0 as QuantityLots,
      remainingQuantity: stop.order.quantity,
    }
  }

  /** A new order. Throws EXECUTION_INVALID_ORDER if it is malformed; every other outcome is an action. */
  submit(order: MatchOrder, time: UnixMillis): MatchAction[] {
    validateMatchOrder(order)
    this.#begin(time)
    const id = order.orderId
    if (this.book.has(id) || this.#stops.has(id)) {
      this.#reject(order, 'duplicate-order-id', `order id ${id} is already live`)
    } else if (order.expireAt !== undefined && order.expireAt <= time) {
      this.#reject(order, 'expired-on-arrival', `expiry ${order.expireAt} is not after ${time}`)
    } else {
      switch (order.type) {
        case 'market':
        case 'limit':
          this.#enter(order, order.type, false)
          break
        case 'stop':
        case 'stop-limit':
        case 'trailing-stop':
          this.#placeStop(order)
          break
        default:
          assertNever(order.type)
      }
      this.#enterFired()
    }
    return this.#end()
  }

  /** Cancels a live order, resting or waiting for its trigger. An unknown id is a `cancel-rejected` action. */
  cancel(orderId: OrderId, time: UnixMillis): MatchAction[] {
    this.#begin(time)
    const node = this.book.get(orderId)
    if (node !== undefined) {
      this.book.remove(node)
      this.#cancelled(node.orderId, 'requested', node.remaining, node.filled)
      this.#retire(node)
    } else {
      const stop = this.#stops.remove(orderId)
      if (stop === undefined) this.#requestRejected('cancel-rejected', orderId, 'unknown-order')
      else {
        this.#cancelled(orderId, 'requested', stop.order.quantity, 0)
        this.#untrack(orderId, stop.order.timeInForce)
      }
    }
    return this.#end()
  }

  /**
   * Cancel/replace. On a resting order: see the module comment for priority; a replace that
   * crosses trades at once like a new order (a post-only order's is refused instead). On a
   * waiting stop: new quantity and, for a stop-limit, a new limit price; the stop keeps its place.
   */
  replace(orderId: OrderId, change: ReplaceChange, time: UnixMillis): MatchAction[] {
    if (change.quantity !== undefined && !isPositiveLots(change.quantity)) {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `replace of ${orderId}: quantity must be a positive whole number of lots, was ${change.quantity}`,
        { field: 'quantity' },
      )
    }
    if (change.price !== undefined && !isPositiveLots(change.price)) {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `replace of ${orderId}: price must be a positive whole number of ticks, was ${change.price}`,
        { field: 'price' },
      )
    }
    this.#begin(time)
    const node = this.book.get(orderId)
    if (node !== undefined) this.#replaceResting(node, change)
    else {
      const stop = this.#stops.get(orderId)
      if (stop === undefined) this.#requestRejected('replace-rejected', orderId, 'unknown-order')
      else this.#replaceStop(stop, change)
    }
    return this.#end()
  }

  /** Expires GTD orders whose expiry is at or before `time`. (Every call does this first anyway.) */
  expire(time: UnixMillis): MatchAction[] {
    this.#begin(time)
    return this.#end()
  }

  /** The trading session ends at `time`: expires every DAY order, and GTD orders due by then. */
  endSession(time: UnixMillis): MatchAction[] {
    this.#begin(time)
    for (const orderId of this.#dayOrders) this.#expireOne(orderId, 'end-of-session')
    this.#dayOrders.clear()
    return this.#end()
  }

  #begin(time: UnixMillis): void {
    this.#out = []
    this.#time = time
    if (time >= this.#nextExpiry) this.#expireDue(time)
  }

  /** Hands the call's actions to the caller; the next call's `#begin` starts a fresh list. */
  #end(): MatchAction[] {
    return this.#out
  }

  /** An order entering the book now: fresh, or a stop that fired (`triggered`) and was already accepted. */
  #enter(order: MatchOrder, as: 'market' | 'limit', triggered: boolean): void {
    const isBuy = order.side === 'buy'
    const isMarket = as === 'market'
    const limit = isMarket ? (isBuy ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY) : order.price!
    const stp = order.selfTradePrevention ?? DEFAULT_SELF_TRADE_PREVENTION
    const tif = order.timeInForce
    if (order.postOnly === true) {
      const best = (isBuy ? this.book.asks : this.book.bids).best()
      if (best !== undefined && (isBuy ? best.price <= limit : best.price >= limit)) {
        this.#reject(
          order,
          'post-only-would-cross',
          `post-only ${order.side} at ${limit} would cross ${best.price}`,
        )
        return
      }
    }
    if (tif === 'FOK' && !this.#canFill(order.side, order.ownerId, stp, limit, order.quantity)) {
      if (triggered) {
        this.#cancelled(order.orderId, 'fok-cannot-fill', order.quantity, 0)
        this.#untrack(order.orderId, tif)
      } else {
        this.#reject(order, 'fok-cannot-fill', `not ${order.quantity} lots crossing ${limit} now`)
      }
      return
    }
    if (!triggered) {
      this.#accepted(order, order.stopPrice)
      this.#track(order)
    }
    const node = this.book.acquire()
    node.orderId = order.orderId
    node.ownerId = order.ownerId
    node.side = order.side
    node.price = isMarket ? 0 : limit
    node.quantity = order.quantity
    node.filled = 0
    node.remaining = order.quantity
    node.timeInForce = tif
    node.postOnly = order.postOnly === true
    node.selfTradePrevention = stp
    const survived = this.#take(node, limit)
    if (node.remaining === 0) this.#retire(node)
    else if (!survived) {
      this.#cancelled(node.orderId, 'self-trade-prevention', node.remaining, node.filled)
      this.#retire(node)
    } else if (isMarket) {
      this.#cancelled(node.orderId, 'no-liquidity', node.remaining, node.filled)
      this.#retire(node)
    } else if (tif === 'IOC' || tif === 'FOK') {
      this.#cancelled(node.orderId, 'ioc-remainder', node.remaining, node.filled)
      this.#retire(node)
    } else this.book.insert(node)
  }

  /**
   * Matches `taker` against the opposite side while it crosses `limit`. Returns false when self-trade
   * prevention cancels the taker (its remainder is then the caller's to report).
   */
  #take(taker: RestingOrder, limit: number): boolean {
    const isBuy = taker.side === 'buy'
    const opposite = isBuy ? this.book.asks : this.book.bids
    const owner = taker.ownerId
    while (taker.remaining > 0) {
      const level = opposite.best()
      if (level === undefined || (isBuy ? level.price > limit : level.price < limit)) return true
      let maker = level.head
      while (maker !== null && taker.remaining > 0) {
        // Read before the fill or cancel below can release `maker` (and, when it empties, `level`).
        const next = maker.next
        if (maker.ownerId === owner) {
          const mode = taker.selfTradePrevention
          if (mode !== 'cancel-taker') {
            this.book.remove(maker)
            this.#cancelled(maker.orderId, 'self-trade-prevention', maker.remaining, maker.filled)
            this.#retire(maker)
          }
          if (mode !== 'cancel-maker') return false
        } else {
          this.#fill(maker, taker, maker.remaining < taker.remaining ? maker.remaining : taker.remaining)
        }
        maker = next
      }
    }
    return true
  }

  #fill(maker: RestingOrder, taker: RestingOrder, lots: number): void {
    const price = maker.price
    this.book.reduce(maker, lots)
    maker.filled += lots
    taker.remaining -= lots
    taker.filled += lots
    let makerFee = 0n
    let takerFee = 0n
    if (this.#chargesFees) {
      const notional = this.#notionalUnits(price as PriceTicks, lots as QuantityLots)
      makerFee = feeFor(notional, this.#makerRate)
      takerFee = feeFor(notional, this.#takerRate)
    }
    this.#out.push({
      kind: 'fill',
      sequence: ++this.#sequence,
      time: this.#time,
      price: price as PriceTicks,
      quantity: lots as QuantityLots,
      maker: {
        orderId: maker.orderId,
        ownerId: maker.ownerId,
        side: maker.side,
        liquidity: 'maker',
        fee: makerFee,
        filledQuantity: maker.filled as QuantityLots,
        remainingQuantity: maker.remaining as QuantityLots,
      },
      taker: {
        orderId: taker.orderId,
        ownerId: taker.ownerId,
        side: taker.side,
        liquidity: 'taker',
        fee: takerFee,
        filledQuantity: taker.filled as QuantityLots,
        remainingQuantity: taker.remaining as QuantityLots,
      },
    })
    const previous = this.#lastPrice
    this.#lastPrice = price
    if (this.#stops.size > 0) this.#stops.onTrade(price, previous, this.#fired)
    if (maker.remaining === 0) {
      this.book.remove(maker)
      this.#retire(maker)
    }
  }

  /** Whether `quantity` lots cross `limit` now, counting only what self-trade prevention lets trade. */
  #canFill(side: Side, owner: string, stp: SelfTradePrevention, limit: number, quantity: number): boolean {
    const isBuy = side === 'buy'
    let available = 0
    // States: 0 still counting, 1 enough, 2 blocked (past the limit, or an own order in the way).
    let outcome = 0
    ;(isBuy ? this.book.asks : this.book.bids).forEachLevel((level) => {
      if (isBuy ? level.price > limit : level.price < limit) {
        outcome = 2
        return false
      }
      for (let maker = level.head; maker !== null; maker = maker.next) {
        if (maker.ownerId === owner) {
          if (stp === 'cancel-maker') continue
          outcome = 2
          return false
        }
        available += maker.remaining
        if (available >= quantity) {
          outcome = 1
          return false
        }
      }
      return true
    })
    return outcome === 1
  }

  #placeStop(order: MatchOrder): void {
    const last = this.#lastPrice
    let stopPrice: number
    if (order.type !== 'trailing-stop') stopPrice = order.stopPrice!
    else if (order.stopPrice !== undefined) stopPrice = order.stopPrice
    else if (Number.isNaN(last)) {
      this.#reject(order, 'no-reference-price', 'a trailing stop without a stop price needs a trade to trail')
      return
    } else stopPrice = trailingStopPrice(order.side, last, order.trailing!)
    this.#accepted(order, stopPrice as PriceTicks)
    this.#track(order)
    if (!Number.isNaN(last) && stopFires(order.side, stopPrice, last)) {
      // Already through the market: it fires on the price it arrived at.
      this.#fired.push({ order, side: order.side, stopPrice, extreme: last, arrival: 0, firedAt: last })
    } else this.#stops.add(order, stopPrice, last)
  }

  /** Enters fired stops one at a time; the stops they fire join the back of the queue. */
  #enterFired(): void {
    const fired = this.#fired
    for (let i = 0; i < fired.length; i++) {
      const stop = fired[i]!
      const order = stop.order
      const becomes = order.type === 'stop-limit' ? 'limit' : 'market'
      this.#out.push({
        kind: 'triggered',
        sequence: ++this.#sequence,
        time: this.#time,
        orderId: order.orderId,
        side: order.side,
        stopPrice: stop.stopPrice as PriceTicks,
        lastPrice: stop.firedAt as PriceTicks,
        becomes,
      })
      this.#enter(order, becomes, true)
    }
    fired.length = 0
  }

  #replaceResting(node: RestingOrder, change: ReplaceChange): void {
    const quantity = change.quantity ?? node.quantity
    const price = change.price ?? node.price
    if (quantity <= node.filled) {
      this.book.remove(node)
      this.#cancelled(node.orderId, 'replaced-below-filled', node.remaining, node.filled)
      this.#retire(node)
      return
    }
    if (price === node.price && quantity <= node.quantity) {
      this.book.reduce(node, node.quantity - quantity)
      node.quantity = quantity
      this.#replaced(node.orderId, price, quantity, node.remaining, true)
      return
    }
    const isBuy = node.side === 'buy'
    if (node.postOnly) {
      const best = (isBuy ? this.book.asks : this.book.bids).best()
      if (best !== undefined && (isBuy ? best.price <= price : best.price >= price)) {
        this.#requestRejected('replace-rejected', node.orderId, 'post-only-would-cross')
        return
      }
    }
    this.book.remove(node)
    node.price = price
    node.quantity = quantity
    node.remaining = quantity - node.filled
    this.#replaced(node.orderId, price, quantity, node.remaining, false)
    const survived = this.#take(node, price)
    if (node.remaining === 0) this.#retire(node)
    else if (!survived) {
      this.#cancelled(node.orderId, 'self-trade-prevention', node.remaining, node.filled)
      this.#retire(node)
    } else this.book.insert(node)
    this.#enterFired()
  }

  #replaceStop(stop: PendingStop, change: ReplaceChange): void {
    const order = stop.order
    if (change.price !== undefined && order.type !== 'stop-limit') {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `replace of ${order.orderId}: a ${order.type} order has no limit price to change`,
        { field: 'price' },
      )
    }
    const quantity = change.quantity ?? order.quantity
    stop.order =
      change.price === undefined ? { ...order, quantity } : { ...order, quantity, price: change.price }
    this.#replaced(order.orderId, stop.order.price, quantity, quantity, true)
  }

  #expireDue(time: number): void {
    let next = Number.POSITIVE_INFINITY
    for (const [orderId, expireAt] of this.#goodTillDate) {
      if (expireAt <= time) this.#expireOne(orderId, 'good-till-date')
      else if (expireAt < next) next = expireAt
    }
    this.#nextExpiry = next
  }

  #expireOne(orderId: string, reason: MatchExpireReason): void {
    const node = this.book.get(orderId)
    let cancelledQuantity: number
    let filledQuantity = 0
    if (node !== undefined) {
      this.book.remove(node)
      cancelledQuantity = node.remaining
      filledQuantity = node.filled
      this.#retire(node)
    } else {
      const stop = this.#stops.remove(orderId)!
      cancelledQuantity = stop.order.quantity
      this.#untrack(orderId, stop.order.timeInForce)
    }
    this.#out.push({
      kind: 'expired',
      sequence: ++this.#sequence,
      time: this.#time,
      orderId: orderId as OrderId,
      reason,
      cancelledQuantity: cancelledQuantity as QuantityLots,
      filledQuantity: filledQuantity as QuantityLots,
    })
  }

  #track(order: MatchOrder): void {
    if (order.timeInForce === 'GTD') {
      const expireAt = order.expireAt!
      this.#goodTillDate.set(order.orderId, expireAt)
      if (expireAt < this.#nextExpiry) this.#nextExpiry = expireAt
    } else if (order.timeInForce === 'DAY') this.#dayOrders.add(order.orderId)
  }

  #untrack(orderId: string, timeInForce: TimeInForce): void {
    if (timeInForce === 'GTD') this.#goodTillDate.delete(orderId)
    else if (timeInForce === 'DAY') this.#dayOrders.delete(orderId)
  }

  /** An order left the engine (filled, cancelled or expired; already off the book): forget it. */
  #retire(node: RestingOrder): void {
    this.#untrack(node.orderId, node.timeInForce)
    this.book.release(node)
  }

  #accepted(order: MatchOrder, stopPrice: PriceTicks | undefined): void {
    this.#out.push({
      kind: 'accepted',
      sequence: ++this.#sequence,
      time: this.#time,
      orderId: order.orderId,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: order.price,
      stopPrice,
    })
  }

  #reject(order: MatchOrder, reason: MatchRejectReason, message: string): void {
    this.#out.push({
      kind: 'rejected',
      sequence: ++this.#sequence,
      time: this.#time,
      orderId: order.orderId,
      reason,
      message: `order ${order.orderId}: ${message}`,
    })
  }

  #cancelled(
    orderId: OrderId,
    reason: MatchCancelReason,
    cancelledQuantity: number,
    filledQuantity: number,
  ): void {
    this.#out.push({
      kind: 'cancelled',
      sequence: ++this.#sequence,
      time: this.#time,
      orderId,
      reason,
      cancelledQuantity: cancelledQuantity as QuantityLots,
      filledQuantity: filledQuantity as QuantityLots,
    })
  }

  #replaced(
    orderId: OrderId,
    price: number | undefined,
    quantity: number,
    remainingQuantity: number,
    keptPriority: boolean,
  ): void {
    this.#out.push({
      kind: 'replaced',
      sequence: ++this.#sequence,
      time: this.#time,
      orderId,
      price: price as PriceTicks | undefined,
      quantity: quantity as QuantityLots,
      remainingQuantity: remainingQuantity as QuantityLots,
      keptPriority,
    })
  }

  #requestRejected(
    kind: 'cancel-rejected' | 'replace-rejected',
    orderId: OrderId,
    reason: MatchRequestRejectReason,
  ): void {
    const what = kind === 'cancel-rejected' ? 'cancel' : 'replace'
    const why =
      reason === 'unknown-order' ? 'no live order has this id' : 'the new price would take liquidity'
    this.#out.push({
      kind,
      sequence: ++this.#sequence,
      time: this.#time,
      orderId,
      reason,
      message: `${what} of ${orderId} refused: ${why}`,
    })
  }
}
