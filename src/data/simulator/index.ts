/**
 * The deterministic market simulator: see universe.ts for the model and docs/simulator.md for
 * the parameters and what they are for.
 */
export { DEFAULT_START, type SimulatedUniverse, type UniverseSpec, simulateUniverse } from './universe.ts'
export { REGIMES, REGIME_NAMES, type RegimeName, type RegimeParameters } from './regimes.ts'
export { SeededRandom } from './random.ts'
export { intradayVolumeFactor } from './volume-profile.ts'
