/**
 * The backtest engine: `runBacktest(input)` plays the bars of one or more instruments through a
 * strategy, an execution core and the paper venue, and returns everything the run did
 * (result.ts). The same input gives a deep-equal result. How time, orders and frictions are
 * handled is in docs/backtest.md; the loop itself is engine/run.ts.
 */
import type { BacktestInput } from './input.ts'
import type { BacktestResult } from './result.ts'
import { runDetailed } from './engine/run.ts'

export { instrumentForSeries } from './engine/instruments.ts'
export { type LookaheadLeak, type LookaheadReport, checkLookahead } from './engine/lookahead.ts'

export function runBacktest(input: BacktestInput): BacktestResult {
  return runDetailed(input).result
}
