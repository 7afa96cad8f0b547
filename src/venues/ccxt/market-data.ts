/**
 * Live market data over ccxt's REST methods, polled: the top of the order book as a `Quote`,
 * the public trades as `TradeTick`s, closed candles as `Bar`s — the types the backtest feeds
 * strategies. Each item is stamped twice: the exchange's time (when the exchange gives one) and
 * the time it was received here, so the latency from the exchange to us is measured, not assumed;
 * the exchange time is corrected by the venue's measured clock skew.
 *
 * A candle is handed on only once closed (its `knownAt`, open + interval, has passed on the
 * exchange's clock): a forming candle changes until then, and a strategy must never see it — the
 * rule the backtest keeps (docs/backtest.md, time and look-ahead).
 *
 * The WebSocket streams are read by market-stream.ts; polling here is what a live feed falls back
 * to while a stream is down (src/live/stream-feed.ts).
 */
import type { Exchange } from 'ccxt'
import { tradeId } from '../../domain/ids.ts'
import type { Bar, Quote, TradeTick } from '../../domain/market-data.ts'
import { type Interval, type UnixMillis, parseInterval } from '../../domain/time.ts'
import type { Clock } from '../../execution/clock.ts'
import type { MarketRules } from './exchange-rules.ts'

export interface Stamped<T> {
  readonly data: T
  /** The exchange's time for the item, on our clock (skew removed); undefined when it gives none. */
  readonly exchangeTime: UnixMillis | undefined
  readonly receivedAt: UnixMillis
  /** receivedAt − exchangeTime: how old the item was when it arrived; undefined without an exchange time. */
  readonly latencyMs: number | undefined
}

export interface MarketDataOptions {
  readonly exchange: Exchange
  readonly clock: Clock
  /** Exchange time minus local time (`CcxtVenue.clockSkewMs`); read at each poll. */
  readonly skewMs?: () => number
}

export class CcxtMarketData {
  readonly #exchange: Exchange
  readonly #clock: Clock
  readonly #skew: () => number
  readonly #lastTrade = new Map<string, number>()
  readonly #lastBar = new Map<string, number>()

  constructor(options: MarketDataOptions) {
    this.#exchange = options.exchange
    this.#clock = options.clock
    this.#skew = options.skewMs ?? (() => 0)
  }

  /** The best bid and ask now, or undefined while a side is empty. */
  async quote(rules: MarketRules): Promise<Stamped<Quote> | undefined> {
    const book = await this.#exchange.fetchOrderBook(rules.symbol, 5)
    const received = this.#clock.now()
    const [bid, bidSize] = book.bids[0] ?? []
    const [ask, askSize] = book.asks[0] ?? []
    if (bid === undefined || ask === undefined || bidSize === undefined || askSize === undefined)
      return undefined
    const exchangeTime = this.#local(book.timestamp)
    return this.#stamp(
      {
        instrumentId: rules.instrument.id,
        tsEvent: exchangeTime ?? received,
        bidPrice: bid,
        bidSize,
        askPrice: ask,
        askSize,
      },
      exchangeTime,
      received,
    )
  }

  /** Public trades since the last call (the first call: since `since`), each once, oldest first. */
  async trades(rules: MarketRules, since?: number): Promise<Stamped<TradeTick>[]> {
    const last = this.#lastTrade.get(rules.symbol)
    const trades = await this.#exchange.fetchTrades(rules.symbol, last ?? since)
    const received = this.#clock.now()
    const out: Stamped<TradeTick>[] = []
    for (const t of trades) {
      if (t.timestamp === undefined || t.price === undefined || t.amount === undefined) continue
      if (last !== undefined && t.timestamp < last) continue
      const id = t.id === undefined ? undefined : `${rules.symbol}:${t.id}`
      if (id !== undefined && this.#seen(rules.symbol, id, t.timestamp)) continue
      const exchangeTime = this.#local(t.timestamp)
      out.push(
        this.#stamp(
          {
            instrumentId: rules.instrument.id,
            tsEvent: exchangeTime ?? received,
            price: t.price,
            size: t.amount,
            aggressor: t.side === 'buy' ? 'buy' : t.side === 'sell' ? 'sell' : 'unknown',
            ...(id === undefined ? {} : { tradeId: tradeId(id) }),
          },
          exchangeTime,
          received,
        ),
      )
      this.#lastTrade.set(rules.symbol, t.timestamp)
    }
    this.#forgetBefore(rules.symbol, this.#lastTrade.get(rules.symbol) ?? 0)
    return out
  }

  /** Candles of `timeframe` (`1m`, `1h`…) closed since the last call, oldest first, each once. */
  async bars(rules: MarketRules, timeframe: string, since?: number): Promise<Stamped<Bar>[]> {
    const interval: Interval = parseInterval(timeframe)
    const last = this.#lastBar.get(rules.symbol)
    const candles = await this.#exchange.fetchOHLCV(
      rules.symbol,
      timeframe,
      last === undefined ? since : last + interval.ms,
    )
    const received = this.#clock.now()
    const exchangeNow = received + this.#skew()
    const out: Stamped<Bar>[] = []
    for (const [openTime, open, high, low, close, volume] of candles) {
      if ([openTime, open, high, low, close, volume].some((x) => x === undefined)) continue
      const knownAt = openTime! + interval.ms
      if (knownAt > exchangeNow || (last !== undefined && openTime! <= last)) continue
      const exchangeTime = this.#local(knownAt)
      out.push(
        this.#stamp(
          {
            openTime: openTime! as UnixMillis,
            interval,
            knownAt: knownAt as UnixMillis,
            open: open!,
            high: high!,
            low: low!,
            close: close!,
            volume: volume!,
          },
          exchangeTime,
          received,
        ),
      )
      this.#lastBar.set(rules.symbol, openTime!)
    }
    return out
  }

  /** Ids of the trades handed on, by symbol, with their times: kept only at the newest time. */
  readonly #seenIds = new Map<string, Map<string, number>>()

  /** Trades at the last timestamp come again with the next poll (its `since` is inclusive). */
  #seen(symbol: string, id: string, time: number): boolean {
    let ids = this.#seenIds.get(symbol)
    if (ids === undefined) this.#seenIds.set(symbol, (ids = new Map<string, number>()))
    if (ids.has(id)) return true
    ids.set(id, time)
    return false
  }

  #forgetBefore(symbol: string, time: number): void {
    const ids = this.#seenIds.get(symbol)
    if (ids === undefined) return
    for (const [id, at] of ids) if (at < time) ids.delete(id)
  }

  #local(exchangeTime: number | undefined): UnixMillis | undefined {
    return exchangeTime === undefined ? undefined : ((exchangeTime - this.#skew()) as UnixMillis)
  }

  #stamp<T>(data: T, exchangeTime: UnixMillis | undefined, receivedAt: UnixMillis): Stamped<T> {
    return {
      data,
      exchangeTime,
      receivedAt,
      latencyMs: exchangeTime === undefined ? undefined : receivedAt - exchangeTime,
    }
  }
}
