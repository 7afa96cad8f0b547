/**
 * One instrument's limit order book: two sides of price levels, each level a FIFO queue of
 * resting orders. This file keeps the book's shape and nothing else; matching is in
 * matching-engine.ts.
 *
 * Layout, chosen for the matching hot path (adds near the touch, cancels anywhere, takes at the
 * touch):
 * - A resting order is a pooled `RestingOrder` node in an intrusive doubly-linked list per level,
 *   so appending, unlinking (cancel) and popping the head (fill) are O(1) pointer writes with no
 *   allocation once the pool is warm.
 * - An `OrderIdIndex` (open addressing, see order-id-index.ts) finds a node for cancel or
 *   replace in O(1); a `Map` rebuilt its table every few thousand adds and removes.
 * - Each side finds a level by price in a `Map<price, PriceLevel>` (O(1)) and keeps the touch at
 *   the root of a binary heap of levels (O(1) to read, O(log levels) to change), with lazy
 *   deletion so an emptied level costs nothing until it reaches the root (see `BookSide`).
 *   A sorted array of levels with binary search was the first design: it measured well while
 *   adds stayed within a few dozen levels of the touch, but creating and emptying levels deep in
 *   a book of a few thousand levels moved hundreds of pointers per operation and halved the
 *   benchmark's throughput.
 * - Every level, and every side, keeps the sum of its open quantity, so depth snapshots and
 *   conservation checks do not walk the queues.
 *
 * A node handed out by `acquire` belongs to the book until `release`; callers must not keep one
 * after releasing it (it is reused). Views for outside code (`restingOrder`, `levelOrders`,
 * `depth`) are fresh objects.
 */
