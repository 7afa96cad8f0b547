/**
 * The simulated exchange: a venue backed by the matching engine, one book per instrument, with
 * configurable latency. It is what a backtest trades against when it wants a real book — queue
 * position, partial fills, price improvement, self-trade prevention — rather than the paper
 * venue's fills against bars.
 *
 * Our orders arrive through the `Venue` interface (owner `account`); other participants' orders
 * — scripted counterparties in tests, replayed market-by-order data in a backtest — through
 * `submitExternal`, so our resting orders fill when someone else takes them.
 *
 * Latency. A command reaches the book `submitLatencyMs` after it was sent, and each report
 * reaches the order manager `reportLatencyMs` after the book produced it. Both default to 0, in
 * which case everything happens inside the call (the in-process path the latency benchmark
 * measures). With latency, events wait in a queue ordered by (time, arrival) and run when the
 * backtest calls `advanceTo(time)`; the exchange reads the time of a command from the clock.
 *
 * Cost: with no latency a command and its reports allocate only what they hand on (the book's
 * order, the engine's actions, the reports); the closures that wait in the queue exist only
 * when there is latency to wait for.
 */
import type { OrderId } from '../../domain/ids.ts'
import type { Instrument, InstrumentId, PriceTicks } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { Clock } from '../clock.ts'
import type { FeeSchedule } from '../matching/fees.ts'
import type { FillParty, MatchAction } from '../matching/match-actions.ts'
import type { MatchOrder } from '../matching/match-order.ts'
import { MatchingEngine } from '../matching/matching-engine.ts'
import type { Order } from '../orders/order.ts'
import type { ExecutionReport, ReplaceChanges, Venue, VenueHistory } from '../venue.ts'
import { notionalUnitsOf } from './fees.ts'
import { TradeIdSequence } from './trade-id-sequence.ts'

export interface SimulatedExchangeOptions {
  readonly instruments: readonly Instrument[]
  readonly clock: Clock
  readonly fees?: FeeSchedule
  readonly submitLatencyMs?: number
  readonly reportLatencyMs?: number
  /** The owner id our orders carry in the book (self-trade prevention works per owner). */
  readonly account?: string
  readonly name?: string
}

interface Scheduled {
  readonly time: number
  readonly order: number
  readonly run: () => void
}

export class SimulatedExchange implements Venue {
  readonly name: string
  readonly #engines = new Map<InstrumentId, MatchingEngine>()
  readonly #clock: Clock
  readonly #submitLatency: number
  readonly #reportLatency: number
  readonly #account: string
  readonly #listeners: ((report: ExecutionReport) => void)[] = []
  /**
   * Our orders: id → the order as sent, for routing reports by its instrument and client id. It
   * is the sender's object, not a copy: those two fields never change, and the terms the book
   * needs are copied into the book's order when it is sent.
   */
  readonly #ours = new Map<OrderId, Readonly<Order>>()
  readonly #queue: Scheduled[] = []
  /** One count across every book: each book's own sequence would repeat the others' ids. */
  readonly #tradeIds: TradeIdSequence
  #arrivals = 0
  #now = 0

