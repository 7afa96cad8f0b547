/**
 * `tradepulse/backtest`: run a strategy over bars through the execution core, measure it, store
 * the run and render its report.
 */
export {
  type BacktestConfig,
  type BacktestConfigInput,
  backtestConfigSchema,
  resolveBacktestConfig,
} from './config.ts'
export { runBacktest } from './engine.ts'
export { instrumentForSeries } from './engine/instruments.ts'
export { type LookaheadReport, checkLookahead } from './engine/lookahead.ts'
export type { BacktestInput, InstrumentBars, InstrumentHalt } from './input.ts'
export type {
  BacktestResult,
  EquityPoint,
  FillRecord,
  FrictionsPaid,
  InstrumentData,
  OrderRecord,
  RunEvent,
  TradeRecord,
} from './result.ts'
export { type BacktestMetrics, computeMetrics } from './metrics/index.ts'
export { renderReport } from './report/index.ts'
export { type RunInfo, readRun, writeRun } from './run-store/index.ts'
export { SCENARIOS } from './scenarios/catalogue.ts'
export { type ScenarioReport, runScenarios } from './scenarios/runner.ts'
