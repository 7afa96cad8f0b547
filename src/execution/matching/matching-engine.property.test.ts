/**
 * Property tests: random sequences of adds, cancels, replaces, marketable orders and stops from
 * three owners, checked against the invariants money depends on and against a reference model —
 * an array-based book that re-sorts the crossing orders on every call, too slow to use and too
 * simple to be wrong the same way as the engine.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { MatchAction } from './match-actions.ts'
import type { MatchOrder, SelfTradePrevention } from './match-order.ts'
import { MatchingEngine } from './matching-engine.ts'
import { at, limit, market, stop, trailingStop } from './testing/orders.ts'

type Side = 'buy' | 'sell'

type Op =
  | { readonly kind: 'submit'; readonly order: MatchOrder }
  | { readonly kind: 'cancel'; readonly target: number }
  | { readonly kind: 'replace'; readonly target: number; readonly price?: number; readonly quantity?: number }

const owners = fc.constantFrom('alice', 'bob', 'carol', 'dave')
const sides = fc.constantFrom<Side>('buy', 'sell')
const prices = fc.integer({ min: 95, max: 105 })
const lots = fc.integer({ min: 1, max: 8 })
const stps = fc.constantFrom<SelfTradePrevention>('cancel-taker', 'cancel-maker', 'cancel-both')

/** An order shape; the id is filled in when the sequence is built. */
type Draft = (id: string) => MatchOrder

const draft: fc.Arbitrary<Draft> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        owner: owners,
        side: sides,
        price: prices,
        qty: lots,
        stp: stps,
        tif: fc.constantFrom('GTC', 'GTC', 'IOC', 'FOK'),
      })
      .map(
        ({ owner, side, price, qty, stp, tif }) =>
          (id: string) =>
            limit(id, owner, side, price, qty, { timeInForce: tif as 'GTC', selfTradePrevention: stp }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ owner: owners, side: sides, price: prices, qty: lots }).map(
      ({ owner, side, price, qty }) =>
        (id: string) =>
          limit(id, owner, side, price, qty, { postOnly: true }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ owner: owners, side: sides, qty: lots, stp: stps, fok: fc.boolean() }).map(
      ({ owner, side, qty, stp, fok }) =>
        (id: string) =>
          market(id, owner, side, qty, fok ? 'FOK' : 'IOC', { selfTradePrevention: stp }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ owner: owners, side: sides, trigger: prices, qty: lots, limitPrice: fc.option(prices) })
      .map(
        ({ owner, side, trigger, qty, limitPrice }) =>
          (id: string) =>
            stop(id, owner, side, trigger, qty, limitPrice ?? undefined),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        owner: owners,
        side: sides,
        qty: lots,
        initial: fc.boolean(),
        offset: fc.oneof(
          fc.integer({ min: 1, max: 4 }).map((ticks) => ({ ticks })),
          fc.integer({ min: 1, max: 400 }).map((basisPoints) => ({ basisPoints })),
        ),
      })
      .map(
        ({ owner, side, qty, offset, initial }) =>
          (id: string) =>
            trailingStop(id, owner, side, qty, offset, initial ? (side === 'buy' ? 106 : 94) : undefined),
      ),
  },
)

type TargetOp = Extract<Op, { readonly target: number }>

const op: fc.Arbitrary<TargetOp | Draft> = fc.oneof(
  { weight: 10, arbitrary: draft },
  { weight: 3, arbitrary: fc.nat(200).map((target): TargetOp => ({ kind: 'cancel', target })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        target: fc.nat(200),
        price: fc.option(prices),
        quantity: fc.option(fc.integer({ min: 1, max: 10 })),
      })
      .map(({ target, price, quantity }): TargetOp => ({
        kind: 'replace',
        target,
        ...(price === null ? {} : { price }),
        ...(quantity === null ? {} : { quantity }),
      })),
  },
)

/** Ops with ids assigned; a cancel or replace targets one of the ids issued so far (possibly dead). */
const scenario: fc.Arbitrary<Op[]> = fc
  .array(op, { minLength: 10, maxLength: 100, size: 'max' })
  .map((raw) => {
    const ops: Op[] = []
    let issued = 0
    for (const item of raw) {
      if (typeof item === 'function') ops.push({ kind: 'submit', order: item(`o${++issued}`) })
      else if (issued > 0) ops.push({ ...item, target: (item.target % issued) + 1 })
    }
    return ops
  })