import type { OrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { Side, TimeInForce } from '../types.ts'
import { DEFAULT_SELF_TRADE_PREVENTION, type SelfTradePrevention } from './match-order.ts'
import { OrderIdIndex } from './order-id-index.ts'

/** A working order: resting on the book, or being matched as the incoming order. */
export class RestingOrder {
  orderId = '' as OrderId
  ownerId = ''
  side: Side = 'buy'
  /** Limit price in ticks (0 for a market order being matched). */
  price = 0
  /** Total order quantity in lots, filled part included. */
  quantity = 0
  filled = 0
  /** quantity − filled, kept as a field because the hot loop reads it on every fill. */
  remaining = 0
  timeInForce: TimeInForce = 'GTC'
  postOnly = false
  selfTradePrevention: SelfTradePrevention = DEFAULT_SELF_TRADE_PREVENTION
  /** When it joined its queue: increases with every insert, so it orders a level's FIFO. */
  arrival = 0
  level: PriceLevel | null = null
  prev: RestingOrder | null = null
  next: RestingOrder | null = null
}

export class PriceLevel {
  price = 0
  /** Sum of the open quantity of the orders queued here. */
  quantity = 0
  count = 0
  head: RestingOrder | null = null
  tail: RestingOrder | null = null
}

/** A resting order as outside code sees it. */
export interface RestingOrderView {
  readonly orderId: OrderId
  readonly ownerId: string
  readonly side: Side
  readonly price: PriceTicks
  readonly quantity: QuantityLots
  readonly filledQuantity: QuantityLots
  readonly remainingQuantity: QuantityLots
  readonly timeInForce: TimeInForce
}

export interface DepthLevel {
  readonly price: PriceTicks
  readonly quantity: QuantityLots
  readonly orderCount: number
}

export interface DepthSnapshot {
  /** Best (highest) first. */
  readonly bids: readonly DepthLevel[]
  /** Best (lowest) first. */
  readonly asks: readonly DepthLevel[]
}

/**
 * One side's levels: `Map<price, PriceLevel>` to find a level in O(1), and a binary heap of the
 * levels keyed by price (best at the root) for the touch.
 *
 * Deletion from the heap is lazy: a level that empties stays in the map and the heap, *parked*
 * (count 0), so a cancel is O(1) and an order arriving at a recently emptied price revives the
 * level without touching the heap. `best()` pops parked levels off the root as it meets them
 * (amortised against their creation). Parked levels deep in the book that never reach the root
 * are swept out when they outnumber the live ones (O(levels), amortised against the parkings
 * that caused it), so memory stays proportional to the live book.
 */
export class BookSide {
  readonly side: Side
  /** Sum of open quantity over the side. */
  quantity = 0
  readonly #isBid: boolean
  readonly #byPrice = new Map<number, PriceLevel>()
  /** Heap keys, −price for bids and price for asks, so the root is the best level on both sides. */
  #keys = new Float64Array(64)
  /** The heap's levels, parallel to #keys. */
  readonly #heap: PriceLevel[] = []
  /** Non-empty levels. */
  #live = 0
  readonly #pool: PriceLevel[] = []
  /** Scratch for best-first traversal (`forEachLevel`): candidate heap indices and their keys. */
  #scratchIndex = new Int32Array(64)
  #scratchKey = new Float64Array(64)

  constructor(side: Side) {
    this.side = side
    this.#isBid = side === 'buy'
  }

  /** Number of non-empty price levels. */
  get levelCount(): number {
    return this.#live
  }

  /** The best non-empty level, or undefined when the side is empty. O(1) amortised. */
  best(): PriceLevel | undefined {
    const heap = this.#heap
    while (heap.length > 0) {
      const top = heap[0]!
      if (top.count > 0) return top
      this.#popRoot()
      this.#byPrice.delete(top.price)
      this.#pool.push(top)
    }
    return undefined
  }

  /** The level at `price`, if it has orders. */
  find(price: number): PriceLevel | undefined {
    const level = this.#byPrice.get(price)
    return level !== undefined && level.count > 0 ? level : undefined
  }

  /** Appends `node` (with its side, price and open quantity set) to the back of its price's queue. */
  append(node: RestingOrder): void {
    const price = node.price
    let level = this.#byPrice.get(price)
    if (level === undefined) {
      level = this.#pool.pop() ?? new PriceLevel()
      level.price = price
      level.quantity = 0
      level.count = 0
      level.head = null
      level.tail = null
      this.#byPrice.set(price, level)
      this.#push(level)
    }
    if (level.count++ === 0) this.#live++
    node.level = level
    node.next = null
    node.prev = level.tail
    if (level.tail === null) level.head = node
    else level.tail.next = node
    level.tail = node
    level.quantity += node.remaining
    this.quantity += node.remaining
  }

  /** Unlinks `node` from its queue; an emptied level is parked, not removed. */
  unlink(node: RestingOrder): void {
    const level = node.level!
    if (node.prev === null) level.head = node.next
    else node.prev.next = node.next
    if (node.next === null) level.tail = node.prev
    else node.next.prev = node.prev
    node.prev = null
    node.next = null
    node.level = null
    level.quantity -= node.remaining
    this.quantity -= node.remaining
    if (--level.count === 0) {
      this.#live--
      const parked = this.#heap.length - this.#live
      if (parked > 64 && parked > this.#live) this.#sweep()
    }
  }

  /**
   * Visits the non-empty levels best first until `visit` returns false. O(k log k) for k levels
   * visited (a best-first walk of the heap). `visit` must not change the book.
   */
  forEachLevel(visit: (level: PriceLevel) => boolean): void {
    const heap = this.#heap
    const keys = this.#keys
    if (this.#scratchIndex.length < heap.length) {
      this.#scratchIndex = new Int32Array(this.#keys.length)
      this.#scratchKey = new Float64Array(this.#keys.length)
    }
    // A small min-heap of heap positions whose parents have been visited.
    const index = this.#scratchIndex
    const key = this.#scratchKey
    let n = 0
    const add = (i: number): void => {
      let c = n++
      const k = keys[i]!
      while (c > 0) {
        const parent = (c - 1) >> 1
        if (key[parent]! <= k) break
        index[c] = index[parent]!
        key[c] = key[parent]!
        c = parent
      }
      index[c] = i
      key[c] = k
    }
    if (heap.length > 0) add(0)
    while (n > 0) {
      const i = index[0]!
      const lastIndex = index[--n]!
      const lastKey = key[n]!
      let c = 0
      for (;;) {
        let child = 2 * c + 1
        if (child >= n) break
        if (child + 1 < n && key[child + 1]! < key[child]!) child++
        if (key[child]! >= lastKey) break
        index[c] = index[child]!
        key[c] = key[child]!
        c = child
      }
      index[c] = lastIndex
      key[c] = lastKey
      const level = heap[i]!
      if (level.count > 0 && !visit(level)) return
      if (2 * i + 1 < heap.length) add(2 * i + 1)
      if (2 * i + 2 < heap.length) add(2 * i + 2)
    }
  }

  #push(level: PriceLevel): void {
    const heap = this.#heap
    if (heap.length === this.#keys.length) {
      const grown = new Float64Array(this.#keys.length * 2)
      grown.set(this.#keys)
      this.#keys = grown
    }
    const keys = this.#keys
    const k = this.#isBid ? -level.price : level.price
    let c = heap.length
    heap.push(level)
    while (c > 0) {
      const parent = (c - 1) >> 1
      if (keys[parent]! <= k) break
      keys[c] = keys[parent]!
      heap[c] = heap[parent]!
      c = parent
    }
    keys[c] = k
    heap[c] = level
  }

  #popRoot(): void {
    const heap = this.#heap
    const keys = this.#keys
    const last = heap.pop()!
    const n = heap.length
    if (n === 0) return
    const k = keys[n]!
    let c = 0
    for (;;) {
      let child = 2 * c + 1
      if (child >= n) break
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++
      if (keys[child]! >= k) break
      keys[c] = keys[child]!
      heap[c] = heap[child]!
      c = child
    }
    keys[c] = k
    heap[c] = last
  }

  /** Drops every parked level and rebuilds the heap from the live ones (Floyd's heapify). */
  #sweep(): void {
    const heap = this.#heap
    let kept = 0
    for (let i = 0; i < heap.length; i++) {
      const level = heap[i]!
      if (level.count > 0) heap[kept++] = level
      else {
        this.#byPrice.delete(level.price)
        this.#pool.push(level)
      }
    }
    heap.length = kept
    const keys = this.#keys
    for (let i = 0; i < kept; i++) keys[i] = this.#isBid ? -heap[i]!.price : heap[i]!.price
    for (let start = (kept >> 1) - 1; start >= 0; start--) {
      const level = heap[start]!
      const k = keys[start]!
      let c = start
      for (;;) {
        let child = 2 * c + 1
        if (child >= kept) break
        if (child + 1 < kept && keys[child + 1]! < keys[child]!) child++
        if (keys[child]! >= k) break
        keys[c] = keys[child]!
        heap[c] = heap[child]!
        c = child
      }
      keys[c] = k
      heap[c] = level
    }
  }
}

export class OrderBook {
  readonly bids = new BookSide('buy')
  readonly asks = new BookSide('sell')
  readonly #orders = new OrderIdIndex<RestingOrder>()
  readonly #nodePool: RestingOrder[] = []
  #arrivals = 0

  /** Number of resting orders. */
  get size(): number {
    return this.#orders.size
  }

  sideOf(side: Side): BookSide {
    return side === 'buy' ? this.bids : this.asks
  }

  /** A blank node from the pool; fill in its fields, then `insert` it or `release` it. */
  acquire(): RestingOrder {
    return this.#nodePool.pop() ?? new RestingOrder()
  }

  release(node: RestingOrder): void {
    node.level = null
    node.prev = null
    node.next = null
    this.#nodePool.push(node)
  }

  has(orderId: string): boolean {
    return this.#orders.has(orderId)
  }

  /** The live node of a resting order; valid until it is removed. */
  get(orderId: string): RestingOrder | undefined {
    return this.#orders.get(orderId)
  }

  /** Appends `node` to the back of the queue at its price, creating the level if needed. */
  insert(node: RestingOrder): void {
    node.arrival = ++this.#arrivals
    ;(node.side === 'buy' ? this.bids : this.asks).append(node)
    this.#orders.set(node)
  }

  /** Unlinks a resting order from its queue and the id index. The node is not released. */
  remove(node: RestingOrder): void {
    ;(node.side === 'buy' ? this.bids : this.asks).unlink(node)
    this.#orders.delete(node.orderId)
  }

  /** Takes `lots` off a resting order's open quantity in place: a fill, or a size decrease that keeps priority. */
  reduce(node: RestingOrder, lots: number): void {
    node.remaining -= lots
    node.level!.quantity -= lots
    ;(node.side === 'buy' ? this.bids : this.asks).quantity -= lots
  }

  bestBid(): PriceTicks | undefined {
    return this.bids.best()?.price as PriceTicks | undefined
  }

  bestAsk(): PriceTicks | undefined {
    return this.asks.best()?.price as PriceTicks | undefined
  }

  restingOrder(orderId: string): RestingOrderView | undefined {
    const node = this.#orders.get(orderId)
    return node === undefined ? undefined : viewOf(node)
  }

  /** The queue at one price, front first (level 3 market data; also what tests check priority with). */
  levelOrders(side: Side, price: number): RestingOrderView[] {
    const views: RestingOrderView[] = []
    for (let node = this.sideOf(side).find(price)?.head ?? null; node !== null; node = node.next) {
      views.push(viewOf(node))
    }
    return views
  }

  /** Every resting order of one side, best price first and in queue order within a price. */
  sideOrders(side: Side): RestingOrderView[] {
    const views: RestingOrderView[] = []
    this.sideOf(side).forEachLevel((level) => {
      for (let node = level.head; node !== null; node = node.next) views.push(viewOf(node))
      return true
    })
    return views
  }

  /** The top `maxLevels` levels of each side with their aggregated open quantity. */
  depth(maxLevels: number): DepthSnapshot {
    return { bids: depthOf(this.bids, maxLevels), asks: depthOf(this.asks, maxLevels) }
  }
}

function viewOf(node: RestingOrder): RestingOrderView {
  return {
    orderId: node.orderId,
    ownerId: node.ownerId,
    side: node.side,
    price: node.price as PriceTicks,
    quantity: node.quantity as QuantityLots,
    filledQuantity: node.filled as QuantityLots,
    remainingQuantity: node.remaining as QuantityLots,
    timeInForce: node.timeInForce,
  }
}

function depthOf(bookSide: BookSide, maxLevels: number): DepthLevel[] {
  const out: DepthLevel[] = []
  if (maxLevels <= 0) return out
  bookSide.forEachLevel((level) => {
    out.push({
      price: level.price as PriceTicks,
      quantity: level.quantity as QuantityLots,
      orderCount: level.count,
    })
    return out.length < maxLevels
  })
  return out
}
