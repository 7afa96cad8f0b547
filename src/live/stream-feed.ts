/**
 * Bars from an exchange's WebSocket streams as a feed (`CcxtMarketStream`), with REST polling
 * (`CcxtMarketData`) as the fallback: when a symbol's stream fails — a dropped connection, a
 * refused one — its candles are polled over REST, from the last one handed on, until the stream
 * is tried again `retryStreamMs` later and answers. Each candle is handed on once, whichever path
 * brought it; each keeps its exchange and receive times.
 *
 * One loop per symbol: a group holds the candles of one symbol that arrived together.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { MarketRules } from '../venues/ccxt/exchange-rules.ts'
import type { CcxtMarketData, Stamped } from '../venues/ccxt/market-data.ts'
import type { CcxtMarketStream } from '../venues/ccxt/market-stream.ts'
import type { Bar } from '../domain/market-data.ts'
import type { BarFeed, FeedGroup } from './bar-feed.ts'

export interface StreamFeedOptions {
  readonly stream: CcxtMarketStream
  readonly poller: CcxtMarketData
  /** One per instrument of the run, in its order. */
  readonly markets: readonly MarketRules[]
  readonly timeframe: string
  /** How often candles are polled while a stream is down. */
  readonly pollIntervalMs: number
  /** How long a failed stream is left before it is tried again. */
  readonly retryStreamMs: number
  /** Called when a symbol's source changes: `stream` or `rest`, and why. */
  readonly onSource?: (symbol: string, source: 'stream' | 'rest', reason: string) => void
}

export class StreamFeed implements BarFeed {
  readonly #options: StreamFeedOptions
  readonly #ready: FeedGroup[] = []
  readonly #lastOpen: number[]
  readonly #stop = new AbortController()
  #wake: (() => void) | undefined
  #started = false
  #failures = 0
  #polledBars = 0
  #streamedBars = 0

  constructor(options: StreamFeedOptions) {
    this.#options = options
    this.#lastOpen = options.markets.map(() => Number.NEGATIVE_INFINITY)
  }

  /** Stream failures so far. */
  get failures(): number {
    return this.#failures
  }

  /** Candles handed on from the stream, and from REST polling. */
  get counts(): { readonly streamed: number; readonly polled: number } {
    return { streamed: this.#streamedBars, polled: this.#polledBars }
  }

  async next(signal: AbortSignal): Promise<FeedGroup | undefined> {
    if (!this.#started) {
      this.#started = true
      for (const [i] of this.#options.markets.entries()) void this.#run(i)
    }
    for (;;) {
      const ready = this.#ready.shift()
      if (ready !== undefined) return ready
      if (signal.aborted) return undefined
      await new Promise<void>((resolve) => {
        this.#wake = resolve
        signal.addEventListener(
          'abort',
          () => {
            resolve()
          },
          { once: true },
        )
      })
      this.#wake = undefined
    }
  }

  async close(): Promise<void> {
    this.#stop.abort()
    this.#wake?.()
    await this.#options.stream.close()
  }

  /** The loop of one symbol: the stream while it works, REST polling while it does not. */
  async #run(i: number): Promise<void> {
    const { stream, markets, timeframe, pollIntervalMs, retryStreamMs, onSource } = this.#options
    const rules = markets[i]!
    const stop = this.#stop.signal
    // Read through a call: the signal changes while the loop awaits, which narrowing does not see.
    const stopped = (): boolean => stop.aborted
    let recovering = false
    while (!stopped()) {
      try {
        const bars = await stream.bars(rules, timeframe, this.#lastOpen[i])
        // Back on the stream: candles that closed between the last poll and the reconnect were on
        // neither path, so one more poll fills the gap before the stream's candles go on.
        if (recovering) {
          recovering = false
          await this.#poll(i).catch(() => undefined)
        }
        this.#hand(i, bars, 'stream')
        continue
      } catch (error) {
        if (stopped()) return
        this.#failures++
        onSource?.(rules.symbol, 'rest', error instanceof Error ? error.message : String(error))
      }
      // The stream is down: poll until it is time to try it again.
      recovering = true
      const retryAt = Date.now() + retryStreamMs
      while (!stopped() && Date.now() < retryAt) {
        try {
          await this.#poll(i)
        } catch {
          // The REST API is down too: the next round tries again.
        }
        try {
          await sleep(pollIntervalMs, undefined, { signal: stop })
        } catch {
          return
        }
      }
      if (!stopped()) onSource?.(rules.symbol, 'stream', 'retrying the stream')
    }
  }

  async #poll(i: number): Promise<void> {
    const { poller, markets, timeframe } = this.#options
    const since = Number.isFinite(this.#lastOpen[i]!) ? this.#lastOpen[i]! + 1 : undefined
    this.#hand(i, await poller.bars(markets[i]!, timeframe, since), 'rest')
  }

  #hand(i: number, bars: readonly Stamped<Bar>[], source: 'stream' | 'rest'): void {
    for (const stamped of bars) {
      const bar = stamped.data
      if (!(bar.openTime > this.#lastOpen[i]!)) continue
      this.#lastOpen[i] = bar.openTime
      if (source === 'stream') this.#streamedBars++
      else this.#polledBars++
      this.#ready.push({
        time: bar.knownAt,
        bars: [{ instrument: i, bar, exchangeTime: stamped.exchangeTime, receivedAt: stamped.receivedAt }],
      })
    }
    if (this.#ready.length > 0) this.#wake?.()
  }
}