function apply(e: MatchingEngine, o: Op, time: number): MatchAction[] {
  switch (o.kind) {
    case 'submit':
      return e.submit(o.order, at(time))
    case 'cancel':
      return e.cancel(orderId(`o${o.target}`), at(time))
    case 'replace':
      return e.replace(
        orderId(`o${o.target}`),
        {
          ...(o.price === undefined ? {} : { price: o.price as PriceTicks }),
          ...(o.quantity === undefined ? {} : { quantity: o.quantity as QuantityLots }),
        },
        at(time),
      )
  }
}

// ---------------------------------------------------------------------------------------------
// The reference model.

interface RefOrder {
  readonly order: MatchOrder
  price: number
  quantity: number
  filled: number
  arrival: number
}

interface RefStop {
  order: MatchOrder
  stopPrice: number
  extreme: number
  readonly arrival: number
  firedAt: number
}

function fires(side: Side, stopPrice: number, price: number): boolean {
  return side === 'buy' ? price >= stopPrice : price <= stopPrice
}

function trail(s: RefStop, price: number): number {
  const t = s.order.trailing!
  const buy = s.order.side === 'buy'
  if (t.kind === 'ticks') return buy ? price + t.ticks : price - t.ticks
  return buy
    ? Math.ceil((price * (10_000 + t.basisPoints)) / 10_000)
    : Math.floor((price * (10_000 - t.basisPoints)) / 10_000)
}

class ReferenceBook {
  resting: RefOrder[] = []
  stops: RefStop[] = []
  fired: RefStop[] = []
  last = Number.NaN
  arrival = 0
  events: string[] = []

  submit(o: MatchOrder): void {
    if (
      this.resting.some((r) => r.order.orderId === o.orderId) ||
      this.stops.some((s) => s.order.orderId === o.orderId)
    ) {
      this.events.push(`rejected ${o.orderId} duplicate-order-id`)
      return
    }
    if (o.type === 'market' || o.type === 'limit') this.enter(o, o.type, false)
    else {
      let stopPrice = o.stopPrice
      if (stopPrice === undefined) {
        if (Number.isNaN(this.last)) {
          this.events.push(`rejected ${o.orderId} no-reference-price`)
          return
        }
        stopPrice = trail(
          { order: o, stopPrice: 0, extreme: 0, arrival: 0, firedAt: 0 },
          this.last,
        ) as PriceTicks
      }
      this.events.push(`accepted ${o.orderId}`)
      const s: RefStop = {
        order: o,
        stopPrice,
        extreme: this.last,
        arrival: ++this.arrival,
        firedAt: Number.NaN,
      }
      if (!Number.isNaN(this.last) && fires(o.side, stopPrice, this.last)) {
        s.firedAt = this.last
        this.fired.push(s)
      } else this.stops.push(s)
    }
    this.drain()
  }

  cancel(id: string): void {
    const r = this.resting.find((x) => x.order.orderId === id)
    const s = this.stops.find((x) => x.order.orderId === id)
    if (r !== undefined) {
      this.resting = this.resting.filter((x) => x !== r)
      this.events.push(`cancelled ${id} requested ${r.quantity - r.filled}`)
    } else if (s !== undefined) {
      this.stops = this.stops.filter((x) => x !== s)
      this.events.push(`cancelled ${id} requested ${s.order.quantity}`)
    } else this.events.push(`cancel-rejected ${id} unknown-order`)
  }

