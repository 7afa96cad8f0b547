/**
 * What a backtest is given: a strategy and its parameters, the bars of each instrument, and the
 * configuration. `runBacktest(input)` (engine.ts) turns it into a `BacktestResult`.
 */
import type { BarSeries } from '../data/bar-series.ts'
import type { Instrument } from '../domain/instrument.ts'
import type { AnyStrategy } from '../strategy/types.ts'
import type { BacktestConfigInput } from './config.ts'

export interface InstrumentBars {
  readonly instrument: Instrument
  readonly series: BarSeries
  /** Where the bars came from (a path as given), recorded with the run. */
  readonly source: string
}

export interface BacktestInput {
  readonly strategy: AnyStrategy
  /** Validated against the strategy's schema; defaults fill what is missing. */
  readonly params?: unknown
  readonly data: readonly InstrumentBars[]
  readonly config?: BacktestConfigInput
  /** Called now and then with the bar events done and the total. */
  readonly onProgress?: (done: number, total: number) => void
}
