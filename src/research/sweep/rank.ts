/**
 * Ranking a sweep's combinations by one metric of their backtests. `--rank sharpe` ranks by the
 * strategy's Sharpe ratio, best first; each metric has the direction in which it is better, and
 * `METRIC:max` or `METRIC:min` states the direction outright. A combination whose metric is null
 * (a Sharpe ratio of a flat equity) or whose run failed is not ranked; it scores -Infinity for a
 * guided search, so it is never preferred.
 */
import type { BacktestMetrics } from '../../backtest/metrics/metrics.ts'
import { TradePulseError } from '../../domain/errors.ts'

export type RankDirection = 'max' | 'min'

interface MetricReader {
  readonly read: (metrics: BacktestMetrics) => number | null
  readonly better: RankDirection
}

/** The metrics a sweep ranks by; docs/backtest-results.md defines each. */
export const RANK_METRICS = {
  sharpe: { read: (m) => m.strategy.sharpe, better: 'max' },
  sortino: { read: (m) => m.strategy.sortino, better: 'max' },
  calmar: { read: (m) => m.strategy.calmar, better: 'max' },
  totalReturn: { read: (m) => m.strategy.totalReturn, better: 'max' },
  annualisedReturn: { read: (m) => m.strategy.annualisedReturn, better: 'max' },
  annualisedVolatility: { read: (m) => m.strategy.annualisedVolatility, better: 'min' },
  maxDrawdown: { read: (m) => m.strategy.drawdown.maxDrawdown, better: 'min' },
  winRate: { read: (m) => m.trades.winRate, better: 'max' },
  profitFactor: { read: (m) => m.trades.profitFactor, better: 'max' },
  netPnl: { read: (m) => m.trades.netPnl, better: 'max' },
  trades: { read: (m) => m.trades.trades, better: 'max' },
  exposure: { read: (m) => m.exposure, better: 'max' },
  turnover: { read: (m) => m.turnover, better: 'min' },
} as const satisfies Record<string, MetricReader>

export type RankMetric = keyof typeof RANK_METRICS

export interface RankSpec {
  readonly metric: RankMetric
  readonly direction: RankDirection
}

export const DEFAULT_RANK: RankSpec = { metric: 'sharpe', direction: 'max' }

function isRankMetric(name: string): name is RankMetric {
  return Object.hasOwn(RANK_METRICS, name)
}

/** `sharpe`, `maxDrawdown:min`; CLI_USAGE naming `option` otherwise. */
export function parseRank(text: string, option = '--rank'): RankSpec {
  const [name = '', direction, extra] = text.trim().split(':')
  const known = Object.keys(RANK_METRICS).join(', ')
  if (!isRankMetric(name) || extra !== undefined)
    throw new TradePulseError(
      'CLI_USAGE',
      `${option}: ${JSON.stringify(text)} is not METRIC[:max|min]; metrics: ${known}`,
    )
  if (direction !== undefined && direction !== 'max' && direction !== 'min')
    throw new TradePulseError(
      'CLI_USAGE',
      `${option}: direction must be max or min, was ${JSON.stringify(direction)}`,
    )
  return { metric: name, direction: direction ?? RANK_METRICS[name].better }
}

/** The metric's value, or null when the run has none. */
export function rankValue(rank: RankSpec, metrics: BacktestMetrics): number | null {
  const value = RANK_METRICS[rank.metric].read(metrics)
  return value === null || !Number.isFinite(value) ? null : value
}

/** Higher is better, whatever the direction; -Infinity when there is nothing to rank. */
export function rankScore(rank: RankSpec, metrics: BacktestMetrics | undefined): number {
  const value = metrics === undefined ? null : rankValue(rank, metrics)
  if (value === null) return Number.NEGATIVE_INFINITY
  return rank.direction === 'max' ? value : -value
}