  replace(id: string, price: number | undefined, quantity: number | undefined): void {
    const r = this.resting.find((x) => x.order.orderId === id)
    const s = this.stops.find((x) => x.order.orderId === id)
    if (s !== undefined) {
      if (price !== undefined && s.order.type !== 'stop-limit') return // the engine throws; scenarios skip it
      s.order = {
        ...s.order,
        quantity: (quantity ?? s.order.quantity) as QuantityLots,
        ...(price === undefined ? {} : { price: price as PriceTicks }),
      }
      this.events.push(`replaced ${id} kept ${s.order.quantity}`)
      return
    }
    if (r === undefined) {
      this.events.push(`replace-rejected ${id} unknown-order`)
      return
    }
    const newQuantity = quantity ?? r.quantity
    const newPrice = price ?? r.price
    if (newQuantity <= r.filled) {
      this.resting = this.resting.filter((x) => x !== r)
      this.events.push(`cancelled ${id} replaced-below-filled ${r.quantity - r.filled}`)
      return
    }
    if (newPrice === r.price && newQuantity <= r.quantity) {
      r.quantity = newQuantity
      this.events.push(`replaced ${id} kept ${newQuantity}`)
      return
    }
    const buy = r.order.side === 'buy'
    const crosses = this.resting.some(
      (x) => x.order.side !== r.order.side && (buy ? x.price <= newPrice : x.price >= newPrice),
    )
    if (r.order.postOnly === true && crosses) {
      this.events.push(`replace-rejected ${id} post-only-would-cross`)
      return
    }
    this.resting = this.resting.filter((x) => x !== r)
    this.events.push(`replaced ${id} lost ${newQuantity}`)
    r.price = newPrice
    r.quantity = newQuantity
    const stpCancelled = this.take(r, newPrice)
    if (r.filled === r.quantity) {
      // done
    } else if (stpCancelled)
      this.events.push(`cancelled ${id} self-trade-prevention ${r.quantity - r.filled}`)
    else {
      r.arrival = ++this.arrival
      this.resting.push(r)
    }
    this.drain()
  }

  enter(o: MatchOrder, as: 'market' | 'limit', triggered: boolean): void {
    const buy = o.side === 'buy'
    const limitPrice = as === 'market' ? (buy ? Infinity : -Infinity) : o.price!
    const crossing = this.crossing(o.side, limitPrice)
    if (o.postOnly === true && crossing.length > 0) {
      this.events.push(`rejected ${o.orderId} post-only-would-cross`)
      return
    }
    const stp = o.selfTradePrevention ?? 'cancel-taker'
    if (o.timeInForce === 'FOK') {
      let available = 0
      for (const r of crossing) {
        if (r.order.ownerId === o.ownerId) {
          if (stp === 'cancel-maker') continue
          break
        }
        available += r.quantity - r.filled
      }
      if (available < o.quantity) {
        this.events.push(
          `${triggered ? 'cancelled' : 'rejected'} ${o.orderId} fok-cannot-fill${triggered ? ` ${o.quantity}` : ''}`,
        )
        return
      }
    }
    if (!triggered) this.events.push(`accepted ${o.orderId}`)
    const taker: RefOrder = { order: o, price: limitPrice, quantity: o.quantity, filled: 0, arrival: 0 }
    const stpCancelled = this.take(taker, limitPrice)
    const left = taker.quantity - taker.filled
    if (left === 0) return
    if (stpCancelled) this.events.push(`cancelled ${o.orderId} self-trade-prevention ${left}`)
    else if (as === 'market') this.events.push(`cancelled ${o.orderId} no-liquidity ${left}`)
    else if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK')
      this.events.push(`cancelled ${o.orderId} ioc-remainder ${left}`)
    else {
      taker.arrival = ++this.arrival
      this.resting.push(taker)
    }
  }

  crossing(side: Side, limitPrice: number): RefOrder[] {
    const buy = side === 'buy'
    return this.resting
      .filter((r) => r.order.side !== side && (buy ? r.price <= limitPrice : r.price >= limitPrice))
      .sort((a, b) => (buy ? a.price - b.price : b.price - a.price) || a.arrival - b.arrival)
  }

  /** Returns true if self-trade prevention cancelled the taker. */
  take(taker: RefOrder, limitPrice: number): boolean {
    const stp = taker.order.selfTradePrevention ?? 'cancel-taker'
    for (const r of this.crossing(taker.order.side, limitPrice)) {
      if (taker.filled === taker.quantity) break
      if (r.order.ownerId === taker.order.ownerId) {
        if (stp !== 'cancel-taker') {
          this.resting = this.resting.filter((x) => x !== r)
          this.events.push(`cancelled ${r.order.orderId} self-trade-prevention ${r.quantity - r.filled}`)
        }
        if (stp !== 'cancel-maker') return true
        continue
      }
      const q = Math.min(taker.quantity - taker.filled, r.quantity - r.filled)
      r.filled += q
      taker.filled += q
      this.events.push(`fill ${r.order.orderId}→${taker.order.orderId} ${r.price}×${q}`)
      if (r.filled === r.quantity) this.resting = this.resting.filter((x) => x !== r)
      this.trade(r.price)
    }
    return false
  }

