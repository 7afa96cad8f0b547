/**
 * The event loop of a live run: the backtest's order of events at a time (run.ts), fed one group
 * of bars at a time instead of from a timeline known in advance. With the bars of time `T`:
 * 1. reports and timers due before `T` reach the strategy, each at its own time, in time order
 *    (reports before timers at the same time);
 * 2. the bars reach the market (`onMarket`: the paper venue fills working orders on them) and the
 *    last closes move;
 * 3. reports due by `T`, then timers due by `T`, then each bar to the strategy in instrument
 *    order, reports due by `T` again after every callback.
 * A replay through this loop with the backtest's latencies at zero (`latency.marketDataMs` must
 * be zero: the strategy sees a bar when the market does) takes the same steps as the backtest,
 * which is what the parity test checks.
 *
 * Between bars, `advance(now)` delivers what has come due on a clock that moves on its own (a
 * venue's reports, timers on the wall clock).
 */
import type { Bar } from '../domain/market-data.ts'
import type { ManualClock } from '../execution/clock.ts'
import type { StrategyHost } from '../strategy/host/strategy-host.ts'
import type { FeedGroup } from './bar-feed.ts'
import type { LiveBars } from './live-bars.ts'

export interface LiveLoopOptions {
  readonly host: StrategyHost
  readonly clock: ManualClock
  readonly bars: readonly LiveBars[]
  /** Step 2 for one bar: the venue sees it (paper), before the strategy does. */
  readonly onMarket: (instrument: number, bar: Bar) => void
}

export class LiveLoop {
  readonly #host: StrategyHost
  readonly #clock: ManualClock
  readonly #bars: readonly LiveBars[]
  readonly #onMarket: (instrument: number, bar: Bar) => void
  /** The last close per instrument; NaN before its first bar. */
  readonly lastClose: Float64Array
  #barsSeen = 0
  #barsSkipped = 0

  constructor(options: LiveLoopOptions) {
    this.#host = options.host
    this.#clock = options.clock
    this.#bars = options.bars
    this.#onMarket = options.onMarket
    this.lastClose = new Float64Array(options.bars.length).fill(Number.NaN)
  }

  /** Bars handed to the strategy. */
  get barsSeen(): number {
    return this.#barsSeen
  }

  /** Bars dropped because they did not open after the instrument's last one (a repeat). */
  get barsSkipped(): number {
    return this.#barsSkipped
  }

  /** The bars of one time; the clock moves to `time` (never back: a late group runs at the clock's time). */
  step(group: FeedGroup): void {
    const time = Math.max(group.time, this.#clock.now())
    this.#dueBefore(time)
    this.#clock.set(time)
    const fresh: { instrument: number; index: number }[] = []
    for (const { instrument, bar } of group.bars) {
      const series = this.#bars[instrument]!
      if (!(bar.openTime > series.lastOpenTime)) {
        this.#barsSkipped++
        continue
      }
      const index = series.push(bar)
      this.#onMarket(instrument, bar)
      this.lastClose[instrument] = bar.close
      fresh.push({ instrument, index })
    }
    this.#dueBy(time)
    for (const { instrument, index } of fresh) {
      this.#barsSeen++
      this.#host.bar(instrument, index, this.#bars[instrument]!)
      this.#dueBy(time)
    }
  }

  /** Reports and timers due by `now`, each at its own time; the clock ends at `now`. */
  advance(now: number): void {
    const time = Math.max(now, this.#clock.now())
    this.#dueBefore(time)
    this.#clock.set(time)
    this.#dueBy(time)
  }

  /** Reports and timers due strictly before `time`, each delivered at its own time. */
  #dueBefore(time: number): void {
    const host = this.#host
    for (;;) {
      const reports = host.nextReportTime()
      const timers = host.nextTimerTime()
      const t = Math.min(reports, timers)
      if (!(t < time)) return
      this.#clock.set(Math.max(t, this.#clock.now()))
      if (reports === t) host.deliverReports(t)
      else host.fireTimer()
    }
  }

  /** At `time`: reports due by it, then timers, until neither is left. */
  #dueBy(time: number): void {
    const host = this.#host
    for (;;) {
      if (host.nextReportTime() <= time) host.deliverReports(time)
      else if (host.nextTimerTime() <= time) host.fireTimer()
      else return
    }
  }
}
