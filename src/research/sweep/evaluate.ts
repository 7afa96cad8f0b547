/**
 * One combination, in this thread: a backtest of the strategy with these parameters through the
 * event-driven engine, measured. What a worker runs per job, and what a walk-forward driver calls
 * directly. A run that throws is a result too — a parameter set that breaks the strategy is worth
 * knowing — kept with its error code when it is a TradePulseError. A run that finishes also
 * yields its per-period returns (period-returns.ts) for the sweep's overfitting statistics, so
 * the equity curve itself never leaves the thread that ran it.
 */
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { runBacktest } from '../../backtest/engine.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { computeMetrics } from '../../backtest/metrics/index.ts'
import type { BacktestMetrics } from '../../backtest/metrics/metrics.ts'
import { isTradePulseError } from '../../domain/errors.ts'
import type { AnyStrategy } from '../../strategy/types.ts'
import { periodReturns } from './period-returns.ts'

export interface CombinationError {
  /** The TradePulseError code, when it was one. */
  readonly code?: string
  readonly message: string
}

export type CombinationEvaluation =
  | { readonly metrics: BacktestMetrics; readonly periodReturns: Float64Array }
  | { readonly error: CombinationError }

export interface CombinationInput {
  readonly strategy: AnyStrategy
  readonly params: Readonly<Record<string, unknown>>
  readonly data: readonly InstrumentBars[]
  readonly config?: BacktestConfigInput
}

export function evaluateCombination(input: CombinationInput): CombinationEvaluation {
  try {
    const result = runBacktest({
      strategy: input.strategy,
      params: input.params,
      data: input.data,
      ...(input.config === undefined ? {} : { config: input.config }),
    })
    return {
      metrics: computeMetrics(result),
      periodReturns: periodReturns(
        result.equity.map((point) => point.time),
        result.equity.map((point) => point.equity),
      ),
    }
  } catch (error) {
    return { error: describeError(error) }
  }
}

export function describeError(error: unknown): CombinationError {
  if (isTradePulseError(error)) return { code: error.code, message: error.message }
  return { message: error instanceof Error ? error.message : String(error) }
}