  trade(price: number): void {
    const move = price - this.last
    this.last = price
    const batch: RefStop[] = []
    for (const s of this.stops) {
      if (s.order.type === 'trailing-stop') {
        const better = s.order.side === 'sell' ? !(price <= s.extreme) : !(price >= s.extreme)
        if (better) {
          s.extreme = price
          const moved = trail(s, price)
          s.stopPrice = s.order.side === 'sell' ? Math.max(s.stopPrice, moved) : Math.min(s.stopPrice, moved)
        }
      }
      if (fires(s.order.side, s.stopPrice, price)) batch.push(s)
    }
    this.stops = this.stops.filter((s) => !batch.includes(s))
    batch.sort(
      (a, b) =>
        (move > 0 ? a.stopPrice - b.stopPrice : move < 0 ? b.stopPrice - a.stopPrice : 0) ||
        a.arrival - b.arrival,
    )
    for (const s of batch) {
      s.firedAt = price
      this.fired.push(s)
    }
  }

  drain(): void {
    for (let i = 0; i < this.fired.length; i++) {
      const s = this.fired[i]!
      this.events.push(`triggered ${s.order.orderId} ${s.stopPrice} at ${s.firedAt}`)
      this.enter(s.order, s.order.type === 'stop-limit' ? 'limit' : 'market', true)
    }
    this.fired = []
  }
}

function describeAction(a: MatchAction): string {
  switch (a.kind) {
    case 'fill':
      return `fill ${a.maker.orderId}→${a.taker.orderId} ${a.price}×${a.quantity}`
    case 'accepted':
      return `accepted ${a.orderId}`
    case 'rejected':
    case 'cancel-rejected':
    case 'replace-rejected':
      return `${a.kind} ${a.orderId} ${a.reason}`
    case 'cancelled':
    case 'expired':
      return `${a.kind} ${a.orderId} ${a.reason} ${a.cancelledQuantity}`
    case 'triggered':
      return `triggered ${a.orderId} ${a.stopPrice} at ${a.lastPrice}`
    case 'replaced':
      return `replaced ${a.orderId} ${a.keptPriority ? 'kept' : 'lost'} ${a.quantity}`
  }
}

/** A replace of a price on a waiting stop-market is misuse (the engine throws); scenarios leave it out. */
function isMisuse(e: MatchingEngine, o: Op): boolean {
  if (o.kind !== 'replace' || o.price === undefined) return false
  const live = e.order(orderId(`o${o.target}`))
  return live?.state === 'waiting-for-trigger' && live.price === undefined
}

// ---------------------------------------------------------------------------------------------

