/**
 * The order manager: the one place orders live. Strategies submit, cancel and replace through it;
 * it validates, asks the risk engine, journals, routes to the venue, and turns the venue's
 * reports into state changes and events.
 *
 * Guarantees:
 * - a client order id is an idempotency key: submitting it again returns the existing order and
 *   sends nothing;
 * - every command and every report is appended to the journal before it is acted on, so a
 *   restart replays to the same state (see `replay`);
 * - every state change goes through the lifecycle table (orders/order-state-machine.ts); a report
 *   the table refuses — a fill on a cancelled order, a second acceptance — leaves the order as it
 *   was, flags it and publishes a `flagged` event;
 * - a fill is applied once per venue and trade id (venues resend after reconnecting), and never
 *   beyond the order's quantity; a repeated trade id with other content is refused, the order it
 *   names flagged and a `conflicting-fill` event published (fill-identity.ts);
 * - when the kill switch trips, every working order is cancelled;
 * - everything else that decides what may trade — kill-switch trips and resets, halts, risk-limit
 *   changes, marks, the order-rate window — is journaled too and comes back on replay.
 *
 * Synchronous by design: a simulated venue answers inside `submit`, and the whole path
 * submit → risk → venue → fill → portfolio runs on one call stack, which is what makes backtests
 * deterministic and the in-process latency small.
 */
import { TradePulseError } from '../domain/errors.ts'
import { type ClientOrderId, type OrderId, orderId as toOrderId } from '../domain/ids.ts'
import type { InstrumentId, PriceTicks } from '../domain/instrument.ts'
import type { Clock } from './clock.ts'
import type { EventBus } from './event-bus.ts'
import { AppliedFills, fillFingerprint, sameFill } from './fill-identity.ts'
import type { JournalRecord, RecordSink } from './journal-record.ts'
import type { ExecutionTopics, OrderEvent } from './order-events.ts'
import { type Order, type OrderRequest, validateOrderRequest } from './orders/order.ts'
import { type OrderEventKind, isWorking, transition } from './orders/order-state-machine.ts'
import type { KillSwitch, KillSwitchEntry } from './risk/kill-switch.ts'
import type { RiskEngine } from './risk/risk-engine.ts'
import type { RiskView } from './risk/risk-view.ts'
import type { TradingHalts } from './risk/trading-halts.ts'
import type { Fill, Mark, Side } from './types.ts'
import type { ExecutionReport, ReplaceChanges, Venue } from './venue.ts'

export interface OrderManagerOptions {
  readonly clock: Clock
  readonly venue: Venue
  readonly risk: RiskEngine
  readonly killSwitch: KillSwitch
  /** Instruments halted; the order manager journals and publishes every change. */
  readonly halts: TradingHalts
  /** The account as the risk engine sees it; usually built from this manager and the portfolio. */
  readonly riskView: (manager: OrderManager) => RiskView
  readonly journal: RecordSink
  readonly bus: EventBus<ExecutionTopics>
  /** Prefix of generated order ids, so ids from different runs never collide. */
  readonly idPrefix?: string
}

export type SubmitResult =
  | { readonly ok: true; readonly order: Readonly<Order>; readonly duplicate: boolean }
  | { readonly ok: false; readonly order: Readonly<Order>; readonly code: string; readonly reason: string }

export class OrderManager {
  readonly #clock: Clock
  readonly #venue: Venue
  readonly #risk: RiskEngine
  readonly #killSwitch: KillSwitch
  readonly #halts: TradingHalts
  readonly #view: RiskView
  readonly #journal: RecordSink
  readonly #bus: EventBus<ExecutionTopics>
  readonly #prefix: string
  readonly #orders = new Map<OrderId, Order>()
  readonly #byClientId = new Map<ClientOrderId, Order>()
  /** The orders still working, kept as statuses change, so the risk checks never walk the history. */
  readonly #working = new Map<OrderId, Order>()
  /**
   * Remaining lots of the working orders per instrument and side, kept as orders change: the risk
   * engine asks at every submission, and a book of thousands of resting orders must not make each
   * submission walk all of them.
   */
  readonly #workingLots = new Map<string, number>()
  /** Every fill applied, by venue and trade id: a repeat is compared with the first. */
  readonly #fills = new AppliedFills<Fill>()
  #sequence = 0
  /** While replaying, nothing is sent to the venue and nothing is journaled again. */
  #replaying = false

