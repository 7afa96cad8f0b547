/**
 * Overfitting statistics: the deflated Sharpe ratio (is the chosen strategy's Sharpe ratio more
 * than the best of N lucky trials?) and the probability of backtest overfitting by
 * combinatorially symmetric cross-validation (does the in-sample winner stay above the median
 * out of sample?). See docs/research.md#overfitting-statistics.
 */
export {
  type SharpeEstimate,
  type SharpeMoments,
  sharpeMoments,
  sharpeStandardError,
} from './sharpe-moments.ts'
export {
  DEFAULT_CONFIDENCE,
  type DeflatedSharpeOptions,
  type DeflatedSharpeRatio,
  EULER_MASCHERONI,
  type TrialSharpeRatios,
  deflateSharpeEstimate,
  deflatedSharpeRatio,
  expectedMaximumSharpe,
  probabilisticSharpeRatio,
} from './deflated-sharpe.ts'
export {
  type BacktestOverfitting,
  DEFAULT_PARTITIONS,
  MAX_PARTITIONS,
  type OverfittingOptions,
  type PerformanceDegradation,
  type PerformanceMetric,
  type ReturnSummary,
  probabilityOfBacktestOverfitting,
} from './pbo.ts'
export { normalCdf, normalDensity, normalQuantile } from './normal-distribution.ts'
