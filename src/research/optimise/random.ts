/**
 * Random search: `trials` points drawn independently, each dimension uniformly (log-uniformly with
 * `log`; uniformly over the grid points with a step), from xoshiro128** seeded with `seed`
 * (src/data/simulator/random.ts), so a seed names the same points on every machine. Dimensions
 * are drawn in the space's key order.
 *
 * A point drawn twice is drawn again (up to a bound), so a small discrete space yields distinct
 * points; when the space has fewer points than `trials`, the search ends at what it found.
 */
import { SeededRandom } from '../../data/simulator/random.ts'
import type { ParamSpace, SpaceValue } from '../../strategy/space.ts'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { type ParamPoint, sampleValue } from '../space/dimension.ts'
import type { Search } from './search.ts'

/** Draws allowed per wanted point before a crowded space is taken to be exhausted. */
const REDRAWS = 50

export function samplePoint(space: ParamSpace, random: SeededRandom): ParamPoint {
  const point: Record<string, SpaceValue> = {}
  for (const [name, dimension] of Object.entries(space)) point[name] = sampleValue(dimension, random)
  return point
}

export function randomSearch(space: ParamSpace, trials: number, seed: number): Search {
  checkTrials(trials)
  const random = new SeededRandom(seed)
  let done = false
  return {
    total: trials,
    next() {
      if (done) return undefined
      done = true
      const seen = new Set<string>()
      const points: ParamPoint[] = []
      for (let draws = 0; points.length < trials && draws < trials * REDRAWS; draws++) {
        const point = samplePoint(space, random)
        const key = canonicalJson(point)
        if (seen.has(key)) continue
        seen.add(key)
        points.push(point)
      }
      return points
    },
    tell() {
      // Independent draws: scores change nothing.
    },
  }
}

export function checkTrials(trials: number): void {
  if (!Number.isSafeInteger(trials) || trials < 1)
    throw new RangeError(`trials must be a whole number >= 1, was ${trials}`)
}
