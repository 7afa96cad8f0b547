/**
 * The time series the analytics report draws, in lightweight-charts' shape: whole seconds,
 * strictly ascending (several values at one second are folded into one, as each series says).
 */
import type { AttributionReport } from '../attribution/attribution.ts'
import type { RiskReport } from '../run-analysis.ts'
import type { TcaReport } from '../tca/tca.ts'
import type { TradeRecord } from '../../backtest/result.ts'

export interface ChartPoint {
  readonly time: number
  readonly value: number
}

export interface AnalyticsChart {
  readonly id: string
  readonly title: string
  readonly kind: 'line' | 'histogram' | 'drawdown'
  readonly points: readonly ChartPoint[]
}

/** Per-fill shortfall, notional-weighted within each second. */
export function tcaChart(report: TcaReport): AnalyticsChart {
  const bySecond = new Map<number, { weighted: number; notional: number }>()
  for (const fill of report.fills) {
    if (fill.shortfallBps === null || fill.notional <= 0) continue
    const second = Math.floor(fill.time / 1000)
    const entry = bySecond.get(second) ?? { weighted: 0, notional: 0 }
    entry.weighted += fill.shortfallBps * fill.notional
    entry.notional += fill.notional
    bySecond.set(second, entry)
  }
  const points = [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, e]) => ({ time, value: e.weighted / e.notional }))
  return {
    id: 'chart-tca',
    title: 'Implementation shortfall of the fills (bps, notional-weighted per time)',
    kind: 'histogram',
    points,
  }
}

/** Cumulative P&L of the closed trades at their exit times (open trades are not yet realised). */
export function attributionChart(trades: readonly TradeRecord[], report: AttributionReport): AnalyticsChart {
  const bySecond = new Map<number, number>()
  for (const trade of trades) {
    if (trade.exitTime === null) continue
    const second = Math.floor(trade.exitTime / 1000)
    bySecond.set(second, (bySecond.get(second) ?? 0) + trade.pnl)
  }
  let cumulative = 0
  const points = [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, pnl]) => {
      cumulative += pnl
      return { time, value: cumulative }
    })
  return {
    id: 'chart-attribution',
    title: `Cumulative realised P&L (${report.currency.code})`,
    kind: 'line',
    points,
  }
}

export function riskChart(report: RiskReport): AnalyticsChart {
  const bySecond = new Map<number, number>()
  for (const point of report.drawdownSeries) bySecond.set(Math.floor(point.time / 1000), -point.value * 100)
  return {
    id: 'chart-risk',
    title: 'Drawdown of the equity (%)',
    kind: 'drawdown',
    points: [...bySecond.entries()].sort(([a], [b]) => a - b).map(([time, value]) => ({ time, value })),
  }
}
