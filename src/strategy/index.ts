/**
 * `tradepulse/strategy`: the strategy contract, the built-in strategies by name, the loader for
 * strategies in files and packages, and the test driver. See docs/strategies.md.
 */
export type {
  AnyStrategy,
  BarEvent,
  StrategyContext,
  StrategyDefinition,
  StrategyInstance,
  StrategyOrder,
  StrategyOrderResult,
  TimerEvent,
} from './types.ts'
export {
  type StrategyParamSchema,
  checkStrategyDefinition,
  defineStrategy,
  describeStrategyParams,
  parseStrategyParams,
} from './define.ts'
export { instrumentOf, lotsForFraction } from './sizing.ts'
export { BUILTIN_STRATEGIES, findStrategy, getStrategy } from './registry.ts'
export { loadStrategy } from './load.ts'
export { maCrossover, maCrossoverParams, type MaCrossoverParams } from './builtin/ma-crossover.ts'
export { meanReversion, meanReversionParams, type MeanReversionParams } from './builtin/mean-reversion.ts'
export { breakout, breakoutParams, type BreakoutParams } from './builtin/breakout.ts'
export { regime, regimeParams, type RegimeParams } from './builtin/regime.ts'
export {
  type Decision,
  type DriverCallback,
  type DriverInstrument,
  type DriverOptions,
  type DriverRun,
  decisionsThrough,
  driveStrategy,
} from './testing/driver.ts'
