/**
 * Bars from an exchange as a feed: closed candles of every symbol, polled over ccxt's REST API
 * (`CcxtMarketData.bars`, which hands each candle on once, only after it has closed on the
 * exchange's clock). Candles that closed at the same time are handed over together, in the
 * order of the run's instruments; each keeps the exchange's time and the time it arrived.
 *
 * A poll that fails (a dropped connection, a 5xx) is counted and tried again at the next
 * interval: market data is not reconciled, the next poll returns the candles missed since.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { UnixMillis } from '../domain/time.ts'
import type { CcxtMarketData } from '../venues/ccxt/market-data.ts'
import type { MarketRules } from '../venues/ccxt/exchange-rules.ts'
import type { BarFeed, FeedBar, FeedGroup } from './bar-feed.ts'

export interface ExchangeFeedOptions {
  readonly marketData: CcxtMarketData
  /** One per instrument of the run, in its order. */
  readonly markets: readonly MarketRules[]
  /** ccxt's timeframe: `1m`, `1h`… */
  readonly timeframe: string
  readonly pollIntervalMs: number
  /** Candles opening at or after this time are the first handed on (default: from the next close). */
  readonly since?: number
  /** Called with each failed poll. */
  readonly onError?: (error: unknown) => void
}

export class ExchangeFeed implements BarFeed {
  readonly #options: ExchangeFeedOptions
  readonly #ready: FeedGroup[] = []
  #failures = 0
  #latencyMs: number | undefined

  constructor(options: ExchangeFeedOptions) {
    this.#options = options
  }

  /** Polls that failed so far. */
  get failures(): number {
    return this.#failures
  }

  /** Receive time minus exchange time of the last bar handed on, in milliseconds. */
  get latencyMs(): number | undefined {
    return this.#latencyMs
  }

  async next(signal: AbortSignal): Promise<FeedGroup | undefined> {
    for (;;) {
      const ready = this.#ready.shift()
      if (ready !== undefined) return ready
      if (signal.aborted) return undefined
      await this.#poll()
      if (this.#ready.length > 0) continue
      try {
        await sleep(this.#options.pollIntervalMs, undefined, { signal })
      } catch {
        return undefined
      }
    }
  }

  async #poll(): Promise<void> {
    const { marketData, markets, timeframe, since } = this.#options
    const byTime = new Map<number, FeedBar[]>()
    for (const [instrument, rules] of markets.entries()) {
      let bars
      try {
        bars = await marketData.bars(rules, timeframe, since)
      } catch (error) {
        this.#failures++
        this.#options.onError?.(error)
        continue
      }
      for (const stamped of bars) {
        const time = stamped.data.knownAt
        let group = byTime.get(time)
        if (group === undefined) byTime.set(time, (group = []))
        group.push({
          instrument,
          bar: stamped.data,
          exchangeTime: stamped.exchangeTime,
          receivedAt: stamped.receivedAt,
        })
        this.#latencyMs = stamped.latencyMs
      }
    }
    for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
      this.#ready.push({ time: time as UnixMillis, bars: byTime.get(time)! })
    }
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
