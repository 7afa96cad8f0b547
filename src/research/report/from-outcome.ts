/** Report rows from what a sweep returns, on the engine (run-sweep.ts) or the fast path (fast-sweep.ts). */
import type { FastSweepOutcome } from '../sweep/fast-sweep.ts'
import { fastRankValue } from '../sweep/fast-sweep.ts'
import { rankValue } from '../sweep/rank.ts'
import type { SweepOutcome } from '../sweep/run-sweep.ts'
import type { SweepReportRow } from './render.ts'

export function engineReportRows(outcome: SweepOutcome): SweepReportRow[] {
  return outcome.results.flatMap((result) =>
    'metrics' in result
      ? [
          {
            index: result.index,
            params: result.params,
            value: rankValue(outcome.rank, result.metrics),
            totalReturn: result.metrics.strategy.totalReturn,
            sharpe: result.metrics.strategy.sharpe,
            maxDrawdown: result.metrics.strategy.drawdown.maxDrawdown,
            trades: result.metrics.trades.trades,
          },
        ]
      : [],
  )
}

export function fastReportRows(outcome: FastSweepOutcome): SweepReportRow[] {
  return outcome.results.map((result) => ({
    index: result.index,
    params: result.params,
    value: fastRankValue(outcome.rank, result.metrics),
    totalReturn: result.metrics.strategy.totalReturn,
    sharpe: result.metrics.strategy.sharpe,
    maxDrawdown: result.metrics.strategy.drawdown.maxDrawdown,
    trades: result.metrics.trades,
  }))
}
