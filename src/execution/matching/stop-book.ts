/**
 * Stop orders waiting off-book for their trigger: stop (market), stop-limit and trailing stop.
 *
 * A buy stop fires when a trade prints at or above its stop price, a sell stop when one prints at
 * or below. The engine reports every trade price to `onTrade`, in the order the trades happen, and
 * receives the stops it fired in the order they fired. Within one trade, stops fire in the order
 * the price reached them — by stop price in the direction the price moved (ascending when it rose,
 * descending when it fell) — and, at one stop price, in arrival order; when the direction is
 * unknown (first trade, or a trade at the same price) arrival order alone decides. Ties are thus
 * broken deterministically, so a cascade of triggers replays identically.
 *
 * Fixed stops live in two arrays sorted so that the next to fire is the last element: a trade
 * checks the touch in O(1) and pops what fires; adding is a binary search plus a splice. Trailing
 * stops move on every new extreme, so they are kept in arrival order and scanned on every trade:
 * O(trailing stops) per trade, which is fine for the handful a simulation holds.
 *
 * Trailing stops: a sell trail follows the highest trade price seen since placement (its stop is
 * that high minus the offset, and only ever rises); a buy trail follows the lowest (stop = low plus
 * offset, only ever falls). An offset in basis points is rounded away from the market, to whole
 * ticks: sell stop = ⌊high × (10000 − bp) / 10000⌋, buy stop = ⌈low × (10000 + bp) / 10000⌉.
 */
import type { TrailingOffset } from '../orders/order.ts'
import type { Side } from '../types.ts'
import type { MatchOrder } from './match-order.ts'

export interface PendingStop {
  order: MatchOrder
  readonly side: Side
  /** Current trigger price in ticks. */
  stopPrice: number
  /** Trailing stops: best trade price seen since placement; NaN until the first trade. */
  extreme: number
  readonly arrival: number
  /** The trade price that fired it; NaN while it waits. */
  firedAt: number
}

/** The trigger a trailing offset gives from reference price `price`. */
export function trailingStopPrice(side: Side, price: number, offset: TrailingOffset): number {
  if (offset.kind === 'ticks') return side === 'sell' ? price - offset.ticks : price + offset.ticks
  const scaled = price * (side === 'sell' ? 10_000 - offset.basisPoints : 10_000 + offset.basisPoints)
  // Exact integer floor/ceil of scaled / 10000 (scaled is an integer below 2^53).
  const floor = (scaled - (scaled % 10_000)) / 10_000
  return side === 'sell' || scaled % 10_000 === 0 ? floor : floor + 1
}

/** Whether a trade at `price` fires a stop at `stopPrice`. */
export function stopFires(side: Side, stopPrice: number, price: number): boolean {
  return side === 'buy' ? price >= stopPrice : price <= stopPrice
}

export class StopBook {
  readonly #byId = new Map<string, PendingStop>()
  /** Fixed buy stops, the next to fire (lowest stop, earliest) last. */
  readonly #buys: PendingStop[] = []
  /** Fixed sell stops, the next to fire (highest stop, earliest) last. */
  readonly #sells: PendingStop[] = []
  readonly #trailing: PendingStop[] = []
  #arrivals = 0

  get size(): number {
    return this.#byId.size
  }

  has(orderId: string): boolean {
    return this.#byId.has(orderId)
  }

  get(orderId: string): PendingStop | undefined {
    return this.#byId.get(orderId)
  }

  /** Registers a stop that has not fired; the caller has checked it against the last price. */
  add(order: MatchOrder, stopPrice: number, extreme: number): PendingStop {
    const stop: PendingStop = {
      order,
      side: order.side,
      stopPrice,
      extreme,
      arrival: ++this.#arrivals,
      firedAt: NaN,
    }
    this.#byId.set(order.orderId, stop)
    if (order.type === 'trailing-stop') this.#trailing.push(stop)
    else {
      const list = stop.side === 'buy' ? this.#buys : this.#sells
      list.splice(insertionIndex(list, stop), 0, stop)
    }
    return stop
  }

  remove(orderId: string): PendingStop | undefined {
    const stop = this.#byId.get(orderId)
    if (stop === undefined) return undefined
    this.#byId.delete(orderId)
    const list =
      stop.order.type === 'trailing-stop' ? this.#trailing : stop.side === 'buy' ? this.#buys : this.#sells
    list.splice(list.lastIndexOf(stop), 1)
    return stop
  }

  /**
   * A trade printed at `price` after one at `previous` (NaN if none): ratchets trailing stops and
   * appends the stops it fires to `fired`, removed from this book, in firing order.
   */
  onTrade(price: number, previous: number, fired: PendingStop[]): void {
    const start = fired.length
    popFiring(this.#buys, price, fired, this.#byId)
    popFiring(this.#sells, price, fired, this.#byId)
    const trailing = this.#trailing
    if (trailing.length > 0) {
      let kept = 0
      for (let i = 0; i < trailing.length; i++) {
        const stop = trailing[i]!
        const better = stop.side === 'sell' ? !(price <= stop.extreme) : !(price >= stop.extreme)
        if (better) {
          stop.extreme = price
          const moved = trailingStopPrice(stop.side, price, stop.order.trailing!)
          if (stop.side === 'sell' ? moved > stop.stopPrice : moved < stop.stopPrice) stop.stopPrice = moved
        }
        if (stopFires(stop.side, stop.stopPrice, price)) {
          stop.firedAt = price
          fired.push(stop)
          this.#byId.delete(stop.order.orderId)
        } else trailing[kept++] = stop
      }
      trailing.length = kept
    }
    if (fired.length - start > 1) sortFired(fired, start, price - previous)
  }
}

/** Whether `a` fires before `b` when the price reaches both in one move. */
function firesBefore(a: PendingStop, b: PendingStop): boolean {
  if (a.stopPrice !== b.stopPrice)
    return a.side === 'buy' ? a.stopPrice < b.stopPrice : a.stopPrice > b.stopPrice
  return a.arrival < b.arrival
}

/** Lists are sorted so that later elements fire first; `stop` goes after everything that fires later. */
function insertionIndex(list: readonly PendingStop[], stop: PendingStop): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (firesBefore(list[mid]!, stop)) hi = mid
    else lo = mid + 1
  }
  return lo
}

function popFiring(
  list: PendingStop[],
  price: number,
  fired: PendingStop[],
  byId: Map<string, PendingStop>,
): void {
  for (let top = list[list.length - 1]; top !== undefined; top = list[list.length - 1]) {
    if (!stopFires(top.side, top.stopPrice, price)) return
    list.pop()
    byId.delete(top.order.orderId)
    top.firedAt = price
    fired.push(top)
  }
}

/** Orders one trade's batch: by stop price in the direction of the move, then arrival. */
function sortFired(fired: PendingStop[], start: number, move: number): void {
  const batch = fired.splice(start)
  batch.sort((a, b) => {
    const byPrice = move > 0 ? a.stopPrice - b.stopPrice : move < 0 ? b.stopPrice - a.stopPrice : 0
    return byPrice !== 0 ? byPrice : a.arrival - b.arrival
  })
  fired.push(...batch)
}
