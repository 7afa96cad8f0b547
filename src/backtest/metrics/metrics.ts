/**
 * The summary figures of a backtest run, computed from its result alone (no clock, no files): the
 * same result always gives the same metrics. Every figure that the result cannot define — a
 * Sharpe ratio of a flat equity, a win rate without trades — is null, never NaN or Infinity, so
 * metrics.json holds numbers or nulls only. docs/backtest-results.md defines each figure.
 */
import type { UnixMillis } from '../../domain/time.ts'
import type { BacktestResult, FrictionsPaid } from '../result.ts'
import { annualisedTurnover, exposure, tradedNotional } from './activity.ts'
import { type Annualisation, inferAnnualisation } from './annualisation.ts'
import { type PerformanceStats, performanceStats } from './performance.ts'
import { type TradeStats, tradeStats } from './trade-stats.ts'

export interface BacktestMetrics {
  readonly startTime: UnixMillis | null
  readonly endTime: UnixMillis | null
  readonly points: number
  readonly annualisation: Annualisation
  readonly strategy: PerformanceStats
  /** Buy-and-hold of the same capital across the instruments, from its own first point. */
  readonly benchmark: PerformanceStats
  readonly trades: TradeStats
  /** Share of sampling intervals that start with a position. */
  readonly exposure: number | null
  /** Traded notional / average equity, per year. */
  readonly turnover: number | null
  readonly tradedNotional: number
  readonly frictions: FrictionsPaid
  readonly orders: number
  readonly fills: number
  readonly barEvents: number
}

export function computeMetrics(result: BacktestResult): BacktestMetrics {
  const times = result.equity.map((point) => point.time)
  const annualisation = inferAnnualisation(times)
  const benchmarkValues = result.benchmark.map((point) => point.equity)
  return {
    startTime: times[0] ?? null,
    endTime: times[times.length - 1] ?? null,
    points: times.length,
    annualisation,
    strategy: performanceStats(
      times,
      result.equity.map((point) => point.equity),
      result.initialCapital,
      annualisation,
    ),
    benchmark: performanceStats(
      result.benchmark.map((point) => point.time),
      benchmarkValues,
      benchmarkValues[0] ?? result.initialCapital,
      annualisation,
    ),
    trades: tradeStats(result.trades),
    exposure: exposure(result.equity),
    turnover: annualisedTurnover(result.equity, result.fills),
    tradedNotional: tradedNotional(result.fills),
    frictions: {
      fees: result.frictions.fees,
      slippage: result.frictions.slippage,
      financing: result.frictions.financing,
    },
    orders: result.orders.length,
    fills: result.fills.length,
    barEvents: result.barEvents,
  }
}
