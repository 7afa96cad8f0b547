/**
 * Return, risk and risk-adjusted return of one equity series: the same figures for the strategy
 * and for its buy-and-hold benchmark, so the two can be compared line by line.
 *
 * Returns are taken at the equity sampling interval and annualised with the periods per year of
 * annualisation.ts; the compound annual growth rate uses calendar time (365.25 days a year)
 * because it measures growth per unit of time, not per trading period. The risk-free rate is 0.
 */
import { MS_PER_DAY } from '../../domain/time.ts'
import type { Annualisation } from './annualisation.ts'
import { type DrawdownStats, maxDrawdown } from './drawdown.ts'
import { downsideDeviation, finiteOrNull, mean, periodReturns, sampleStandardDeviation } from './returns.ts'

export const MS_PER_YEAR = 365.25 * MS_PER_DAY

export interface PerformanceStats {
  readonly startEquity: number | null
  readonly endEquity: number | null
  /** endEquity / startEquity − 1. */
  readonly totalReturn: number | null
  /** (endEquity / startEquity)^(1 / years) − 1 over the calendar span; −1 once the equity is gone. */
  readonly annualisedReturn: number | null
  /** Sample standard deviation of period returns × √(periods per year). */
  readonly annualisedVolatility: number | null
  /** mean / standard deviation of period returns × √(periods per year). */
  readonly sharpe: number | null
  /** mean / downside deviation of period returns × √(periods per year). */
  readonly sortino: number | null
  /** annualisedReturn / maxDrawdown. */
  readonly calmar: number | null
  readonly drawdown: DrawdownStats
}

/**
 * `startEquity` is what the series grew from: the initial capital for the strategy, whose first
 * point may already carry the first day's fees, and the first point for the benchmark.
 */
export function performanceStats(
  times: readonly number[],
  values: readonly number[],
  startEquity: number,
  annualisation: Annualisation,
): PerformanceStats {
  const drawdown = maxDrawdown(times, values)
  const endEquity = values.length > 0 ? values[values.length - 1]! : null
  if (endEquity === null) {
    return {
      startEquity,
      endEquity,
      totalReturn: null,
      annualisedReturn: null,
      annualisedVolatility: null,
      sharpe: null,
      sortino: null,
      calmar: null,
      drawdown,
    }
  }
  const growth = endEquity / startEquity
  const years = (times[times.length - 1]! - times[0]!) / MS_PER_YEAR
  const annualisedReturn = years > 0 ? (growth <= 0 ? -1 : finiteOrNull(growth ** (1 / years) - 1)) : null
  const returns = periodReturns(values)
  const periods = annualisation.periodsPerYear
  const average = mean(returns)
  const deviation = sampleStandardDeviation(returns)
  const downside = downsideDeviation(returns)
  const rootPeriods = periods === null ? null : Math.sqrt(periods)
  const scaled = (numerator: number | null, denominator: number | null): number | null =>
    numerator === null || denominator === null || denominator === 0 || rootPeriods === null
      ? null
      : finiteOrNull((numerator / denominator) * rootPeriods)
  return {
    startEquity,
    endEquity,
    totalReturn: finiteOrNull(growth - 1),
    annualisedReturn,
    annualisedVolatility:
      deviation === null || rootPeriods === null ? null : finiteOrNull(deviation * rootPeriods),
    sharpe: scaled(average, deviation),
    sortino: scaled(average, downside),
    calmar:
      annualisedReturn === null || drawdown.maxDrawdown === 0
        ? null
        : finiteOrNull(annualisedReturn / drawdown.maxDrawdown),
    drawdown,
  }
}
