/**
 * Seeded return matrices for planting known answers: trials of i.i.d. normal returns, each with
 * its own drift, laid out as the statistics take them (one Float64Array of returns per trial).
 */
import { NormalSampler } from '../../../data/simulator/normal.ts'
import { SeededRandom } from '../../../data/simulator/random.ts'

export interface PlantedTrials {
  readonly seed: number
  readonly observations: number
  /** Per-period standard deviation of every trial's returns. */
  readonly volatility: number
  /** Per-period mean return of each trial; its length is the number of trials. */
  readonly drifts: readonly number[]
}

export function plantedTrials(spec: PlantedTrials): Float64Array[] {
  const normal = new NormalSampler(new SeededRandom(spec.seed))
  return spec.drifts.map((drift) =>
    Float64Array.from({ length: spec.observations }, () => drift + spec.volatility * normal.next()),
  )
}

/** `count` trials of pure noise: zero drift. */
export function noiseTrials(
  seed: number,
  count: number,
  observations: number,
  volatility = 0.01,
): Float64Array[] {
  return plantedTrials({ seed, observations, volatility, drifts: new Array<number>(count).fill(0) })
}
