/**
 * Parameter sweeps: a strategy over many parameter combinations on worker threads, into a folder
 * that a later run resumes. See docs/research.md#parameter-sweeps.
 */
export {
  type RankedCombination,
  type SweepOptions,
  type SweepOutcome,
  describeSweep,
  rankResults,
  runSweep,
} from './run-sweep.ts'
export {
  type CombinationError,
  type CombinationEvaluation,
  type CombinationInput,
  evaluateCombination,
} from './evaluate.ts'
export {
  type CombinationResult,
  type SweepFile,
  type SweepIdentity,
  SWEEP_FILES,
  readResults,
  sweepId,
} from './folder.ts'
export {
  DEFAULT_RANK,
  RANK_METRICS,
  type RankDirection,
  type RankMetric,
  type RankSpec,
  parseRank,
  rankScore,
  rankValue,
} from './rank.ts'
export {
  type Search,
  type SearchKind,
  type SearchSpec,
  SEARCH_KINDS,
  createSearch,
} from '../optimise/search.ts'
export type { GeneticOptions } from '../optimise/genetic.ts'
export { type ParamPoint } from '../space/dimension.ts'
export { type SpaceRequest, parseParamRange, resolveSpace } from '../space/resolve.ts'
export {
  type FastCombinationResult,
  type FastMetrics,
  type FastSweepOutcome,
  FAST_RANK_METRICS,
  runFastSweep,
} from './fast-sweep.ts'
export {
  type Confirmation,
  type ConfirmMetric,
  type MetricComparison,
  CONFIRM_METRICS,
  compareMetrics,
  confirmWithEngine,
} from './confirm.ts'
export {
  type SweepDeflatedSharpe,
  type SweepOverfitting,
  type SweepPbo,
  OVERFITTING_FILE,
  sweepOverfitting,
} from './overfitting-summary.ts'