describe('MatchingEngine properties', () => {
  it('produces exactly the actions of the reference model', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const e = new MatchingEngine({ notionalUnits: (p, q) => BigInt(p) * BigInt(q) })
        const ref = new ReferenceBook()
        ops.forEach((o, time) => {
          if (isMisuse(e, o)) return
          const got = apply(e, o, time).map(describeAction)
          ref.events = []
          if (o.kind === 'submit') ref.submit(o.order)
          else if (o.kind === 'cancel') ref.cancel(`o${o.target}`)
          else ref.replace(`o${o.target}`, o.price, o.quantity)
          expect(got).toEqual(ref.events)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('keeps every invariant money depends on', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const e = new MatchingEngine({
          notionalUnits: (p, q) => BigInt(p) * BigInt(q),
          fees: { makerBasisPoints: -1.5, takerBasisPoints: 4 },
        })
        const quantityOf = new Map<string, number>()
        const filledOf = new Map<string, number>()
        const stopOf = new Map<string, number>()
        // Σ accepted + Σ replace deltas − Σ fills (both sides) − Σ cancelled/expired = resting + waiting.
        let ledger = 0
        let lastSequence = 0
        ops.forEach((o, time) => {
          if (isMisuse(e, o)) return
          const before = o.kind === 'submit' ? e.book.sideOrders(o.order.side === 'buy' ? 'sell' : 'buy') : []
          const actions = apply(e, o, time)
          const takerFills: string[] = []
          let takerFilled = 0
          for (const a of actions) {
            expect(a.sequence, 'sequence strictly increases').toBeGreaterThan(lastSequence)
            lastSequence = a.sequence
            switch (a.kind) {
              case 'accepted':
                quantityOf.set(a.orderId, a.quantity)
                filledOf.set(a.orderId, 0)
                if (a.stopPrice !== undefined) stopOf.set(a.orderId, a.quantity)
                ledger += a.quantity
                break
              case 'replaced': {
                ledger += a.quantity - quantityOf.get(a.orderId)!
                quantityOf.set(a.orderId, a.quantity)
                expect(a.remainingQuantity).toBe(a.quantity - filledOf.get(a.orderId)!)
                break
              }
              case 'fill': {
                expect(a.maker.ownerId, 'no self-trade').not.toBe(a.taker.ownerId)
                expect(a.quantity).toBeGreaterThan(0)
                expect(a.maker.side).not.toBe(a.taker.side)
                for (const party of [a.maker, a.taker]) {
                  const previous = filledOf.get(party.orderId)!
                  expect(party.filledQuantity, 'filled moves by the fill quantity').toBe(
                    previous + a.quantity,
                  )
                  expect(party.filledQuantity, 'never beyond the order').toBeLessThanOrEqual(
                    quantityOf.get(party.orderId)!,
                  )
                  expect(party.remainingQuantity).toBe(quantityOf.get(party.orderId)! - party.filledQuantity)
                  filledOf.set(party.orderId, party.filledQuantity)
                }
                expect(a.taker.fee, 'taker fee ≥ 4 bp, rounded up').toBe(
                  (BigInt(a.price * a.quantity) * 400n + 999_999n) / 1_000_000n,
                )
                expect(a.maker.fee, 'maker rebate, toward zero').toBe(
                  -((BigInt(a.price * a.quantity) * 150n) / 1_000_000n),
                )
                ledger -= 2 * a.quantity
                if (o.kind === 'submit' && a.taker.orderId === o.order.orderId) {
                  takerFills.push(a.maker.orderId)
                  takerFilled += a.quantity
                  expect(o.order.postOnly, 'post-only never takes').not.toBe(true)
                }
                break
              }
              case 'cancelled':
              case 'expired':
                ledger -= a.cancelledQuantity
                break
              case 'rejected':
              case 'triggered':
              case 'cancel-rejected':
              case 'replace-rejected':
                break
            }
          }
          const bid = e.book.bestBid()
          const ask = e.book.bestAsk()
          if (bid !== undefined && ask !== undefined) expect(bid, 'never crossed').toBeLessThan(ask)
          let resting = 0
          for (const side of ['buy', 'sell'] as const) {
            const orders = e.book.sideOrders(side)
            const sum = orders.reduce((s, r) => s + r.remainingQuantity, 0)
            expect(sum, 'side total is the sum of its orders').toBe(
              side === 'buy' ? e.book.bids.quantity : e.book.asks.quantity,
            )
            for (const r of orders) expect(r.remainingQuantity).toBeGreaterThan(0)
            resting += sum
          }
          let waiting = 0
          for (const [id] of stopOf) {
            const live = e.order(orderId(id))
            if (live?.state === 'waiting-for-trigger') waiting += live.quantity
          }
          expect(resting + waiting, 'conservation: submitted − filled − cancelled').toBe(ledger)
          if (o.kind === 'submit') {
            const { order } = o
            if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK' || order.type === 'market') {
              expect(e.book.has(order.orderId), 'IOC, FOK and market never rest').toBe(false)
            }
            if (order.timeInForce === 'FOK' && order.type !== 'stop' && order.type !== 'stop-limit') {
              expect([0, order.quantity], 'FOK fills fully or not at all').toContain(takerFilled)
            }
            // Price-time priority: the incoming order's makers are the book's front, in book order,
            // skipping only orders that self-trade prevention cancelled.
            const stpCancelled = new Set(
              actions.flatMap((a) =>
                a.kind === 'cancelled' && a.reason === 'self-trade-prevention' ? [a.orderId] : [],
              ),
            )
            const front = before.map((r) => r.orderId).filter((id) => !stpCancelled.has(id))
            const distinct = takerFills.filter((id, i) => takerFills.indexOf(id) === i)
            expect(distinct, 'fills in price-time order').toEqual(front.slice(0, distinct.length))
          }
        })
      }),
      { numRuns: 300 },
    )
  })
})
