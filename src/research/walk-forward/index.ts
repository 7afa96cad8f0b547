/**
 * Walk-forward analysis: optimise on each train period, trade the choice on the test period that
 * follows, and judge the strategy by the stitched test periods. See docs/research.md#walk-forward-analysis.
 */
export {
  type WalkForwardOptions,
  type WalkForwardOutcome,
  type WindowOutcome,
  runWalkForward,
  sliceData,
} from './run-walk-forward.ts'
export {
  type CalendarDuration,
  type DurationUnit,
  type WalkForwardWindow,
  type WindowLength,
  type WindowSpec,
  addDuration,
  mergedOpenTimes,
  parseDuration,
  walkForwardWindows,
} from './windows.ts'
export { equityReturns, outOfSample, stitchOutOfSample } from './stitch.ts'
export { tradingFrom } from './warm-up.ts'
export { type WalkForwardDescription, renderWalkForwardReport } from './report.ts'
export { WALK_FORWARD_FILES, walkForwardId, walkForwardSummary, writeWalkForward } from './folder.ts'
