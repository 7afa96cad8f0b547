/**
 * What a strategy is, and what it may touch. The same definition runs in a backtest, in paper
 * trading and live: the engine that drives it supplies the context, and only the clock and the
 * venue behind the context differ.
 *
 * A strategy never reads a file, a clock or an order book of its own. It sees:
 * - `history(instrument)`: the bars known at `now` — a bar is known at its close (`knownAt`), so
 *   the last bar it sees is the one that has just closed, never the one forming;
 * - its positions, cash, equity and working orders, from the execution core;
 * - an order API that goes through the order manager and the risk engine like every other order.
 *
 * Callbacks run in time order on the engine's clock. A strategy keeps its own state (streaming
 * indicators from `tradepulse/indicators`, counters) in the instance `create` returns; nothing
 * else is shared between runs, so two runs with the same inputs decide the same.
 */
import type { z } from 'zod'
import type { BarSeries } from '../data/bar-series.ts'
import type { OrderId } from '../domain/ids.ts'
import type { Instrument, InstrumentId } from '../domain/instrument.ts'
import type { Bar, Quote } from '../domain/market-data.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { Order } from '../execution/orders/order.ts'
import type { Fill, OrderType, Side, TimeInForce } from '../execution/types.ts'
import type { ParamSpace } from './space.ts'

/** A bar that has just become known: `bar.knownAt === ctx.now`. */
export interface BarEvent {
  readonly instrumentId: InstrumentId
  readonly bar: Bar
  /** Its index in `ctx.history(instrumentId)` (the last one). */
  readonly index: number
}

export interface TimerEvent {
  readonly name: string
  readonly time: UnixMillis
}

/**
 * An order as a strategy states it: prices in the instrument's price units (converted to ticks on
 * the instrument's grid, against the trader), quantity in lots. The client order id is given by
 * the engine, deterministically.
 */
export interface StrategyOrder {
  readonly instrumentId: InstrumentId
  readonly side: Side
  readonly type: OrderType
  /** Whole lots, > 0. */
  readonly quantity: number
  /** Limit price, for limit and stop-limit orders. */
  readonly price?: number
  /** Trigger price, for stop and stop-limit orders. */
  readonly stopPrice?: number
  /** Default `GTC` for resting orders, `IOC` for market orders. */
  readonly timeInForce?: TimeInForce
  readonly reduceOnly?: boolean
  /** Free text kept with the order in the run's records (why it was placed). */
  readonly tag?: string
}

export type StrategyOrderResult =
  | { readonly ok: true; readonly orderId: OrderId }
  | { readonly ok: false; readonly orderId: OrderId; readonly code: string; readonly reason: string }

export interface StrategyContext {
  /** The engine's clock: the time at which the current callback runs. */
  readonly now: UnixMillis
  readonly instruments: readonly Instrument[]
  /** The bars of `instrument` known at `now`, oldest first (a zero-copy view). */
  history(instrument: InstrumentId): BarSeries
  /** Signed position in lots (negative: short). */
  position(instrument: InstrumentId): number
  /** Cash of the account currency, in its units (e.g. dollars), as a number for sizing. */
  cash(): number
  /** Equity (cash plus the positions marked at the last known prices), in account currency units. */
  equity(): number
  /** Working orders, of one instrument or all. */
  workingOrders(instrument?: InstrumentId): readonly Readonly<Order>[]
  submit(order: StrategyOrder): StrategyOrderResult
  cancel(orderId: OrderId): boolean
  cancelAll(instrument?: InstrumentId): void
  /**
   * Brings the position to `lots` (signed) with market orders, and keeps the target until the
   * next call: orders sent toward an earlier target that point away from this one (or overshoot
   * it) are cancelled, then a market order goes out for what the remaining ones do not cover —
   * so the position plus the orders in flight never exceed the target (the risk engine counts
   * both). Where cancels must be confirmed first, the order follows their confirmation. Returns
   * the result of an order sent now, or undefined when none was (needed or yet). Only orders
   * sent by `targetPosition` are counted or cancelled. See position-targets.ts.
   */
  targetPosition(instrument: InstrumentId, lots: number, tag?: string): StrategyOrderResult | undefined
  /** Calls `onTimer` at `time` (strictly after now) with `name`. */
  setTimer(time: UnixMillis, name: string): void
  /** A line in the run's log, stamped with `now`. */
  log(message: string): void
}

/** The running strategy: every callback is optional. */
export interface StrategyInstance {
  onStart?(ctx: StrategyContext): void
  onBar?(ctx: StrategyContext, event: BarEvent): void
  onQuote?(ctx: StrategyContext, quote: Quote): void
  onTimer?(ctx: StrategyContext, timer: TimerEvent): void
  onOrderUpdate?(ctx: StrategyContext, order: Readonly<Order>): void
  onFill?(ctx: StrategyContext, fill: Fill): void
  onStop?(ctx: StrategyContext): void
}

/**
 * A strategy: a name, a zod parameter schema (a strict object whose fields all have documented
 * defaults, published as JSON Schema like the indicators' — `describeStrategyParams`), and a
 * factory. `create` receives the parsed parameters and returns a fresh instance per run.
 * `space`, when given, is the region a parameter sweep explores by default (space.ts); it is
 * checked against `params` when the strategy is defined.
 */
export interface StrategyDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly params: Schema
  readonly space?: ParamSpace
  create(params: z.output<Schema>): StrategyInstance
}

/** Any strategy definition, whatever its parameter schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStrategy = StrategyDefinition<any>
