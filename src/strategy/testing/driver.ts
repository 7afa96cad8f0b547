/**
 * A test driver for strategies — not a backtest engine. It implements `StrategyContext` over bar
 * series with the simplest fill model that keeps a strategy honest, records every order decision
 * a strategy makes, and keeps a position and cash from its own fills, so strategy tests can check
 * what a strategy decided and when without the execution core. Nothing here models fees,
 * slippage, partial fills, latency, risk checks or queue position; use the backtester for results.
 *
 * Time. Bars of all instruments are processed in order of `knownAt` (ties in the order the
 * instruments were given). For bar i of an instrument:
 * 1. at the bar's open, market orders sent before it fill at its open price, then resting stop
 *    and limit orders (including any placed from `onFill` at that open) are checked against its
 *    high and low: a sell stop at S fills at min(open, S) once low ≤ S, a buy stop at max(open, S)
 *    once high ≥ S; a buy limit at L fills at min(open, L) once low ≤ L, a sell limit at
 *    max(open, L) once high ≥ L;
 * 2. at its close (`knownAt`) `onBar` runs; orders it sends wait for bar i + 1.
 * The clock never goes back: a fill stamped at a bar's open runs no earlier than the previous
 * callback (with several instruments, a bar can open before another's close). Timers fire before
 * the first event at or after their time. `history` is always `knownBy(now)`: a strategy can
 * only see closed bars. Each bar processed is one event, counted from 0 over all instruments: the
 * fills at its open and its `onBar`. Decisions carry their event, so a run over data cut after a
 * bar can be compared with the full run exactly (`decisionsThrough`).
 *
 * Orders. Market, limit and stop orders; anything else, or a malformed order (checked by
 * `validateOrderRequest`), is refused with EXECUTION_INVALID_ORDER, as the order manager would.
 * Prices round to the tick grid against the trader (a buy limit down, a buy stop up, and the
 * reverse for sells); fill prices round to the nearest tick. A reduce-only order is cut to the
 * position it reduces, and cancelled when there is none. `targetPosition` works as in every engine
 * (position-targets.ts): it counts and cancels only the orders it sent itself.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { clientOrderId, orderId, tradeId, type OrderId } from '../../domain/ids.ts'
import {
  type Instrument,
  type InstrumentId,
  type PriceTicks,
  type QuantityLots,
  priceToTicks,
  ticksToNumber,
} from '../../domain/instrument.ts'
import { decimalToNumber } from '../../domain/decimal.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { type Order, validateOrderRequest } from '../../execution/orders/order.ts'
import type { Fill, Side } from '../../execution/types.ts'
import { parseStrategyParams } from '../define.ts'
import { PositionTargets } from '../position-targets.ts'
import type {
  AnyStrategy,
  StrategyContext,
  StrategyInstance,
  StrategyOrder,
  StrategyOrderResult,
} from '../types.ts'

export interface DriverInstrument {
  readonly instrument: Instrument
  readonly bars: BarSeries
}

export interface DriverOptions {
  /** Starting cash in the account currency (default 100,000). */
  readonly cash?: number
}

export type DriverCallback = 'start' | 'bar' | 'timer' | 'fill' | 'stop'

/** One decision of the strategy: an order sent (accepted or refused) or a cancel. */
export type Decision =
  | {
      readonly action: 'submit'
      readonly time: UnixMillis
      /** The bar event being processed, counted over all instruments from 0; −1 in `onStart`. */
      readonly event: number
      readonly callback: DriverCallback
      readonly order: StrategyOrder
      readonly orderId: OrderId
      readonly accepted: boolean
    }
  | {
      readonly action: 'cancel'
      readonly time: UnixMillis
      readonly event: number
      readonly callback: DriverCallback
      readonly orderId: OrderId
      readonly accepted: boolean
    }

export interface DriverRun {
  readonly decisions: readonly Decision[]
  readonly fills: readonly Fill[]
  readonly logs: readonly string[]
  /** Final signed position per instrument, in lots. */
  readonly positions: ReadonlyMap<InstrumentId, number>
  readonly cash: number
  readonly equity: number
}

