/**
 * The guided search: a genetic algorithm. It was chosen over Bayesian optimisation and its kin
 * because it needs nothing the spaces do not already give — it works the same on int, float and
 * choice dimensions, with no surrogate model to fit over categorical values — and because each
 * generation is a batch of independent backtests, which keeps every worker busy.
 *
 * Generation 0 is `population` random points. Each later generation keeps the `elite` best of
 * the last one unchanged (their scores are known; they are not run again) and breeds the rest:
 * - selection: two tournaments of `tournament` members drawn at random, the best score winning
 *   (ties to the earlier member);
 * - crossover, with probability `crossover`: uniform — each parameter from either parent with
 *   equal chance; otherwise the child is a copy of the first parent;
 * - mutation: each parameter, with probability `mutation`, moves to a nearby value of its
 *   dimension (space/dimension.ts `mutateValue`), so a child always lies inside the space.
 * A child equal to a point already proposed is mutated again (and, failing that, replaced by a
 * random point), so the budget goes to new points. The search ends after `trials` points, or
 * earlier when a small space has no new point left.
 *
 * All randomness comes from one xoshiro128** stream seeded with `seed`, drawn in a fixed order:
 * the same seed, space and scores give the same generations.
 */
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import type { ParamSpace, SpaceValue } from '../../strategy/space.ts'
import { type ParamPoint, mutateValue } from '../space/dimension.ts'
import { checkTrials, samplePoint } from './random.ts'
import type { Search } from './search.ts'

export interface GeneticOptions {
  /** Points per generation; default trials / 10, between 6 and 64. */
  readonly population?: number
  /** Members per selection tournament; default 3. */
  readonly tournament?: number
  /** Best members carried unchanged into the next generation; default a tenth of the population, at least 1. */
  readonly elite?: number
  /** Chance a child is bred from two parents rather than copied from one; default 0.9. */
  readonly crossover?: number
  /** Chance each parameter of a child mutates; default 1 / parameters, at least 0.1. */
  readonly mutation?: number
}

interface Member {
  readonly point: ParamPoint
  readonly score: number
}

/** Tries at making a new child before falling back to a random point. */
const RETRIES = 20

export function geneticSearch(
  space: ParamSpace,
  spec: GeneticOptions & { readonly trials: number; readonly seed: number },
): Search {
  const { trials } = spec
  checkTrials(trials)
  const names = Object.keys(space)
  const size = spec.population ?? Math.min(64, Math.max(6, Math.ceil(trials / 10)))
  const tournament = spec.tournament ?? 3
  const elite = spec.elite ?? Math.max(1, Math.round(size / 10))
  const crossover = spec.crossover ?? 0.9
  const mutation = spec.mutation ?? Math.max(0.1, 1 / names.length)
  checkOption('population', size, Number.isSafeInteger(size) && size >= 2)
  checkOption('tournament', tournament, Number.isSafeInteger(tournament) && tournament >= 1)
  checkOption('elite', elite, Number.isSafeInteger(elite) && elite >= 0 && elite < size)
  checkOption('crossover', crossover, crossover >= 0 && crossover <= 1)
  checkOption('mutation', mutation, mutation >= 0 && mutation <= 1)

  const random = new SeededRandom(spec.seed)
  const normal = new NormalSampler(random)
  const gaussian = (): number => normal.next()
  const seen = new Set<string>()
  let proposed = 0
  let population: Member[] = []
  let pending: ParamPoint[] | undefined

  const fresh = (point: ParamPoint): boolean => {
    const key = canonicalJson(point)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  }
  const pick = (): Member => {
    let best = population[Math.floor(random.nextFloat() * population.length)]!
    for (let i = 1; i < tournament; i++) {
      const rival = population[Math.floor(random.nextFloat() * population.length)]!
      if (rival.score > best.score) best = rival
    }
    return best
  }
  const mutate = (point: Record<string, SpaceValue>, rate: number): void => {
    for (const name of names)
      if (random.nextFloat() < rate) point[name] = mutateValue(space[name]!, point[name]!, random, gaussian)
  }
  const child = (): ParamPoint | undefined => {
    const first = pick()
    const second = pick()
    const bred: Record<string, SpaceValue> = {}
    const cross = random.nextFloat() < crossover
    for (const name of names) bred[name] = (cross && random.nextFloat() < 0.5 ? second : first).point[name]!
    mutate(bred, mutation)
    for (let retry = 0; retry < RETRIES; retry++) {
      if (fresh(bred)) return bred
      // Already proposed: one parameter at least moves.
      const name = names[Math.floor(random.nextFloat() * names.length)]!
      bred[name] = mutateValue(space[name]!, bred[name]!, random, gaussian)
    }
    for (let retry = 0; retry < RETRIES; retry++) {
      const point = samplePoint(space, random)
      if (fresh(point)) return point
    }
    return undefined
  }

  return {
    total: trials,
    next() {
      if (pending !== undefined) throw new Error('tell the scores of the last generation before asking again')
      const room = trials - proposed
      if (room <= 0) return undefined
      const batch: ParamPoint[] = []
      if (population.length === 0) {
        for (let draws = 0; batch.length < Math.min(size, room) && draws < size * RETRIES; draws++) {
          const point = samplePoint(space, random)
          if (fresh(point)) batch.push(point)
        }
      } else {
        const wanted = Math.min(size - Math.min(elite, population.length), room)
        for (let i = 0; i < wanted; i++) {
          const point = child()
          if (point === undefined) break
          batch.push(point)
        }
      }
      if (batch.length === 0) return undefined
      proposed += batch.length
      pending = batch
      return batch
    },
    tell(scores) {
      const batch = pending
      if (batch === undefined) throw new Error('no generation is waiting for scores')
      if (scores.length !== batch.length)
        throw new RangeError(`expected ${batch.length} scores, got ${scores.length}`)
      pending = undefined
      const children = batch.map((point, i) => ({ point, score: scores[i]! }))
      // Stable sort: among equal scores the earlier member stays ahead, so ties resolve the same way every time.
      const elites = [...population].sort((a, b) => b.score - a.score).slice(0, elite)
      population = [...elites, ...children]
    },
  }
}

function checkOption(name: string, value: number, ok: boolean): void {
  if (!ok || !Number.isFinite(value)) throw new RangeError(`genetic ${name} is out of range: ${value}`)
}
