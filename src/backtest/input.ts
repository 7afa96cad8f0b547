/**
 * What a backtest is given: a strategy and its parameters, the bars of each instrument, and the
 * configuration. `runBacktest(input)` (engine.ts) turns it into a `BacktestResult`.
 */
import type { BarSeries } from '../data/bar-series.ts'
import type { Instrument, InstrumentId } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { AnyStrategy } from '../strategy/types.ts'
import type { BacktestConfigInput } from './config.ts'

export interface InstrumentBars {
  readonly instrument: Instrument
  readonly series: BarSeries
  /** Where the bars came from (a path as given), recorded with the run. */
  readonly source: string
}

/**
 * A trading halt of one instrument, for the engine's `TradingHalts`: halted at `from`, resumed at
 * `to` (the halt covers `[from, to)`); nothing may fill inside it.
 */
export interface InstrumentHalt {
  readonly instrumentId: InstrumentId
  readonly from: UnixMillis
  readonly to: UnixMillis
  /** The open of the bar at `to`, where trading resumes. */
  readonly reopenPrice: number
}

export interface BacktestInput {
  readonly strategy: AnyStrategy
  /** Validated against the strategy's schema; defaults fill what is missing. */
  readonly params?: unknown
  readonly data: readonly InstrumentBars[]
  readonly config?: BacktestConfigInput
  /** Trading halts to apply (stress scenarios); none when omitted. */
  readonly halts?: readonly InstrumentHalt[]
  /** Called now and then with the bar events done and the total. */
  readonly onProgress?: (done: number, total: number) => void
}