interface Working {
  readonly order: Order
  /** Index of the first bar of its instrument the order may fill on. */
  readonly since: number
}

interface Book {
  readonly instrument: Instrument
  readonly bars: BarSeries
  /** Quote currency per lot per unit of price. */
  readonly lotValue: number
  position: number
  /** Index of the next bar to process. */
  next: number
}

/** Runs `definition` with `params` over the instruments' bars and returns what it did. */
export function driveStrategy(
  definition: AnyStrategy,
  params: unknown,
  instruments: readonly DriverInstrument[],
  options: DriverOptions = {},
): DriverRun {
  const instance = definition.create(parseStrategyParams(definition, params))
  return new Driver(instruments, options.cash ?? 100_000).run(instance)
}

/**
 * The decisions made while processing bar events 0…`event` (with one instrument, bars 0…`event`:
 * the fills at each bar's open and its `onBar`), with those of `onStart`, without those of
 * `onStop`. A run over the same bars cut after bar `event` makes exactly these, if the strategy
 * does not look ahead.
 */
export function decisionsThrough(run: DriverRun, event: number): Decision[] {
  return run.decisions.filter((d) => d.event <= event && d.callback !== 'stop')
}

class Driver {
  readonly #books: Map<InstrumentId, Book>
  readonly #working: Working[] = []
  readonly #decisions: Decision[] = []
  readonly #fills: Fill[] = []
  readonly #logs: string[] = []
  readonly #timers: { time: UnixMillis; name: string }[] = []
  #cash: number
  #now = Number.NEGATIVE_INFINITY as UnixMillis
  #callback: DriverCallback = 'start'
  #sequence = 0
  #event = -1
  #trades = 0
  readonly #context: StrategyContext

