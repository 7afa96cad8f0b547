/**
 * A live venue over ccxt: the execution core's `Venue` (src/execution/venue.ts) on any exchange
 * ccxt speaks REST to, tested against a fake Binance spot on loopback.
 *
 * The core's calls are synchronous and fire-and-forget; this venue puts each command on one
 * serial queue and answers with reports when the exchange has. Everything it learns comes from
 * one routine, `sync`, which asks the exchange for its open orders, the status of every order
 * not yet settled, the account's trades since the oldest of them, and the balances, and turns
 * the differences from what it has reported into reports. Polling runs `sync` on a timer; a
 * reconnect runs it before any other command. So a fill the exchange made while we were away, a
 * fill reported late, or reported twice, arrives once — and the core's own fill-id rule
 * (fill-identity.ts) stands behind that.
 *
 * Idempotency. Every order carries its client order id to the exchange. When a submit fails in
 * a way that leaves its fate unknown (a dropped connection, a 5xx), the order is looked up by
 * that id before anything is sent again, so a retry never places a second order.
 *
 * Orders the exchange holds and we never sent (another program, a previous run without a
 * journal) follow `unknownOrders`: `cancel` cancels them, `adopt` leaves them working and only
 * reports them; either way an `unknown-order` event says so once. Their fills are never booked:
 * the core has no order to book them against.
 */
import type { Balances, Exchange, Order as CcxtOrder, Trade } from 'ccxt'
import ccxt from 'ccxt'
import { compareDecimal } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { tradeId as toTradeId } from '../../domain/ids.ts'
import {
  type InstrumentId,
  type QuantityLots,
  lotsToQuantity,
  priceToTicks,
  quantityToLots,
  ticksToNumber,
  ticksToPrice,
} from '../../domain/instrument.ts'
import { money } from '../../domain/money.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { Clock } from '../../execution/clock.ts'
import type { OrderId } from '../../domain/ids.ts'
import type { Order } from '../../execution/orders/order.ts'
import type {
  ConnectionState,
  ExecutionReport,
  ReplaceChanges,
  Venue,
  VenueHistory,
} from '../../execution/venue.ts'
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay, retryAfterMs } from './backoff.ts'
import { type ExchangeProfile, profileOf } from './exchange-profiles.ts'
import { type MarketRules, marketRules } from './exchange-rules.ts'
import type { VenueEvent } from './venue-events.ts'

export type UnknownOrderPolicy = 'adopt' | 'cancel'

export interface CcxtVenueOptions {
  /** A ccxt exchange, credentials set (see create-exchange.ts). */
  readonly exchange: Exchange
  /** ccxt's unified symbols to trade, e.g. `BTC/USDT`. */
  readonly symbols: readonly string[]
  /** The venue code of its instruments and the name on its fills, e.g. `BINANCE`. */
  readonly name: string
  readonly clock: Clock
  readonly unknownOrders?: UnknownOrderPolicy
  readonly backoff?: BackoffPolicy
  readonly pollIntervalMs?: number
  /** Waits; tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Jitter source, [0, 1). */
  readonly random?: () => number
}

interface Leg {
  readonly exchangeId: string
  readonly clientId: string
  /** Lots filled on earlier legs when this one was placed: a replace places a new leg for the rest. */
  readonly lotsBefore: number
}

interface Tracked {
  readonly order: Readonly<Order>
  readonly rules: MarketRules
  legs: Leg[]
  /** Our client id for the leg being placed, before the exchange has answered with its id. */
  pendingClientId: string | undefined
  accepted: boolean
  /** Lots reported in fills. */
  reportedLots: number
  /** A final report (filled, cancelled, expired, rejected) was sent: nothing more will be. */
  settled: boolean
  /** The submit was given up after every retry; if the exchange does not know the order, it was rejected. */
  abandoned: boolean
  replaceCount: number
}

