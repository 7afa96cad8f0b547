export {
  type Annualisation,
  type TradingCalendar,
  inferAnnualisation,
  weekdayMillisBetween,
} from './annualisation.ts'
export { type DrawdownStats, drawdownSeries, maxDrawdown } from './drawdown.ts'
export { type BacktestMetrics, computeMetrics } from './metrics.ts'
export { type PerformanceStats, performanceStats } from './performance.ts'
export { type TradeStats, tradeStats } from './trade-stats.ts'
