/**
 * Hosts one strategy instance on an execution core: builds the `StrategyContext` it sees and
 * dispatches its callbacks (bars, order updates, fills, timers). The backtest's event loop
 * (src/backtest/engine/run.ts) and the live loop (src/live) both drive a strategy through this
 * one class, so a strategy decides the same on the same inputs wherever it runs; only the clock,
 * the venue and the loop that calls `bar`, `deliverReports` and `fireTimer` differ.
 *
 * Reports. Order updates and fills published by the core wait `ackMs` (the time from the venue to
 * the strategy) in a FIFO — the clock only moves forward — until the loop delivers them.
 *
 * Bus order. The host subscribes to the core's `fill` and `order` topics when it is built; a loop
 * that records fills or orders itself subscribes before building the host, so a report is
 * recorded before it is queued, and a position target reacts to a finished order after both.
 *
 * Client order ids are `<name>-<n>`, numbered from 1 in the order the strategy sends them: a
 * replayed run names its orders as the first run did.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import type { OrderId } from '../../domain/ids.ts'
import { clientOrderId } from '../../domain/ids.ts'
import {
  type Instrument,
  type InstrumentId,
  type QuantityLots,
  priceToTicks,
  ticksToNumber,
} from '../../domain/instrument.ts'
import type { Bar } from '../../domain/market-data.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { Clock } from '../../execution/clock.ts'
import type { ExecutionCore } from '../../execution/execution-core.ts'
import { isTerminal } from '../../execution/orders/order-state-machine.ts'
import type { Order } from '../../execution/orders/order.ts'
import type { Fill } from '../../execution/types.ts'
import { PositionTargets } from '../position-targets.ts'
import type { StrategyContext, StrategyInstance, StrategyOrder, StrategyOrderResult } from '../types.ts'
import { TimerQueue } from './timer-queue.ts'

/** An order as the strategy decided it: what a parity or look-ahead check compares. */
export interface Decision {
  readonly time: UnixMillis
  readonly instrumentId: string
  readonly side: 'buy' | 'sell'
  readonly type: string
  readonly lots: number
  readonly price: number | null
  readonly stopPrice: number | null
  /** Decided in `onStop`, after the last bar: a truncated run stops earlier, so these differ by design. */
  readonly atStop: boolean
}

/** A line for the run's log: the strategy's own, or an order the risk engine refused. */
export interface HostEvent {
  readonly time: UnixMillis
  readonly kind: 'risk-reject' | 'log'
  readonly message: string
}

/** What the strategy reads of its account, valued by the loop (each loop values positions its own way). */
export interface HostAccount {
  cash(): number
  equity(): number
  /** Runs before each order reaches the order manager (a backtest sets its position limit here). */
  beforeSubmit?(instrumentIndex: number): void
}

export interface StrategyHostOptions {
  readonly strategy: StrategyInstance
  /** Prefix of the client order ids (the strategy's name). */
  readonly name: string
  readonly clock: Clock
  readonly core: ExecutionCore
  readonly instruments: readonly Instrument[]
  /** The first `length` bars of instrument `index`, oldest first: what `ctx.history` shows. */
  readonly history: (index: number, length: number) => BarSeries
  readonly account: HostAccount
  /** Milliseconds from the venue's report to the strategy seeing it. */
  readonly ackMs: number
  readonly onEvent: (event: HostEvent) => void
  /** The number of the first client order id (`<name>-<n>`); 1 unless a journal already used some. */
  readonly firstOrderNumber?: number
  /** What the run is called in errors (`instrument X is not in this backtest's data`). */
  readonly runKind: string
}

type Pending =
  | { readonly due: number; readonly kind: 'order'; readonly order: Readonly<Order> }
  | { readonly due: number; readonly kind: 'fill'; readonly fill: Fill }

export class StrategyHost {
  readonly ctx: StrategyContext
  /** Every order the strategy sent, in order. */
  readonly decisions: Decision[] = []
  /** The tag of each order that had one. */
  readonly tags = new Map<string, string>()
  readonly #strategy: StrategyInstance
  readonly #pending: Pending[] = []
  #pendingHead = 0
  readonly #timers = new TimerQueue()
  /** Bars delivered to the strategy, per instrument, and the history view cached for that count. */
  readonly #seen: Int32Array
  readonly #historyCache: (BarSeries | undefined)[]
  #stopping = false

