/**
 * The deterministic market simulator: see universe.ts for the model and docs/simulator.md for
 * the parameters and what they are for.
 */
export { DEFAULT_START, type SimulatedUniverse, SUBSTEPS, TICK_SIZE, type UniverseSpec, simulateUniverse } from './universe.ts'
export { REGIMES, REGIME_NAMES, type RegimeName, type RegimeParameters, stationaryShares, transitionMatrix } from './regimes.ts'
export { assignSectors, correlationMatrix, defaultSectorCount } from './correlation.ts'
export { SeededRandom, type UniformSource } from './random.ts'
export { NormalSampler } from './normal.ts'
export { CompoundPoissonJumps } from './jumps.ts'
export { intradayVolumeFactor } from './volume-profile.ts'
