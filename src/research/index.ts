/**
 * `tradepulse/research`: sweeps over a strategy's parameter space (grid, random, genetic; local
 * threads, the vectorised fast path or workers on a Redis queue), walk-forward analysis, and the
 * overfitting statistics (deflated Sharpe ratio, probability of backtest overfitting). See
 * docs/research.md.
 */
export * from './sweep/index.ts'
export * from './walk-forward/index.ts'
export * from './overfitting/index.ts'
export * from './queue/index.ts'
export {
  type AnyVectorisedStrategy,
  type VectorisedStrategy,
  STAY,
  WANT_FLAT,
  WANT_LONG,
  WANT_SHORT,
  always,
  decisions,
} from './vectorised/vectorised-strategy.ts'
export { VECTORISED_STRATEGIES, getVectorisedStrategy } from './vectorised/strategies.ts'
export { type VectorisedSweepInput, vectorisedSweep } from './vectorised/sweep.ts'
export type { VectorResult } from './vectorised/result.ts'
export { type VectorFrictions, fastPathFrictions } from './vectorised/frictions.ts'