  constructor(instruments: readonly DriverInstrument[], cash: number) {
    this.#books = new Map(
      instruments.map(({ instrument, bars }) => [
        instrument.id,
        {
          instrument,
          bars,
          lotValue: decimalToNumber(instrument.multiplier) * decimalToNumber(instrument.lotSize),
          position: 0,
          next: 0,
        },
      ]),
    )
    this.#cash = cash
    this.#context = this.#makeContext(instruments.map((i) => i.instrument))
  }

  run(strategy: StrategyInstance): DriverRun {
    const books = [...this.#books.values()]
    const first = Math.min(
      ...books.map((b) => (b.bars.length > 0 ? b.bars.openTime[0]! : Number.POSITIVE_INFINITY)),
    )
    this.#now = (Number.isFinite(first) ? first : 0) as UnixMillis
    this.#callback = 'start'
    strategy.onStart?.(this.#context)
    for (;;) {
      let book: Book | undefined
      for (const candidate of books) {
        if (candidate.next >= candidate.bars.length) continue
        if (book === undefined || candidate.bars.knownAt[candidate.next]! < book.bars.knownAt[book.next]!)
          book = candidate
      }
      if (book === undefined) break
      const i = book.next
      this.#event++
      this.#advance(book.bars.openTime[i]!, strategy)
      this.#fillOnBar(book, i, strategy)
      book.next = i + 1
      this.#advance(book.bars.knownAt[i]!, strategy)
      this.#callback = 'bar'
      strategy.onBar?.(this.#context, { instrumentId: book.instrument.id, bar: book.bars.at(i), index: i })
    }
    this.#event++
    this.#callback = 'stop'
    strategy.onStop?.(this.#context)
    return {
      decisions: this.#decisions,
      fills: this.#fills,
      logs: this.#logs,
      positions: new Map(books.map((b) => [b.instrument.id, b.position])),
      cash: this.#cash,
      equity: this.#equity(),
    }
  }

  /** Moves the clock forward to `t` (never back), firing the timers due by then. */
  #advance(t: number, strategy: StrategyInstance): void {
    const next = Math.max(this.#now, t) as UnixMillis
    for (;;) {
      this.#timers.sort((a, b) => a.time - b.time)
      const due = this.#timers[0]
      if (due === undefined || due.time > next) break
      this.#timers.shift()
      this.#now = due.time
      this.#callback = 'timer'
      strategy.onTimer?.(this.#context, { name: due.name, time: due.time })
    }
    this.#now = next
  }

  #fillOnBar(book: Book, i: number, strategy: StrategyInstance): void {
    const { bars } = book
    const open = bars.open[i]!
    const markets = this.#working.filter(
      (w) => w.order.instrumentId === book.instrument.id && w.order.type === 'market' && w.since <= i,
    )
    for (const w of markets) this.#fill(book, w, open, strategy)
    // Resting orders are checked in the order they were sent, including those sent from the
    // callbacks of the fills just made.
    for (let k = 0; k < this.#working.length; k++) {
      const w = this.#working[k]!
      if (w.order.instrumentId !== book.instrument.id || w.order.type === 'market' || w.since > i) continue
      const price = restingFillPrice(w.order, book.instrument, open, bars.high[i]!, bars.low[i]!)
      if (price !== undefined && this.#fill(book, w, price, strategy)) k--
    }
  }

  /** Fills `w` entirely at `price` (or cancels a reduce-only order with nothing to reduce); true when it left the book. */
  #fill(book: Book, w: Working, price: number, strategy: StrategyInstance): boolean {
    const { order } = w
    const sign = order.side === 'buy' ? 1 : -1
    let quantity: number = order.quantity
    if (order.reduceOnly === true)
      quantity = sign * book.position < 0 ? Math.min(quantity, Math.abs(book.position)) : 0
    this.#remove(order.orderId)
    if (quantity === 0) {
      order.status = 'cancelled'
      this.#callback = 'fill'
      strategy.onOrderUpdate?.(this.#context, order)
      return true
    }
    const ticks = priceToTicks(book.instrument, price, 'half-even')
    const filledPrice = ticksToNumber(book.instrument, ticks)
    book.position += sign * quantity
    this.#cash -= sign * quantity * filledPrice * book.lotValue
    order.status = 'filled'
    order.filledQuantity = quantity
    order.filledNotionalTicks = BigInt(ticks) * BigInt(quantity)
    order.updatedAt = this.#now
    const fill: Fill = {
      venue: 'test-driver',
      tradeId: tradeId(`T-${++this.#trades}`),
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      instrumentId: order.instrumentId,
      side: order.side,
      price: ticks,
      quantity: quantity as QuantityLots,
      fee: 0n,
      liquidity: 'taker',
      time: this.#now,
    }
    this.#fills.push(fill)
    this.#callback = 'fill'
    strategy.onOrderUpdate?.(this.#context, order)
    strategy.onFill?.(this.#context, fill)
    return true
  }

  #remove(id: OrderId): Working | undefined {
    const k = this.#working.findIndex((w) => w.order.orderId === id)
    return k === -1 ? undefined : this.#working.splice(k, 1)[0]
  }

  #equity(): number {
    let equity = this.#cash
    for (const book of this.#books.values()) {
      if (book.position === 0) continue
      const known = book.bars.knownBy(this.#now)
      const last = known.length > 0 ? known.close[known.length - 1]! : book.bars.open[0]!
      equity += book.position * last * book.lotValue
    }
    return equity
  }

  #book(id: InstrumentId): Book {
    const book = this.#books.get(id)
    if (book === undefined)
      throw new TradePulseError('EXECUTION_INVALID_ORDER', `${id} is not an instrument of this run`, {
        field: 'instrumentId',
      })
    return book
  }

  #submit(request: StrategyOrder): StrategyOrderResult {
    const n = ++this.#sequence
    const id = orderId(`O-${n}`)
    const record = (accepted: boolean): void => {
      this.#decisions.push({
        action: 'submit',
        time: this.#now,
        event: this.#event,
        callback: this.#callback,
        order: { ...request },
        orderId: id,
        accepted,
      })
    }
    try {
      const book = this.#book(request.instrumentId)
      if (request.type !== 'market' && request.type !== 'limit' && request.type !== 'stop') {
        throw new TradePulseError(
          'EXECUTION_INVALID_ORDER',
          `the test driver does not fill ${request.type} orders`,
          { field: 'type' },
        )
      }
      const order: Order = {
        orderId: id,
        clientOrderId: clientOrderId(`C-${n}`),
        instrumentId: request.instrumentId,
        side: request.side,
        type: request.type,
        quantity: request.quantity as QuantityLots,
        ...(request.price === undefined
          ? {}
          : { price: toTicks(book.instrument, request.price, request.side, 'limit') }),
        ...(request.stopPrice === undefined
          ? {}
          : { stopPrice: toTicks(book.instrument, request.stopPrice, request.side, 'stop') }),
        timeInForce: request.timeInForce ?? (request.type === 'market' ? 'IOC' : 'GTC'),
        ...(request.reduceOnly === undefined ? {} : { reduceOnly: request.reduceOnly }),
        status: 'accepted',
        workingStatus: 'accepted',
        filledQuantity: 0,
        filledNotionalTicks: 0n,
        createdAt: this.#now,
        updatedAt: this.#now,
      }
      validateOrderRequest(order)
      this.#working.push({ order, since: book.next })
      record(true)
      return { ok: true, orderId: id }
    } catch (error) {
      if (!(error instanceof TradePulseError)) throw error
      record(false)
      return { ok: false, orderId: id, code: error.code, reason: error.message }
    }
  }

  #cancel(id: OrderId): boolean {
    const removed = this.#remove(id)
    if (removed !== undefined) removed.order.status = 'cancelled'
    this.#decisions.push({
      action: 'cancel',
      time: this.#now,
      event: this.#event,
      callback: this.#callback,
      orderId: id,
      accepted: removed !== undefined,
    })
    return removed !== undefined
  }

  #makeContext(instruments: readonly Instrument[]): StrategyContext {
    const clock = (): UnixMillis => this.#now
    const targets = new PositionTargets({
      position: (id) => this.#book(id).position,
      order: (id) => this.#working.find((w) => w.order.orderId === id)?.order,
      cancel: (id) => this.#cancel(id),
      submit: (order) => this.#submit(order),
    })
    return {
      get now() {
        return clock()
      },
      instruments,
      history: (id) => this.#book(id).bars.knownBy(this.#now),
      position: (id) => this.#book(id).position,
      cash: () => this.#cash,
      equity: () => this.#equity(),
      workingOrders: (id) =>
        this.#working.filter((w) => id === undefined || w.order.instrumentId === id).map((w) => w.order),
      submit: (order) => this.#submit(order),
      cancel: (id) => this.#cancel(id),
      cancelAll: (id) => {
        for (const w of this.#working.filter((x) => id === undefined || x.order.instrumentId === id))
          this.#cancel(w.order.orderId)
      },
      targetPosition: (id, lots, tag) => targets.set(id, lots, tag),
      setTimer: (time, name) => {
        if (!(time > this.#now))
          throw new RangeError(`timer "${name}" at ${time} is not after now (${this.#now})`)
        this.#timers.push({ time, name })
      },
      log: (message) => {
        this.#logs.push(`${new Date(this.#now).toISOString()} ${message}`)
      },
    }
  }
}

function toTicks(instrument: Instrument, price: number, side: Side, kind: 'limit' | 'stop'): PriceTicks {
  const up = (side === 'buy') === (kind === 'stop')
  return priceToTicks(instrument, price, up ? 'ceil' : 'floor')
}

function restingFillPrice(
  order: Order,
  instrument: Instrument,
  open: number,
  high: number,
  low: number,
): number | undefined {
  if (order.type === 'stop' && order.stopPrice !== undefined) {
    const stop = ticksToNumber(instrument, order.stopPrice)
    if (order.side === 'sell') return open <= stop ? open : low <= stop ? stop : undefined
    return open >= stop ? open : high >= stop ? stop : undefined
  }
  if (order.type === 'limit' && order.price !== undefined) {
    const limit = ticksToNumber(instrument, order.price)
    if (order.side === 'buy') return open <= limit ? open : low <= limit ? limit : undefined
    return open >= limit ? open : high >= limit ? limit : undefined
  }
  return undefined
}