  constructor(options: OrderManagerOptions) {
    this.#clock = options.clock
    this.#venue = options.venue
    this.#risk = options.risk
    this.#killSwitch = options.killSwitch
    this.#halts = options.halts
    this.#journal = options.journal
    this.#bus = options.bus
    this.#prefix = options.idPrefix ?? 'O'
    this.#view = options.riskView(this)
    this.#venue.onReport((report) => {
      this.#onReport(report)
    })
    this.#killSwitch.onChange((entry) => {
      this.#onKillSwitch(entry)
    })
    this.#halts.onChange((entry) => {
      this.#write({ type: 'halt', entry })
      this.#bus.publish('halt', entry)
    })
    this.#risk.onLimitsChange((entry) => {
      this.#write({ type: 'risk-limits', entry })
      this.#bus.publish('risk-limits', entry)
    })
  }

  /** True while `replay` runs: listeners must not send commands for events being replayed. */
  get replaying(): boolean {
    return this.#replaying
  }

  order(id: OrderId): Readonly<Order> | undefined {
    return this.#orders.get(id)
  }

  orderByClientId(id: ClientOrderId): Readonly<Order> | undefined {
    return this.#byClientId.get(id)
  }

  /** Every order in submission order. */
  orders(): readonly Readonly<Order>[] {
    return [...this.#orders.values()]
  }

  workingOrders(): readonly Readonly<Order>[] {
    return [...this.#working.values()]
  }

  /** Remaining lots of working orders on one side of one instrument (for the risk engine). */
  workingQuantity(instrument: InstrumentId, side: Side): number {
    return this.#workingLots.get(workingKey(instrument, side)) ?? 0
  }

  openOrderCount(): number {
    return this.#working.size
  }

  /**
   * Submits an order: validated (EXECUTION_INVALID_ORDER is thrown for a malformed request),
   * de-duplicated by client order id, risk-checked (a refusal is returned, journaled and
   * published, not thrown), journaled, then sent to the venue.
   */
  submit(request: OrderRequest): SubmitResult {
    const existing = this.#byClientId.get(request.clientOrderId)
    if (existing !== undefined) return { ok: true, order: existing, duplicate: true }
    validateOrderRequest(request)
    const now = this.#clock.now()
    const order: Order = {
      ...request,
      orderId: toOrderId(`${this.#prefix}-${++this.#sequence}`),
      status: 'pending-new',
      workingStatus: 'pending-new',
      filledQuantity: 0,
      filledNotionalTicks: 0n,
      createdAt: now,
      updatedAt: now,
    }
    const decision = this.#risk.check(request, this.#view, now)
    if (!decision.ok) {
      order.status = 'rejected'
      this.#write({ type: 'risk-reject', order: { ...order }, code: decision.code, reason: decision.message })
      this.#remember(order)
      if (this.#observed)
        this.#publish({
          kind: 'rejected',
          order: { ...order },
          code: decision.code,
          reason: decision.message,
        })
      return { ok: false, order, code: decision.code, reason: decision.message }
    }
    this.#write({ type: 'submit', order: { ...order } })
    this.#remember(order)
    if (this.#observed) this.#publish({ kind: 'submitted', order: { ...order } })
    this.#send(order, 'submit')
    return { ok: true, order, duplicate: false }
  }

  /** Asks the venue to cancel a working order. Cancelling a finished order is a no-op returning false. */
  cancel(id: OrderId): boolean {
    const order = this.#require(id)
    if (!this.#apply(order, 'request-cancel')) return false
    this.#write({ type: 'cancel-request', orderId: id, time: this.#clock.now() })
    if (this.#observed) this.#publish({ kind: 'pending-cancel', order: { ...order } })
    this.#send(order, 'cancel')
    return true
  }

  /** Asks the venue to change price and/or quantity; the filled part is kept. */
  replace(id: OrderId, changes: ReplaceChanges): boolean {
    const order = this.#require(id)
    const quantity = changes.quantity ?? order.quantity
    validateOrderRequest({
      ...order,
      quantity,
      ...(changes.price === undefined ? {} : { price: changes.price }),
    })
    if (quantity <= order.filledQuantity) {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `order ${id}: new quantity ${quantity} is not above the filled ${order.filledQuantity}; cancel instead`,
        { field: 'quantity' },
      )
    }
    if (!this.#apply(order, 'request-replace')) return false
    this.#write({ type: 'replace-request', orderId: id, changes, time: this.#clock.now() })
    if (this.#observed) this.#publish({ kind: 'pending-replace', order: { ...order } })
    this.#send(order, 'replace', changes)
    return true
  }

  /**
   * Marks an instrument at a price: journaled, published on `mark` (the core's portfolio
   * revalues the position), then the loss limits are evaluated, as after a fill. Journaled because
   * marks move the equity peak and the day's PnL, which decide when the kill switch trips. The
   * instrument must be one the portfolio holds — `ExecutionCore.mark` checks before calling — or
   * the journal would hold a mark no replay could apply.
   */
  mark(instrumentId: InstrumentId, price: PriceTicks): void {
    if (!Number.isSafeInteger(price) || price <= 0) {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `mark of ${instrumentId}: price must be a positive whole number of ticks, was ${price}`,
        { field: 'price' },
      )
    }
    const mark: Mark = { instrumentId, price, time: this.#clock.now() }
    this.#write({ type: 'mark', mark })
    this.#bus.publish('mark', mark)
    if (!this.#replaying) this.#risk.evaluateLossLimits(this.#view, mark.time)
  }

  /** Cancels every working order (the kill switch does this). Returns how many were asked. */
  cancelAll(): number {
    let count = 0
    for (const o of [...this.#working.values()]) {
      if (o.status !== 'pending-cancel' && this.cancel(o.orderId)) count++
    }
    return count
  }

  /**
   * Rebuilds state from journal records, in order, through the same code paths as live
   * operation, without sending anything to the venue or journaling again. Fills are published,
   * so a portfolio subscribed to the bus is rebuilt too.
   */
  replay(records: Iterable<JournalRecord>): void {
    this.#replaying = true
    try {
      for (const record of records) this.#replayOne(record)
    } finally {
      this.#replaying = false
    }
  }

  #replayOne(record: JournalRecord): void {
    switch (record.type) {
      case 'submit':
      case 'risk-reject': {
        const order: Order = { ...record.order }
        if (record.type === 'risk-reject') order.status = 'rejected'
        else this.#risk.recordAccepted(order.createdAt)
        this.#remember(order)
        const n = Number(order.orderId.slice(order.orderId.lastIndexOf('-') + 1))
        if (Number.isSafeInteger(n) && n > this.#sequence) this.#sequence = n
        this.#publish(
          record.type === 'submit'
            ? { kind: 'submitted', order: { ...order } }
            : { kind: 'rejected', order: { ...order }, code: record.code, reason: record.reason },
        )
        return
      }
      case 'cancel-request': {
        const order = this.#require(record.orderId)
        if (this.#apply(order, 'request-cancel'))
          this.#publish({ kind: 'pending-cancel', order: { ...order } })
        return
      }
      case 'replace-request': {
        const order = this.#require(record.orderId)
        if (this.#apply(order, 'request-replace'))
          this.#publish({ kind: 'pending-replace', order: { ...order } })
        return
      }
      case 'report':
        this.#onReport(record.report)
        return
      case 'kill-switch': {
        // Through the switch itself, so its state and log come back; its listener (below) neither
        // journals nor cancels during a replay — the cancels it caused are journaled after it.
        const { entry } = record
        if (entry.action === 'trip') this.#killSwitch.trip(entry.time, entry.reason, entry.automatic)
        else this.#killSwitch.reset(entry.time, entry.reason)
        return
      }
      case 'halt': {
        const { entry } = record
        if (entry.action === 'halt') this.#halts.halt(entry.instrumentId, entry.time, entry.reason)
        else this.#halts.resume(entry.instrumentId, entry.time, entry.reason)
        return
      }
      case 'risk-limits': {
        const { entry } = record
        this.#risk.setLimits(entry.scope, entry.limits, entry.time, entry.reason)
        return
      }
      case 'mark':
        this.#bus.publish('mark', record.mark)
        return
    }
  }

  #remember(order: Order): void {
    this.#orders.set(order.orderId, order)
    this.#byClientId.set(order.clientOrderId, order)
    if (isWorking(order.status) && !this.#working.has(order.orderId)) {
      this.#working.set(order.orderId, order)
      this.#addWorkingLots(order, order.quantity - order.filledQuantity)
    }
  }

  #addWorkingLots(order: Order, lots: number): void {
    const key = workingKey(order.instrumentId, order.side)
    this.#workingLots.set(key, (this.#workingLots.get(key) ?? 0) + lots)
  }

  #require(id: OrderId): Order {
    const order = this.#orders.get(id)
    if (order === undefined) throw new TradePulseError('EXECUTION_UNKNOWN_ORDER', `no order ${id}`)
    return order
  }

  #write(record: JournalRecord): void {
    if (!this.#replaying) this.#journal.append(record)
  }

  /**
   * Whether an order event would reach anyone. Each event carries a copy of the order, so the
   * copy and the event are built only when someone subscribes (a backtest often does not).
   */
  get #observed(): boolean {
    return this.#bus.hasSubscribers('order')
  }

  #publish(event: OrderEvent): void {
    this.#bus.publish('order', event)
  }

  /**
   * Sends a command; a venue that throws (disconnected, refused) rejects or reverts the order.
   * The command is named rather than passed as a closure, which would be allocated per order.
   */
  #send(order: Order, command: 'submit' | 'cancel' | 'replace', changes?: ReplaceChanges): void {
    if (this.#replaying) return
    try {
      if (command === 'submit') this.#venue.submit(order)
      else if (command === 'cancel') this.#venue.cancel(order.orderId)
      else this.#venue.replace(order.orderId, changes!)
    } catch (error) {
      const reason = `venue ${this.#venue.name} refused the command: ${error instanceof Error ? error.message : String(error)}`
      const time = this.#clock.now()
      const report: ExecutionReport =
        order.status === 'pending-new'
          ? { kind: 'rejected', orderId: order.orderId, code: 'venue-error', reason, time }
          : order.status === 'pending-cancel'
            ? { kind: 'cancel-rejected', orderId: order.orderId, reason, time }
            : { kind: 'replace-rejected', orderId: order.orderId, reason, time }
      this.#onReport(report)
    }
  }

  /** Applies a lifecycle event; false (and nothing changed) if the table refuses it. */
  #apply(order: Order, event: OrderEventKind): boolean {
    const next = transition(order.status, event, order.workingStatus)
    if (next === undefined) return false
    if (next !== 'pending-cancel' && next !== 'pending-replace') order.workingStatus = next
    order.status = next
    order.updatedAt = this.#clock.now()
    if (!isWorking(next) && this.#working.delete(order.orderId))
      this.#addWorkingLots(order, -(order.quantity - order.filledQuantity))
    return true
  }

  #flag(order: Order, reason: string): void {
    order.flag = reason
    if (this.#observed) this.#publish({ kind: 'flagged', order: { ...order }, reason })
  }

  #onReport(report: ExecutionReport): void {
    const id = report.kind === 'fill' ? report.fill.orderId : report.orderId
    const order = this.#orders.get(id)
    this.#write({ type: 'report', report })
    if (order === undefined) return
    switch (report.kind) {
      case 'accepted':
        if (this.#apply(order, 'accept')) {
          if (this.#observed) this.#publish({ kind: 'accepted', order: { ...order } })
        } else this.#flag(order, `accepted while ${order.status}`)
        return
      case 'rejected':
        if (this.#apply(order, 'reject')) {
          if (this.#observed)
            this.#publish({ kind: 'rejected', order: { ...order }, code: report.code, reason: report.reason })
        } else this.#flag(order, `rejected while ${order.status}`)
        return
      case 'fill':
        this.#onFill(order, report)
        return
      case 'cancelled':
        if (this.#apply(order, 'cancel')) {
          if (this.#observed) this.#publish({ kind: 'cancelled', order: { ...order }, reason: report.reason })
        } else this.#flag(order, `cancelled while ${order.status}`)
        return
      case 'cancel-rejected':
        if (this.#apply(order, 'cancel-reject')) {
          if (this.#observed)
            this.#publish({ kind: 'cancel-rejected', order: { ...order }, reason: report.reason })
        } else this.#flag(order, `cancel rejected while ${order.status}`)
        return
      case 'replaced':
        if (this.#apply(order, 'replace')) {
          if (this.#working.has(order.orderId)) this.#addWorkingLots(order, report.quantity - order.quantity)
          order.quantity = report.quantity
          if (report.price !== undefined) order.price = report.price
          if (this.#observed) this.#publish({ kind: 'replaced', order: { ...order } })
        } else this.#flag(order, `replaced while ${order.status}`)
        return
      case 'replace-rejected':
        if (this.#apply(order, 'replace-reject')) {
          if (this.#observed)
            this.#publish({ kind: 'replace-rejected', order: { ...order }, reason: report.reason })
        } else this.#flag(order, `replace rejected while ${order.status}`)
        return
      case 'expired':
        if (this.#apply(order, 'expire')) {
          if (this.#observed) this.#publish({ kind: 'expired', order: { ...order } })
        } else this.#flag(order, `expired while ${order.status}`)
        return
    }
  }

  #onFill(order: Order, report: Extract<ExecutionReport, { kind: 'fill' }>): void {
    const fill = report.fill
    const first = this.#fills.get(fill.venue, fill.tradeId)
    if (first !== undefined) {
      if (!sameFill(first, fill)) this.#conflict(order, first, fill)
      return
    }
    const quantity: number = fill.quantity
    if (
      !Number.isSafeInteger(quantity) ||
      quantity <= 0 ||
      order.filledQuantity + quantity > order.quantity
    ) {
      this.#flag(
        order,
        `fill ${fill.tradeId} of ${quantity} exceeds the remaining ${order.quantity - order.filledQuantity}`,
      )
      return
    }
    const complete = order.filledQuantity + quantity === order.quantity
    if (!this.#apply(order, complete ? 'fill' : 'partial-fill')) {
      this.#flag(order, `fill ${fill.tradeId} while ${order.status}`)
      return
    }
    this.#fills.add(fill.venue, fill.tradeId, fill)
    order.filledQuantity += quantity
    if (this.#working.has(order.orderId)) this.#addWorkingLots(order, -quantity)
    order.filledNotionalTicks += BigInt(fill.price) * BigInt(quantity)
    this.#bus.publish('fill', fill)
    if (this.#observed)
      this.#publish({ kind: complete ? 'filled' : 'partially-filled', order: { ...order }, fill })
    if (!this.#replaying) this.#risk.evaluateLossLimits(this.#view, this.#clock.now())
  }

  /**
   * A trade id the venue already used, with other content. Applying it could double a trade and
   * ignoring it could lose one, so neither happens silently: the order is flagged and the event
   * carries both fills. The report is already journaled, so a replay reaches the same verdict.
   */
  #conflict(order: Order, first: Fill, fill: Fill): void {
    const reason =
      `fill ${fill.tradeId} from ${fill.venue} conflicts with the fill applied under that trade id: ` +
      `applied ${fillFingerprint(first)}, reported ${fillFingerprint(fill)}`
    order.flag = reason
    this.#publish({ kind: 'conflicting-fill', order: { ...order }, fill, first, reason })
  }

  #onKillSwitch(entry: KillSwitchEntry): void {
    this.#write({ type: 'kill-switch', entry })
    this.#bus.publish('kill-switch', entry)
    if (entry.action === 'trip' && !this.#replaying) this.cancelAll()
  }
}

function workingKey(instrument: InstrumentId, side: Side): string {
  return `${instrument}\u0000${side}`
}