export class CcxtVenue implements Venue {
  readonly name: string
  readonly #exchange: Exchange
  readonly #symbols: readonly string[]
  readonly #clock: Clock
  readonly #profile: ExchangeProfile
  readonly #policy: UnknownOrderPolicy
  readonly #backoff: BackoffPolicy
  readonly #pollIntervalMs: number
  readonly #sleep: (ms: number) => Promise<void>
  readonly #random: () => number
  readonly #rules = new Map<InstrumentId, MarketRules>()
  readonly #tracked = new Map<OrderId, Tracked>()
  readonly #byExchangeId = new Map<string, Tracked>()
  readonly #reportedTrades = new Set<string>()
  readonly #unknownOrders = new Set<string>()
  readonly #reportListeners: ((report: ExecutionReport) => void)[] = []
  readonly #connectionListeners: ((state: ConnectionState) => void)[] = []
  readonly #eventListeners: ((event: VenueEvent) => void)[] = []
  #queue: Promise<void> = Promise.resolve()
  #state: ConnectionState = 'disconnected'
  #needsReconcile = true
  #timer: NodeJS.Timeout | undefined
  #skewMs = 0
  #balances: Balances | undefined

  constructor(options: CcxtVenueOptions) {
    this.name = options.name
    this.#exchange = options.exchange
    this.#symbols = options.symbols
    this.#clock = options.clock
    this.#profile = profileOf(options.exchange.id)
    this.#policy = options.unknownOrders ?? 'cancel'
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.#random = options.random ?? Math.random
  }

  onReport(listener: (report: ExecutionReport) => void): void {
    this.#reportListeners.push(listener)
  }

  onConnection(listener: (state: ConnectionState) => void): void {
    this.#connectionListeners.push(listener)
  }

  /** Reconciliation differences, unknown orders, retries, balances: what an operator wants to see. */
  onEvent(listener: (event: VenueEvent) => void): void {
    this.#eventListeners.push(listener)
  }

  get connection(): ConnectionState {
    return this.#state
  }

  /** Exchange time minus local time, from the last measurement (half the round trip assumed each way). */
  get clockSkewMs(): number {
    return this.#skewMs
  }

  /** The balances fetched by the last `sync`. */
  get balances(): Balances | undefined {
    return this.#balances
  }

  /** The rules of every symbol, loaded by `connect`: the instruments to build the core with. */
  rules(): readonly MarketRules[] {
    return [...this.#rules.values()]
  }

  /**
   * Loads the markets into `MarketRules` and measures the clock skew; the reconciliation runs
   * before the first command or with the first `sync` — after `resume`, when the core recovers
   * from a journal, so the journal's orders are not taken for unknown ones. Throws
   * VENUE_MARKET_RULES for a symbol the exchange does not list, VENUE_UNREACHABLE when the
   * exchange cannot be reached after every retry.
   */
  async connect(): Promise<void> {
    const markets = await this.#call('load markets', () => this.#exchange.loadMarkets())
    for (const symbol of this.#symbols) {
      const rules = marketRules(markets, symbol, this.name, this.#exchange.precisionMode ?? 4)
      this.#rules.set(rules.instrument.id, rules)
    }
    await this.#measureSkew()
  }

  /**
   * After a restart: the journal's working orders are tracked again, and its fills of this venue
   * are known, so the reconciliation that follows reports only what happened since.
   */
  resume(history: VenueHistory): void {
    for (const fill of history.fills) if (fill.venue === this.name) this.#reportedTrades.add(fill.tradeId)
    for (const order of history.orders) {
      const rules = this.#rules.get(order.instrumentId)
      if (rules === undefined || !isUnsettled(order)) continue
      const filled = order.filledQuantity
      this.#tracked.set(order.orderId, {
        order,
        rules,
        legs: [],
        pendingClientId: order.clientOrderId,
        accepted: order.status !== 'pending-new',
        reportedLots: filled,
        settled: false,
        abandoned: false,
        replaceCount: 0,
      })
    }
    this.#needsReconcile = true
  }

