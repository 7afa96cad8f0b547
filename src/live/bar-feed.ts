/**
 * Where a live run's bars come from: a recorded file replayed in time order (replay-feed.ts) or
 * an exchange (exchange-feed.ts). A feed hands over the bars that became known at one time
 * together, in the order of the run's instruments — the order the backtest's timeline uses.
 */
import type { Bar } from '../domain/market-data.ts'
import type { UnixMillis } from '../domain/time.ts'

export interface FeedBar {
  /** Index of the instrument in the run's list. */
  readonly instrument: number
  readonly bar: Bar
  /** The exchange's time for the bar (its close, on our clock); undefined for a replay. */
  readonly exchangeTime: UnixMillis | undefined
  /** When it arrived here (for a replay: when it was handed over). */
  readonly receivedAt: UnixMillis
}

export interface FeedGroup {
  /** When the bars became known: their `knownAt`. */
  readonly time: UnixMillis
  readonly bars: readonly FeedBar[]
}

export interface BarFeed {
  /**
   * The next bars known at one time; undefined once the feed has ended or `signal` is aborted.
   * Waits as long as the source does (the next candle closing, a paced replay).
   */
  next(signal: AbortSignal): Promise<FeedGroup | undefined>
  /** Releases the source (connections, timers). */
  close(): Promise<void>
}
