/**
 * Replays recorded bars as a feed: every bar of every instrument in the order the bars became
 * known (`knownAt`), ties in the order of the instruments — the backtest's timeline
 * (src/backtest/engine/timeline.ts), so a replay and a backtest see the same sequence. With
 * `speed`, the gaps between bar times are slept, divided by it (60: a minute of data per second);
 * without, the feed runs as fast as it is read, yielding to the event loop between groups so a
 * signal is still heard.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { BarSeries } from '../data/bar-series.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { Clock } from '../execution/clock.ts'
import type { BarFeed, FeedBar, FeedGroup } from './bar-feed.ts'

export interface ReplayFeedOptions {
  /** One series per instrument of the run, in its order. */
  readonly series: readonly BarSeries[]
  /** Data time per wall time; undefined: no pacing. */
  readonly speed?: number
  /** Stamps `receivedAt`. */
  readonly clock: Clock
}

export class ReplayFeed implements BarFeed {
  readonly #series: readonly BarSeries[]
  readonly #next: Int32Array
  readonly #speed: number | undefined
  readonly #clock: Clock
  #lastTime = Number.NaN

  constructor(options: ReplayFeedOptions) {
    if (options.speed !== undefined && !(options.speed > 0 && Number.isFinite(options.speed)))
      throw new RangeError(`speed must be finite and > 0, was ${options.speed}`)
    this.#series = options.series
    this.#next = new Int32Array(options.series.length)
    this.#speed = options.speed
    this.#clock = options.clock
  }

  /** Bars still to come, over every instrument. */
  get remaining(): number {
    let n = 0
    this.#series.forEach((s, i) => (n += s.length - this.#next[i]!))
    return n
  }

  async next(signal: AbortSignal): Promise<FeedGroup | undefined> {
    let time = Number.POSITIVE_INFINITY
    this.#series.forEach((s, i) => {
      const j = this.#next[i]!
      if (j < s.length && s.knownAt[j]! < time) time = s.knownAt[j]!
    })
    if (time === Number.POSITIVE_INFINITY || signal.aborted) return undefined
    const wait =
      this.#speed === undefined || Number.isNaN(this.#lastTime) ? 0 : (time - this.#lastTime) / this.#speed
    try {
      if (wait > 0) await sleep(wait, undefined, { signal })
      else await new Promise<void>((resolve) => setImmediate(resolve))
    } catch {
      return undefined // aborted while waiting
    }
    // Aborted while the event loop ran (a signal handler): nothing more is handed over.
    if (isAborted(signal)) return undefined
    this.#lastTime = time
    const receivedAt = this.#clock.now()
    const bars: FeedBar[] = []
    this.#series.forEach((s, i) => {
      const j = this.#next[i]!
      if (j < s.length && s.knownAt[j] === time) {
        bars.push({ instrument: i, bar: s.at(j), exchangeTime: undefined, receivedAt })
        this.#next[i] = j + 1
      }
    })
    return { time: time as UnixMillis, bars }
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** Read through a call: the signal changes while the feed awaits, which narrowing does not see. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted
}