  /** Starts polling: one `sync` every `pollIntervalMs`, queued behind commands. */
  start(): void {
    if (this.#timer !== undefined) return
    this.#timer = setInterval(() => {
      void this.sync().catch((error: unknown) => {
        this.#emit({ kind: 'sync-failed', reason: describe(error) })
      })
    }, this.#pollIntervalMs)
  }

  /** Stops polling and waits for the commands already queued. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    await this.idle()
  }

  /** Resolves when every command queued so far has run. */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.#queue
      await queue
      if (queue === this.#queue) return
    }
  }

  /** One reconciliation round, queued behind the commands sent before it. */
  sync(): Promise<void> {
    return this.#run(() => this.#reconcile())
  }

  submit(order: Readonly<Order>): void {
    const rules = this.#rules.get(order.instrumentId)
    const refusal =
      rules === undefined
        ? `${order.instrumentId} is not traded on ${this.name}`
        : this.#refusal(order, rules)
    if (refusal !== undefined || rules === undefined) {
      this.#report({
        kind: 'rejected',
        orderId: order.orderId,
        code: 'unsupported',
        reason: refusal ?? '',
        time: this.#clock.now(),
      })
      return
    }
    const tracked: Tracked = {
      order,
      rules,
      legs: [],
      pendingClientId: order.clientOrderId,
      accepted: false,
      reportedLots: 0,
      settled: false,
      abandoned: false,
      replaceCount: 0,
    }
    this.#tracked.set(order.orderId, tracked)
    void this.#run(() => this.#place(tracked, order.quantity, order.price, order.clientOrderId, 0))
  }

  cancel(orderId: OrderId): void {
    const tracked = this.#tracked.get(orderId)
    if (tracked === undefined || tracked.settled) {
      this.#report({
        kind: 'cancel-rejected',
        orderId,
        reason: 'unknown or finished order',
        time: this.#clock.now(),
      })
      return
    }
    void this.#run(() => this.#cancel(tracked))
  }

  /** Cancel/new: the exchange's order is cancelled, and the rest placed anew with the new terms. */
  replace(orderId: OrderId, changes: ReplaceChanges): void {
    const tracked = this.#tracked.get(orderId)
    if (tracked === undefined || tracked.settled) {
      this.#report({
        kind: 'replace-rejected',
        orderId,
        reason: 'unknown or finished order',
        time: this.#clock.now(),
      })
      return
    }
    void this.#run(() => this.#replace(tracked, changes))
  }

  /**
   * The kill switch's arm on the exchange: cancels every open order of the traded symbols there,
   * ours and any other, then reconciles so the core hears of each cancel. Returns how many the
   * exchange cancelled.
   */
  cancelEverything(): Promise<number> {
    let count = 0
    return this.#run(async () => {
      for (const symbol of this.#symbols) {
        const open = await this.#call(`open orders of ${symbol}`, () =>
          this.#exchange.fetchOpenOrders(symbol),
        )
        if (open.length === 0) continue
        if (this.#exchange.has.cancelAllOrders === true) {
          await this.#call(`cancel all orders of ${symbol}`, () => this.#exchange.cancelAllOrders(symbol))
        } else {
          for (const o of open) await this.#cancelQuietly(idOf(o), symbol)
        }
        count += open.length
      }
      this.#emit({ kind: 'cancelled-everything', count })
      await this.#reconcile()
    }).then(() => count)
  }

  /** Queues `task` on the command queue; a reconnect's reconciliation goes first. */
  #run(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(async () => {
      if (this.#needsReconcile) await this.#reconcile()
      await task()
    })
    this.#queue = next.catch((error: unknown) => {
      this.#emit({ kind: 'command-failed', reason: describe(error) })
    })
    return next
  }

  /** Why an order cannot go to this exchange as it is; undefined when it can. */
  #refusal(order: Readonly<Order>, rules: MarketRules): string | undefined {
    const profile = this.#profile
    if (!profile.orderTypes.includes(order.type))
      return `${this.#exchange.id} does not take ${order.type} orders here`
    if (!profile.timeInForce.includes(order.timeInForce))
      return `${this.#exchange.id} does not take time in force ${order.timeInForce}`
    if (order.reduceOnly === true) return 'reduce-only is for derivatives; spot has no position to reduce'
    if (!profile.clientOrderId.test(order.clientOrderId))
      return `client order id ${order.clientOrderId} does not fit ${this.#exchange.id}'s pattern ${profile.clientOrderId.source}`
    const price = order.price ?? order.stopPrice
    if (rules.minNotional !== undefined && price !== undefined) {
      const p = ticksToPrice(rules.instrument, price)
      const q = lotsToQuantity(rules.instrument, order.quantity)
      const value = { units: p.units * q.units, scale: p.scale + q.scale }
      if (compareDecimal(value, rules.minNotional) < 0)
        return `notional below the exchange minimum of ${rules.minNotional.units}e-${rules.minNotional.scale} ${rules.quote}`
    }
    return undefined
  }

  async #place(
    tracked: Tracked,
    lots: number,
    price: number | undefined,
    clientId: string,
    lotsBefore: number,
  ): Promise<void> {
    const { order, rules } = tracked
    const { instrument, symbol } = rules
    const type = order.type === 'market' || order.type === 'stop' ? 'market' : 'limit'
    const params: Record<string, unknown> = { clientOrderId: clientId }
    if (order.type !== 'market') params.timeInForce = order.timeInForce
    if (order.stopPrice !== undefined) params.triggerPrice = ticksToNumber(instrument, order.stopPrice)
    if (order.postOnly === true) params.postOnly = true
    const amount = Number(formatQuantity(instrument, lots))
    const limit = price === undefined ? undefined : ticksToNumber(instrument, price as never)
    tracked.pendingClientId = clientId
    let placed: CcxtOrder | undefined
    for (let attempt = 0; placed === undefined; attempt++) {
      try {
        placed = await this.#exchange.createOrder(symbol, type, order.side, amount, limit, params)
      } catch (error) {
        if (!isRetryable(error)) {
          tracked.pendingClientId = undefined
          if (lotsBefore === 0 && !tracked.accepted) {
            tracked.settled = true
            this.#report({
              kind: 'rejected',
              orderId: order.orderId,
              code: 'exchange',
              reason: describe(error),
              time: this.#clock.now(),
            })
          } else {
            this.#report({
              kind: 'replace-rejected',
              orderId: order.orderId,
              reason: describe(error),
              time: this.#clock.now(),
            })
          }
          return
        }
        // The order may have reached the exchange: look before sending it again.
        placed = await this.#lookUp(symbol, clientId)
        if (placed !== undefined) break
        if (attempt + 1 >= this.#backoff.maxAttempts) {
          tracked.abandoned = true
          this.#emit({ kind: 'submit-abandoned', orderId: order.orderId, reason: describe(error) })
          return
        }
        await this.#wait(error, attempt, `submit ${order.orderId}`)
      }
    }
    this.#adoptLeg(tracked, { exchangeId: idOf(placed), clientId, lotsBefore })
    if (!tracked.accepted) {
      tracked.accepted = true
      this.#report({
        kind: 'accepted',
        orderId: order.orderId,
        time: (placed.timestamp ?? this.#clock.now()) as UnixMillis,
      })
    }
    // Fills of an order that took liquidity at once: fetched now rather than at the next poll.
    if (placed.status !== 'open' || (placed.filled ?? 0) > 0) await this.#reconcile()
  }

  async #cancel(tracked: Tracked): Promise<void> {
    const leg = tracked.legs.at(-1)
    if (leg === undefined) {
      // Not placed yet, or placed without our knowing: reconciliation will tell.
      await this.#reconcile()
      if (tracked.settled) return
      const again = tracked.legs.at(-1)
      if (again === undefined) {
        this.#report({
          kind: 'cancel-rejected',
          orderId: tracked.order.orderId,
          reason: 'not on the exchange',
          time: this.#clock.now(),
        })
        return
      }
    }
    const current = tracked.legs.at(-1)!
    await this.#cancelQuietly(current.exchangeId, tracked.rules.symbol)
    await this.#reconcile()
    if (!tracked.settled) {
      this.#report({
        kind: 'cancel-rejected',
        orderId: tracked.order.orderId,
        reason: 'still working on the exchange',
        time: this.#clock.now(),
      })
    }
  }

  async #replace(tracked: Tracked, changes: ReplaceChanges): Promise<void> {
    const leg = tracked.legs.at(-1)
    const { order } = tracked
    const reject = (reason: string): void => {
      this.#report({ kind: 'replace-rejected', orderId: order.orderId, reason, time: this.#clock.now() })
    }
    if (leg === undefined) {
      reject('not on the exchange yet')
      return
    }
    await this.#cancelQuietly(leg.exchangeId, tracked.rules.symbol)
    const status = await this.#call(`order ${leg.exchangeId}`, () =>
      this.#exchange.fetchOrder(leg.exchangeId, tracked.rules.symbol),
    )
    if (status.status === 'open') {
      reject('the exchange did not cancel the order being replaced')
      return
    }
    // Every fill of the old leg is booked before the new one is placed, so the rest is exact.
    await this.#reconcile(false)
    const filled = leg.lotsBefore + this.#lots(tracked, status.filled ?? 0)
    const quantity = changes.quantity ?? order.quantity
    if (status.status === 'closed' || quantity <= filled) {
      reject(
        status.status === 'closed'
          ? 'the order filled before it could be replaced'
          : 'new quantity is not above the filled',
      )
      if (status.status !== 'closed') this.#finish(tracked, 'cancelled', 'replaced below filled')
      return
    }
    tracked.replaceCount++
    const clientId = replaceClientId(order.clientOrderId, tracked.replaceCount)
    const price = changes.price ?? order.price
    await this.#place(tracked, quantity - filled, price, clientId, filled)
    if (tracked.legs.at(-1)?.clientId === clientId) {
      this.#report({
        kind: 'replaced',
        orderId: order.orderId,
        quantity: quantity,
        ...(price === undefined ? {} : { price: price }),
        time: this.#clock.now(),
      })
    }
  }

  async #cancelQuietly(exchangeId: string, symbol: string): Promise<void> {
    try {
      await this.#call(`cancel ${exchangeId}`, () => this.#exchange.cancelOrder(exchangeId, symbol))
    } catch (error) {
      // Already gone (filled, cancelled): reconciliation reports what became of it.
      if (!(error instanceof ccxt.OrderNotFound)) throw error
    }
  }

  async #lookUp(symbol: string, clientId: string): Promise<CcxtOrder | undefined> {
    try {
      return await this.#call(`order ${clientId}`, () =>
        this.#exchange.fetchOrder(undefined as unknown as string, symbol, {
          [this.#profile.clientIdLookup]: clientId,
        }),
      )
    } catch (error) {
      if (error instanceof ccxt.OrderNotFound) return undefined
      throw error
    }
  }

  #adoptLeg(tracked: Tracked, leg: Leg): void {
    if (tracked.legs.some((l) => l.exchangeId === leg.exchangeId)) return
    tracked.legs.push(leg)
    tracked.pendingClientId = undefined
    this.#byExchangeId.set(leg.exchangeId, tracked)
  }

  /**
   * The one routine that learns from the exchange (see the module comment). `final` false stops
   * short of settling orders, for a replace that is about to place the next leg.
   */
  async #reconcile(final = true): Promise<void> {
    const started = this.#clock.now()
    await this.#measureSkew()
    const statuses = new Map<Tracked, CcxtOrder>()
    for (const symbol of this.#symbols) {
      const open = await this.#call(
        `open orders of ${symbol}`,
        () => this.#exchange.fetchOpenOrders(symbol),
        Infinity,
      )
      for (const o of open) {
        const tracked = this.#byExchangeId.get(idOf(o)) ?? this.#byPendingClientId(symbol, o.clientOrderId)
        if (tracked === undefined) {
          await this.#unknownOrder(o, symbol)
          continue
        }
        this.#learn(tracked, o)
        statuses.set(tracked, o)
      }
    }
    for (const tracked of this.#tracked.values()) {
      if (tracked.settled || statuses.has(tracked)) continue
      const o = await this.#status(tracked)
      if (o === undefined) {
        if (tracked.abandoned && tracked.legs.length === 0) {
          tracked.settled = true
          this.#emit({
            kind: 'difference',
            orderId: tracked.order.orderId,
            what: 'order never reached the exchange',
          })
          this.#report({
            kind: 'rejected',
            orderId: tracked.order.orderId,
            code: 'not-placed',
            reason: 'the exchange has no order with this client id',
            time: this.#clock.now(),
          })
        }
        continue
      }
      this.#learn(tracked, o)
      statuses.set(tracked, o)
    }
    await this.#fetchFills()
    if (final) {
      for (const [tracked, o] of statuses) this.#settle(tracked, o)
    }
    this.#balances = await this.#call('balances', () => this.#exchange.fetchBalance(), Infinity)
    this.#emit({ kind: 'balances', balances: this.#balances })
    this.#needsReconcile = false
    if (this.#state === 'disconnected') {
      this.#state = 'connected'
      for (const listener of this.#connectionListeners) listener('connected')
      this.#emit({ kind: 'reconciled', tookMs: this.#clock.now() - started })
    }
  }

  async #measureSkew(): Promise<void> {
    if (this.#exchange.has.fetchTime !== true) return
    const before = Date.now()
    const server = await this.#call('time', () => this.#exchange.fetchTime(), Infinity)
    const after = Date.now()
    if (server === undefined) return
    this.#skewMs = server - (before + after) / 2
    // ccxt signs with local time minus this difference; Binance refuses a timestamp outside its window.
    this.#exchange.options.timeDifference = Math.round(-this.#skewMs)
  }

  #byPendingClientId(symbol: string, clientId: string | undefined): Tracked | undefined {
    if (clientId === undefined) return undefined
    for (const t of this.#tracked.values()) {
      if (t.rules.symbol === symbol && t.pendingClientId === clientId) return t
    }
    return undefined
  }

  async #status(tracked: Tracked): Promise<CcxtOrder | undefined> {
    const leg = tracked.legs.at(-1)
    const symbol = tracked.rules.symbol
    if (leg !== undefined) {
      return this.#call(
        `order ${leg.exchangeId}`,
        () => this.#exchange.fetchOrder(leg.exchangeId, symbol),
        Infinity,
      )
    }
    if (tracked.pendingClientId === undefined) return undefined
    return this.#lookUp(symbol, tracked.pendingClientId)
  }

  /** An order of ours as the exchange shows it: its id mapped, its acceptance reported. */
  #learn(tracked: Tracked, o: CcxtOrder): void {
    if (tracked.legs.at(-1)?.exchangeId !== o.id) {
      const lotsBefore = tracked.legs.length === 0 ? 0 : tracked.reportedLots
      this.#adoptLeg(tracked, {
        exchangeId: idOf(o),
        clientId: o.clientOrderId ?? tracked.order.clientOrderId,
        lotsBefore,
      })
    }
    if (!tracked.accepted && o.status !== 'rejected') {
      tracked.accepted = true
      this.#report({
        kind: 'accepted',
        orderId: tracked.order.orderId,
        time: (o.timestamp ?? this.#clock.now()) as UnixMillis,
      })
    }
  }

  async #unknownOrder(o: CcxtOrder, symbol: string): Promise<void> {
    const id = idOf(o)
    const first = !this.#unknownOrders.has(id)
    this.#unknownOrders.add(id)
    if (first)
      this.#emit({
        kind: 'unknown-order',
        exchangeOrderId: id,
        symbol,
        clientOrderId: o.clientOrderId,
        policy: this.#policy,
      })
    if (this.#policy === 'cancel') await this.#cancelQuietly(id, symbol)
  }

  /** Trades since the oldest unsettled order was created, each of ours reported once. */
  async #fetchFills(): Promise<void> {
    const bySymbol = new Map<string, number>()
    for (const t of this.#tracked.values()) {
      if (t.settled) continue
      const since = bySymbol.get(t.rules.symbol)
      bySymbol.set(t.rules.symbol, Math.min(since ?? Infinity, t.order.createdAt))
    }
    for (const [symbol, createdAt] of bySymbol) {
      // A margin for the exchange's clock running behind ours.
      let since = Math.floor(createdAt + this.#skewMs - 60_000)
      for (;;) {
        const from = since
        const trades = await this.#call(
          `trades of ${symbol}`,
          () => this.#exchange.fetchMyTrades(symbol, from, 1000),
          Infinity,
        )
        for (const trade of trades) this.#onTrade(trade)
        const last = trades.at(-1)?.timestamp
        if (trades.length < 1000 || last === undefined || last <= since) break
        since = last
      }
    }
  }

  #onTrade(trade: Trade): void {
    if (
      trade.order === undefined ||
      trade.id === undefined ||
      trade.amount === undefined ||
      trade.price === undefined
    )
      return
    const tracked = this.#byExchangeId.get(trade.order)
    const id = toTradeId(`${trade.symbol ?? ''}:${trade.id}`)
    if (tracked === undefined) {
      if (!this.#reportedTrades.has(id) && this.#unknownOrders.has(trade.order)) {
        this.#reportedTrades.add(id)
        this.#emit({ kind: 'unknown-fill', exchangeOrderId: trade.order, tradeId: id })
      }
      return
    }
    if (this.#reportedTrades.has(id)) return
    this.#reportedTrades.add(id)
    const { instrument, quote } = tracked.rules
    const lots = quantityToLots(instrument, trade.amount, 'half-even')
    const fee = trade.fee
    let feeUnits = 0n
    if (fee?.cost !== undefined && fee.cost !== 0) {
      if (fee.currency === quote) feeUnits = money(instrument.quoteCurrency, fee.cost, 'half-up').units
      else this.#emit({ kind: 'fee-not-booked', tradeId: id, currency: fee.currency ?? '?', cost: fee.cost })
    }
    tracked.reportedLots += lots
    this.#report({
      kind: 'fill',
      fill: {
        venue: this.name,
        tradeId: id,
        orderId: tracked.order.orderId,
        clientOrderId: tracked.order.clientOrderId,
        instrumentId: instrument.id,
        side: tracked.order.side,
        price: priceToTicks(instrument, trade.price, 'half-even'),
        quantity: lots,
        fee: feeUnits,
        liquidity: trade.takerOrMaker === 'maker' ? 'maker' : 'taker',
        time: (trade.timestamp ?? this.#clock.now()) as UnixMillis,
      },
    })
  }

  /** A final status reported once every fill it counts has been reported. */
  #settle(tracked: Tracked, o: CcxtOrder): void {
    if (tracked.settled || o.status === 'open' || o.status === undefined) return
    const leg = tracked.legs.at(-1)
    if (leg === undefined || leg.exchangeId !== o.id) return
    const exchangeLots = leg.lotsBefore + this.#lots(tracked, o.filled ?? 0)
    if (exchangeLots > tracked.reportedLots) {
      this.#emit({
        kind: 'fills-pending',
        orderId: tracked.order.orderId,
        exchangeLots,
        reportedLots: tracked.reportedLots,
      })
      return
    }
    if (o.status === 'closed') {
      tracked.settled = true
      return
    }
    if (o.status === 'rejected') {
      tracked.settled = true
      this.#report({
        kind: 'rejected',
        orderId: tracked.order.orderId,
        code: 'exchange',
        reason: 'rejected by the exchange',
        time: this.#clock.now(),
      })
      return
    }
    const tif = tracked.order.timeInForce
    const immediate = tracked.order.type === 'market' || tif === 'IOC' || tif === 'FOK'
    if (o.status === 'expired' && !immediate) {
      tracked.settled = true
      this.#report({ kind: 'expired', orderId: tracked.order.orderId, time: this.#clock.now() })
      return
    }
    this.#finish(tracked, 'cancelled', immediate ? `${tif} remainder` : 'cancelled on the exchange')
  }

  #finish(tracked: Tracked, _kind: 'cancelled', reason: string): void {
    tracked.settled = true
    this.#report({ kind: 'cancelled', orderId: tracked.order.orderId, reason, time: this.#clock.now() })
  }

  #lots(tracked: Tracked, amount: number): number {
    return quantityToLots(tracked.rules.instrument, amount, 'half-even')
  }

  /**
   * Calls the exchange, retrying what may succeed later (network errors, 429, 5xx) with backoff
   * and jitter, or after the Retry-After the exchange asked for. A network failure marks the
   * venue disconnected; the next command reconciles first.
   */
  async #call<T>(
    what: string,
    request: () => Promise<T>,
    maxAttempts = this.#backoff.maxAttempts,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request()
      } catch (error) {
        if (!isRetryable(error)) throw error
        if (attempt + 1 >= maxAttempts) {
          throw new TradePulseError(
            'VENUE_UNREACHABLE',
            `${this.#exchange.id}: ${what} failed ${attempt + 1} times: ${describe(error)}`,
          )
        }
        await this.#wait(error, attempt, what)
      }
    }
  }

  async #wait(error: unknown, attempt: number, what: string): Promise<void> {
    if (
      error instanceof ccxt.NetworkError &&
      !(error instanceof ccxt.DDoSProtection) &&
      !(error instanceof ccxt.ExchangeNotAvailable)
    ) {
      this.#disconnected()
    }
    const asked =
      error instanceof ccxt.DDoSProtection || error instanceof ccxt.ExchangeNotAvailable
        ? retryAfterMs(this.#exchange.last_response_headers, Date.now())
        : undefined
    const delay = asked ?? backoffDelay(attempt, this.#backoff, this.#random)
    this.#emit({ kind: 'retry', what, attempt: attempt + 1, delayMs: delay, reason: describe(error) })
    await this.#sleep(delay)
  }

  #disconnected(): void {
    this.#needsReconcile = true
    if (this.#state === 'disconnected') return
    this.#state = 'disconnected'
    for (const listener of this.#connectionListeners) listener('disconnected')
  }

  #report(report: ExecutionReport): void {
    for (const listener of this.#reportListeners) listener(report)
  }

  #emit(event: VenueEvent): void {
    for (const listener of this.#eventListeners) listener(event)
  }
}

/** The exchange's id of an order; ccxt types it optional, but every exchange answers with one. */
function idOf(o: CcxtOrder): string {
  if (o.id === undefined || o.id === '') {
    throw new TradePulseError(
      'VENUE_UNREACHABLE',
      `the exchange answered with an order without an id: ${JSON.stringify(o.info)}`,
    )
  }
  return o.id
}

/** Errors after which the same request may succeed: network trouble, rate limits, 5xx. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ccxt.OperationFailed
}

function isUnsettled(order: Readonly<Order>): boolean {
  return [
    'pending-new',
    'accepted',
    'partially-filled',
    'pending-cancel',
    'pending-replace',
    'replaced',
  ].includes(order.status)
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)
}

function formatQuantity(instrument: Parameters<typeof lotsToQuantity>[0], lots: number): string {
  const q = lotsToQuantity(instrument, lots as QuantityLots)
  const digits = q.units.toString().padStart(q.scale + 1, '0')
  return q.scale === 0 ? digits : `${digits.slice(0, -q.scale)}.${digits.slice(-q.scale)}`
}

/** The client id of the n-th replacement leg: the original's, suffixed, within 36 characters. */
export function replaceClientId(clientOrderId: string, n: number): string {
  const suffix = `-r${n}`
  return clientOrderId.slice(0, 36 - suffix.length) + suffix
}
