/**
 * `--confirm top:N`: the best N combinations of a fast sweep run again through the event-driven
 * engine (`evaluateCombination`), and the two compared metric by metric. The tolerances are the
 * agreement docs/research.md#the-vectorised-fast-path-for-parameter-sweeps documents: counts and the figures of the equity curve
 * agree exactly (the fast path reproduces the engine's equity bit for bit), fees and slippage to
 * 1e-9 (sums of the same per-fill amounts added in another order). A difference beyond them
 * means the fast path's figures are not the engine's for that combination — most often a fill
 * cut by participation, which the fast result counts (`participationExceeded`).
 */
import type { BacktestMetrics } from '../../backtest/metrics/metrics.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { evaluateCombination } from './evaluate.ts'
import type { FastCombinationResult, FastMetrics } from './fast-sweep.ts'
import type { SweepOptions } from './run-sweep.ts'

/** Per metric: how to read it from each side and the largest difference allowed. */
export const CONFIRM_METRICS = {
  totalReturn: {
    fast: (m: FastMetrics) => m.strategy.totalReturn,
    engine: (m: BacktestMetrics) => m.strategy.totalReturn,
    tolerance: 0,
  },
  sharpe: {
    fast: (m: FastMetrics) => m.strategy.sharpe,
    engine: (m: BacktestMetrics) => m.strategy.sharpe,
    tolerance: 0,
  },
  maxDrawdown: {
    fast: (m: FastMetrics) => m.strategy.drawdown.maxDrawdown,
    engine: (m: BacktestMetrics) => m.strategy.drawdown.maxDrawdown,
    tolerance: 0,
  },
  exposure: {
    fast: (m: FastMetrics) => m.exposure,
    engine: (m: BacktestMetrics) => m.exposure,
    tolerance: 0,
  },
  orders: { fast: (m: FastMetrics) => m.orders, engine: (m: BacktestMetrics) => m.orders, tolerance: 0 },
  fills: { fast: (m: FastMetrics) => m.fills, engine: (m: BacktestMetrics) => m.fills, tolerance: 0 },
  trades: {
    fast: (m: FastMetrics) => m.trades,
    engine: (m: BacktestMetrics) => m.trades.trades,
    tolerance: 0,
  },
  fees: {
    fast: (m: FastMetrics) => m.fees,
    engine: (m: BacktestMetrics) => m.frictions.fees,
    tolerance: 1e-9,
  },
  slippage: {
    fast: (m: FastMetrics) => m.slippage,
    engine: (m: BacktestMetrics) => m.frictions.slippage,
    tolerance: 1e-9,
  },
} as const

export type ConfirmMetric = keyof typeof CONFIRM_METRICS

export interface MetricComparison {
  readonly metric: ConfirmMetric
  readonly fast: number | null
  readonly engine: number | null
  /** engine − fast; null when either is null (both null agree). */
  readonly difference: number | null
  readonly tolerance: number
  readonly agrees: boolean
}

export interface Confirmation {
  readonly index: number
  readonly params: Readonly<Record<string, unknown>>
  readonly comparisons: readonly MetricComparison[]
  /** Every metric within its tolerance. */
  readonly agrees: boolean
  /** The fast result's count of fills the engine would have split over bars. */
  readonly participationExceeded: number
  /** The engine's error, when the run threw. */
  readonly error?: string
}

/** `top:N` with N ≥ 1; CLI_USAGE naming `option` otherwise. */
export function parseConfirm(text: string, option = '--confirm'): number {
  const match = /^top:(\d+)$/.exec(text.trim())
  const count = match === null ? Number.NaN : Number(match[1])
  if (!Number.isSafeInteger(count) || count < 1)
    throw new TradePulseError('CLI_USAGE', `${option}: ${JSON.stringify(text)} is not top:N with N >= 1`)
  return count
}

export function compareMetrics(fast: FastMetrics, engine: BacktestMetrics): MetricComparison[] {
  return (Object.keys(CONFIRM_METRICS) as ConfirmMetric[]).map((metric) => {
    const reader = CONFIRM_METRICS[metric]
    const f = reader.fast(fast)
    const e = reader.engine(engine)
    const difference = f === null || e === null ? null : e - f
    const agrees = difference === null ? f === e : Math.abs(difference) <= reader.tolerance
    return { metric, fast: f, engine: e, difference, tolerance: reader.tolerance, agrees }
  })
}

/** Runs `results` (the best of a fast sweep, best first) through the engine and compares. */
export function confirmWithEngine(
  options: Pick<SweepOptions, 'strategy' | 'data' | 'config'>,
  results: readonly FastCombinationResult[],
): Confirmation[] {
  return results.map((result) => {
    const evaluation = evaluateCombination({
      strategy: options.strategy,
      params: result.params,
      data: options.data,
      ...(options.config === undefined ? {} : { config: options.config }),
    })
    const base = {
      index: result.index,
      params: result.params,
      participationExceeded: result.metrics.participationExceeded,
    }
    if ('error' in evaluation)
      return { ...base, comparisons: [], agrees: false, error: evaluation.error.message }
    const comparisons = compareMetrics(result.metrics, evaluation.metrics)
    return { ...base, comparisons, agrees: comparisons.every((c) => c.agrees) }
  })
}