  constructor(options: StrategyHostOptions) {
    const { strategy, clock, core, instruments, account, name } = options
    this.#strategy = strategy
    const count = instruments.length
    const indexOf = new Map<string, number>(instruments.map((i, k) => [i.id, k]))
    this.#seen = new Int32Array(count)
    this.#historyCache = new Array<BarSeries | undefined>(count).fill(undefined)
    const seen = this.#seen
    const historyCache = this.#historyCache
    const decisions = this.decisions
    const tags = this.tags
    const ackMs = options.ackMs
    let orderSequence = (options.firstOrderNumber ?? 1) - 1

    // A report nobody will read is not queued; delivering nothing at its time changes nothing.
    core.bus.subscribe('fill', (fill) => {
      if (strategy.onFill !== undefined) this.#pending.push({ due: clock.now() + ackMs, kind: 'fill', fill })
    })
    core.bus.subscribe('order', (event) => {
      if (strategy.onOrderUpdate !== undefined)
        this.#pending.push({ due: clock.now() + ackMs, kind: 'order', order: event.order })
    })

    const instrumentIndex = (id: InstrumentId): number => {
      const i = indexOf.get(id)
      if (i === undefined) throw new RangeError(`instrument ${id} is not in this ${options.runKind}'s data`)
      return i
    }

    const submit = (order: StrategyOrder): StrategyOrderResult => {
      const i = instrumentIndex(order.instrumentId)
      const instrument = instruments[i]!
      const buy = order.side === 'buy'
      const rounding = buy ? 'ceil' : 'floor'
      const price = order.price === undefined ? undefined : priceToTicks(instrument, order.price, rounding)
      const stopPrice =
        order.stopPrice === undefined ? undefined : priceToTicks(instrument, order.stopPrice, rounding)
      decisions.push({
        time: clock.now(),
        instrumentId: order.instrumentId,
        side: order.side,
        type: order.type,
        lots: order.quantity,
        price: price === undefined ? null : ticksToNumber(instrument, price),
        stopPrice: stopPrice === undefined ? null : ticksToNumber(instrument, stopPrice),
        atStop: this.#stopping,
      })
      account.beforeSubmit?.(i)
      const result = core.manager.submit({
        clientOrderId: clientOrderId(`${name}-${++orderSequence}`),
        instrumentId: order.instrumentId,
        side: order.side,
        type: order.type,
        quantity: order.quantity as QuantityLots,
        ...(price === undefined ? {} : { price }),
        ...(stopPrice === undefined ? {} : { stopPrice }),
        timeInForce: order.timeInForce ?? (order.type === 'market' ? 'IOC' : 'GTC'),
        ...(order.reduceOnly === undefined ? {} : { reduceOnly: order.reduceOnly }),
      })
      if (order.tag !== undefined) tags.set(result.order.orderId, order.tag)
      if (result.ok) return { ok: true, orderId: result.order.orderId }
      options.onEvent({
        time: clock.now(),
        kind: 'risk-reject',
        message: `${result.order.clientOrderId} ${order.side} ${order.quantity} ${order.instrumentId}: ${result.code}: ${result.reason}`,
      })
      return { ok: false, orderId: result.order.orderId, code: result.code, reason: result.reason }
    }

    const workingOf = (id?: InstrumentId): readonly Readonly<Order>[] => {
      const all = core.manager.workingOrders()
      return id === undefined ? all : all.filter((o) => o.instrumentId === id)
    }

    const targets = new PositionTargets({
      position: (id) => core.portfolio.quantity(id),
      order: (id) => core.manager.order(id),
      cancel: (id) => core.manager.cancel(id),
      submit,
    })
    core.bus.subscribe('order', (event) => {
      if (isTerminal(event.order.status)) targets.onOrderFinished(event.order)
    })

    const timers = this.#timers
    this.ctx = {
      get now() {
        return clock.now()
      },
      instruments,
      history(id) {
        const i = instrumentIndex(id)
        let view = historyCache[i]
        if (view === undefined || view.length !== seen[i]) {
          view = options.history(i, seen[i]!)
          historyCache[i] = view
        }
        return view
      },
      position: (id) => core.portfolio.quantity(instruments[instrumentIndex(id)]!.id),
      cash: () => account.cash(),
      equity: () => account.equity(),
      workingOrders: workingOf,
      submit,
      cancel(orderId: OrderId) {
        return core.manager.order(orderId) === undefined ? false : core.manager.cancel(orderId)
      },
      cancelAll(id) {
        for (const o of workingOf(id)) if (o.status !== 'pending-cancel') core.manager.cancel(o.orderId)
      },
      targetPosition: (id, lots, tag) => targets.set(instruments[instrumentIndex(id)]!.id, lots, tag),
      setTimer(time, timerName) {
        if (!(time > clock.now())) {
          throw new RangeError(`setTimer: time ${time} must be after now (${clock.now()})`)
        }
        timers.add(time, timerName)
      },
      log(message) {
        options.onEvent({ time: clock.now(), kind: 'log', message })
      },
    }
  }

  start(): void {
    this.#strategy.onStart?.(this.ctx)
  }

  /** When the oldest queued report is due; +∞ when none waits. */
  nextReportTime(): number {
    return this.#pendingHead < this.#pending.length
      ? this.#pending[this.#pendingHead]!.due
      : Number.POSITIVE_INFINITY
  }

  /** Hands the strategy every report due by `until`, oldest first. */
  deliverReports(until: number): void {
    const pending = this.#pending
    while (this.#pendingHead < pending.length && pending[this.#pendingHead]!.due <= until) {
      const p = pending[this.#pendingHead++]!
      if (p.kind === 'order') this.#strategy.onOrderUpdate?.(this.ctx, p.order)
      else this.#strategy.onFill?.(this.ctx, p.fill)
    }
    if (this.#pendingHead === pending.length) {
      pending.length = 0
      this.#pendingHead = 0
    }
  }

  /** Time of the next timer; +∞ when none is set. */
  nextTimerTime(): number {
    return this.#timers.nextTime()
  }

  /** Fires the next timer (its time must have come: the loop checks `nextTimerTime`). */
  fireTimer(): void {
    const timer = this.#timers.pop()
    if (timer !== undefined) this.#strategy.onTimer?.(this.ctx, timer)
  }

  /**
   * Bar `index` of instrument `instrument` (read from `bars` only when the strategy has an
   * `onBar`) has become known: history grows to it and `onBar` runs.
   */
  bar(instrument: number, index: number, bars: { at(index: number): Bar }): void {
    this.#seen[instrument] = index + 1
    if (this.#strategy.onBar === undefined) return
    this.#strategy.onBar(this.ctx, {
      instrumentId: this.ctx.instruments[instrument]!.id,
      bar: bars.at(index),
      index,
    })
  }

  /** Bars of `instrument` the strategy has seen. */
  seen(instrument: number): number {
    return this.#seen[instrument]!
  }

  /** Reports still due reach the strategy first; orders it sends in `onStop` are marked `atStop`. */
  stop(): void {
    this.#stopping = true
    this.#strategy.onStop?.(this.ctx)
  }
}
