/**
 * Live market data over ccxt pro's WebSocket streams: closed candles (`watchOHLCV`) and public
 * trades (`watchTrades`), as the types the backtest feeds strategies and stamped as the REST
 * poller stamps them (market-data.ts): the exchange's time, moved onto our clock by the venue's
 * measured skew, and the time it was received, both kept, their difference the latency.
 *
 * A candle is handed on once a newer candle of the same symbol has arrived: the exchange has
 * moved on, so its values are final. (ccxt keeps the candles in a cache and drops Binance's
 * `x` closed flag; the client must be built with `newUpdates` off, `createExchange({ streaming:
 * true })`, so a watch returns the whole cache.) The last candle of a quiet market therefore
 * waits for the next trade; a strategy never sees a forming candle.
 *
 * A watch rejects when the connection fails; the caller decides what to do meanwhile (the live
 * feed polls over REST, src/live/stream-feed.ts) and calls again, which reconnects.
 */
import type { Exchange, OHLCV } from 'ccxt'
import { tradeId } from '../../domain/ids.ts'
import type { Bar, TradeTick } from '../../domain/market-data.ts'
import { type Interval, type UnixMillis, parseInterval } from '../../domain/time.ts'
import type { Clock } from '../../execution/clock.ts'
import type { MarketRules } from './exchange-rules.ts'
import type { Stamped } from './market-data.ts'

export interface MarketStreamOptions {
  /** A ccxt pro client (`createExchange({ streaming: true })`). */
  readonly exchange: Exchange
  readonly clock: Clock
  /** Exchange time minus local time (`CcxtVenue.clockSkewMs`). */
  readonly skewMs?: () => number
}

export class CcxtMarketStream {
  readonly #exchange: Exchange
  readonly #clock: Clock
  readonly #skew: () => number
  /** Per symbol and timeframe, the open time of the last candle handed on. */
  readonly #lastBar = new Map<string, number>()
  readonly #lastTrade = new Map<string, number>()
  #agent: Promise<unknown> | undefined

  constructor(options: MarketStreamOptions) {
    this.#exchange = options.exchange
    this.#clock = options.clock
    this.#skew = options.skewMs ?? (() => 0)
  }

  /**
   * Waits for the stream's next update and returns the candles that closed with it (none when
   * the update only moved the forming candle), oldest first, each once. `after`: hand on only
   * candles opening later (the last one the caller has, from any source).
   */
  async bars(rules: MarketRules, timeframe: string, after?: number): Promise<Stamped<Bar>[]> {
    const interval: Interval = parseInterval(timeframe)
    await this.#plainAgent()
    const candles: OHLCV[] = await this.#exchange.watchOHLCV(rules.symbol, timeframe)
    const received = this.#clock.now()
    const key = `${rules.symbol}\u0000${timeframe}`
    const last = Math.max(
      this.#lastBar.get(key) ?? Number.NEGATIVE_INFINITY,
      after ?? Number.NEGATIVE_INFINITY,
    )
    const newest = candles.reduce(
      (max, c) => Math.max(max, c[0] ?? Number.NEGATIVE_INFINITY),
      Number.NEGATIVE_INFINITY,
    )
    const out: Stamped<Bar>[] = []
    const closed = candles
      .filter((c) => c[0] !== undefined && c[0] < newest && c[0] > last)
      .sort((a, b) => a[0]! - b[0]!)
    for (const [openTime, open, high, low, close, volume] of closed) {
      if ([open, high, low, close, volume].some((x) => x === undefined)) continue
      const knownAt = openTime! + interval.ms
      const exchangeTime = (knownAt - this.#skew()) as UnixMillis
      out.push({
        data: {
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
        receivedAt: received,
        latencyMs: received - exchangeTime,
      })
      this.#lastBar.set(key, openTime!)
    }
    return out
  }

  /** Waits for the stream's next public trades; returns those not handed on before, oldest first. */
  async trades(rules: MarketRules): Promise<Stamped<TradeTick>[]> {
    await this.#plainAgent()
    const trades = await this.#exchange.watchTrades(rules.symbol)
    const received = this.#clock.now()
    const last = this.#lastTrade.get(rules.symbol) ?? Number.NEGATIVE_INFINITY
    const out: Stamped<TradeTick>[] = []
    for (const t of trades) {
      const id = Number(t.id)
      if (t.timestamp === undefined || t.price === undefined || t.amount === undefined) continue
      if (!(id > last)) continue
      const exchangeTime = (t.timestamp - this.#skew()) as UnixMillis
      out.push({
        data: {
          instrumentId: rules.instrument.id,
          tsEvent: exchangeTime,
          price: t.price,
          size: t.amount,
          aggressor: t.side === 'buy' ? 'buy' : t.side === 'sell' ? 'sell' : 'unknown',
          tradeId: tradeId(`${rules.symbol}:${t.id}`),
        },
        exchangeTime,
        receivedAt: received,
        latencyMs: received - exchangeTime,
      })
      this.#lastTrade.set(rules.symbol, id)
    }
    return out
  }

  /** ccxt opens an unencrypted `ws://` stream (a local fake, a proxy) only with an HTTP agent it loads once. */
  #plainAgent(): Promise<unknown> {
    this.#agent ??= this.#exchange.loadHttpProxyAgent()
    return this.#agent
  }

  /** Closes the stream connections. */
  async close(): Promise<void> {
    await this.#exchange.close()
  }
}