  constructor(options: SimulatedExchangeOptions) {
    this.name = options.name ?? 'simulated'
    this.#clock = options.clock
    this.#submitLatency = options.submitLatencyMs ?? 0
    this.#reportLatency = options.reportLatencyMs ?? 0
    this.#account = options.account ?? 'account'
    this.#tradeIds = new TradeIdSequence(this.name)
    for (const instrument of options.instruments) {
      this.#engines.set(
        instrument.id,
        new MatchingEngine({
          notionalUnits: notionalUnitsOf(instrument),
          ...(options.fees === undefined ? {} : { fees: options.fees }),
        }),
      )
    }
  }

  onReport(listener: (report: ExecutionReport) => void): void {
    this.#listeners.push(listener)
  }

  /**
   * After a restart, trade ids continue after the journal's. The books start empty: orders that
   * rested before the restart died with the old process, and cancelling one is refused as unknown.
   */
  resume(history: VenueHistory): void {
    this.#tradeIds.resume(history.fills)
  }

  /** The book of one instrument (best bid and ask, depth), for strategies and tests. */
  engine(instrument: InstrumentId): MatchingEngine | undefined {
    return this.#engines.get(instrument)
  }

  lastTradePrice(instrument: InstrumentId): PriceTicks | undefined {
    return this.#engines.get(instrument)?.lastTradePrice
  }

  /**
   * The price risk checks value orders at: the last trade, or before any trade the middle of the
   * best bid and ask (rounded down to a tick), or the one side quoted.
   */
  referencePrice(instrument: InstrumentId): PriceTicks | undefined {
    const engine = this.#engines.get(instrument)
    if (engine === undefined) return undefined
    const last = engine.lastTradePrice
    if (last !== undefined) return last
    const bid = engine.book.bestBid()
    const ask = engine.book.bestAsk()
    if (bid !== undefined && ask !== undefined) return Math.floor((bid + ask) / 2) as PriceTicks
    return bid ?? ask
  }

  submit(order: Readonly<Order>): void {
    const engine = this.#engines.get(order.instrumentId)
    const sent = this.#clock.now()
    if (engine === undefined) {
      this.#report(sent, {
        kind: 'rejected',
        orderId: order.orderId,
        code: 'unknown-instrument',
        reason: `${order.instrumentId} is not listed on ${this.name}`,
        time: sent,
      })
      return
    }
    const match = toMatchOrder(order, this.#account)
    this.#ours.set(order.orderId, order)
    if (this.#submitLatency === 0) {
      this.#apply(engine.submit(match, this.#arrival(sent)))
      return
    }
    this.#after(sent, this.#submitLatency, (time) => {
      this.#apply(engine.submit(match, time))
    })
  }

  cancel(orderId: OrderId): void {
    const engine = this.#engineOf(orderId)
    const sent = this.#clock.now()
    if (engine === undefined) {
      this.#report(sent, {
        kind: 'cancel-rejected',
        orderId,
        reason: 'unknown order',
        time: sent,
      })
      return
    }
    if (this.#submitLatency === 0) {
      this.#apply(engine.cancel(orderId, this.#arrival(sent)))
      return
    }
    this.#after(sent, this.#submitLatency, (time) => {
      this.#apply(engine.cancel(orderId, time))
    })
  }

  replace(orderId: OrderId, changes: ReplaceChanges): void {
    const engine = this.#engineOf(orderId)
    const sent = this.#clock.now()
    if (engine === undefined) {
      this.#report(sent, {
        kind: 'replace-rejected',
        orderId,
        reason: 'unknown order',
        time: sent,
      })
      return
    }
    if (this.#submitLatency === 0) {
      this.#apply(engine.replace(orderId, changes, this.#arrival(sent)))
      return
    }
    this.#after(sent, this.#submitLatency, (time) => {
      this.#apply(engine.replace(orderId, changes, time))
    })
  }

  /** Another participant's order, entering the book now (no latency: it is already there). */
  submitExternal(instrument: InstrumentId, order: MatchOrder): readonly MatchAction[] {
    const engine = this.#engines.get(instrument)
    if (engine === undefined) throw new RangeError(`${instrument} is not listed on ${this.name}`)
    const actions = engine.submit(order, this.#clock.now())
    this.#apply(actions)
    return actions
  }

  /** Cancels another participant's order. */
  cancelExternal(instrument: InstrumentId, orderId: OrderId): readonly MatchAction[] {
    const engine = this.#engines.get(instrument)
    if (engine === undefined) throw new RangeError(`${instrument} is not listed on ${this.name}`)
    const actions = engine.cancel(orderId, this.#clock.now())
    this.#apply(actions)
    return actions
  }

  /** Runs every queued event due by `time`, in time order (then arrival order); expires GTD orders. */
  advanceTo(time: number): void {
    for (;;) {
      const next = this.#queue[0]
      if (next === undefined || next.time > time) break
      this.#queue.shift()
      this.#now = Math.max(this.#now, next.time)
      next.run()
    }
    this.#now = Math.max(this.#now, time)
    for (const engine of this.#engines.values()) this.#apply(engine.expire(this.#now as UnixMillis))
  }

  /** Events waiting for their time (commands in flight, reports on their way). */
  get pendingEvents(): number {
    return this.#queue.length
  }

  /** Ends the trading session: DAY orders expire. */
  endSession(): void {
    const time = this.#clock.now()
    for (const engine of this.#engines.values()) this.#apply(engine.endSession(time))
  }

  #engineOf(orderId: OrderId): MatchingEngine | undefined {
    const order = this.#ours.get(orderId)
    return order === undefined ? undefined : this.#engines.get(order.instrumentId)
  }

  /** When a command sent at `sent` with no latency reaches the book: never before events already run. */
  #arrival(sent: number): UnixMillis {
    return Math.max(sent, this.#now) as UnixMillis
  }

  /** Runs `run` at sent + delay: at once when there is no delay, else from the queue. */
  #after(sent: number, delay: number, run: (time: UnixMillis) => void): void {
    if (delay === 0) {
      run(this.#arrival(sent))
      return
    }
    const time = sent + delay
    this.#enqueue(time, () => {
      run(time as UnixMillis)
    })
  }

  #enqueue(time: number, run: () => void): void {
    const entry = { time, order: this.#arrivals++, run }
    let at = this.#queue.length
    while (at > 0 && this.#queue[at - 1]!.time > time) at--
    this.#queue.splice(at, 0, entry)
  }

  /** Turns the engine's actions on our orders into execution reports. */
  #apply(actions: readonly MatchAction[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'accepted':
          if (this.#ours.has(action.orderId))
            this.#report(action.time, { kind: 'accepted', orderId: action.orderId, time: action.time })
          break
        case 'rejected':
          if (this.#ours.has(action.orderId))
            this.#report(action.time, {
              kind: 'rejected',
              orderId: action.orderId,
              code: action.reason,
              reason: action.message,
              time: action.time,
            })
          break
        case 'fill':
          if (this.#ours.has(action.maker.orderId)) this.#fill(action, action.maker)
          if (this.#ours.has(action.taker.orderId)) this.#fill(action, action.taker)
          break
        case 'cancelled':
          if (this.#ours.has(action.orderId))
            this.#report(action.time, {
              kind: 'cancelled',
              orderId: action.orderId,
              reason: action.reason,
              time: action.time,
            })
          break
        case 'expired':
          if (this.#ours.has(action.orderId))
            this.#report(action.time, { kind: 'expired', orderId: action.orderId, time: action.time })
          break
        case 'replaced':
          if (this.#ours.has(action.orderId))
            this.#report(action.time, {
              kind: 'replaced',
              orderId: action.orderId,
              quantity: action.quantity,
              ...(action.price === undefined ? {} : { price: action.price }),
              time: action.time,
            })
          break
        case 'cancel-rejected':
        case 'replace-rejected':
          if (this.#ours.has(action.orderId))
            this.#report(action.time, {
              kind: action.kind,
              orderId: action.orderId,
              reason: action.message,
              time: action.time,
            })
          break
        case 'triggered':
          break
      }
    }
  }

  #fill(action: Extract<MatchAction, { kind: 'fill' }>, party: FillParty): void {
    const order = this.#ours.get(party.orderId)!
    this.#report(action.time, {
      kind: 'fill',
      fill: {
        venue: this.name,
        tradeId: this.#tradeIds.next(),
        orderId: party.orderId,
        clientOrderId: order.clientOrderId,
        instrumentId: order.instrumentId,
        side: party.side,
        price: action.price,
        quantity: action.quantity,
        fee: party.fee,
        liquidity: party.liquidity,
        time: action.time,
      },
    })
  }

  #report(at: number, report: ExecutionReport): void {
    if (this.#reportLatency === 0) {
      for (const listener of this.#listeners) listener(report)
      return
    }
    this.#enqueue(at + this.#reportLatency, () => {
      for (const listener of this.#listeners) listener(report)
    })
  }
}

/**
 * Our order as the book takes it. The optional fields are set one by one rather than spread from
 * conditional objects, which would allocate and drop an object per field.
 */
export function toMatchOrder(order: Readonly<Order>, ownerId: string): MatchOrder {
  const match: { -readonly [K in keyof MatchOrder]: MatchOrder[K] } = {
    orderId: order.orderId,
    ownerId,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    quantity: order.quantity,
  }
  if (order.price !== undefined) match.price = order.price
  if (order.stopPrice !== undefined) match.stopPrice = order.stopPrice
  if (order.trailing !== undefined) match.trailing = order.trailing
  if (order.expireAt !== undefined) match.expireAt = order.expireAt
  if (order.postOnly !== undefined) match.postOnly = order.postOnly
  return match
}
