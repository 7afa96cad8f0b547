/**
 * A search proposes points of a parameter space in batches and is told how each one scored. The
 * sweep runner evaluates a batch (in parallel), then reports the scores back, in the batch's order:
 *
 *   for (let batch = search.next(); batch !== undefined; batch = search.next()) {
 *     search.tell(await evaluateAll(batch))
 *   }
 *
 * Scores are "higher is better", already turned by the rank metric's direction; a point that could
 * not be scored (refused by the schema, a run that threw, a metric that is null) scores -Infinity.
 * Grid and random searches do not read the scores; the genetic search breeds its next generation
 * from them.
 *
 * Every search is deterministic: the same space, specification and scores give the same points in
 * the same order, so a sweep that is interrupted and resumed replays its searches exactly.
 */
import type { ParamSpace } from '../../strategy/space.ts'
import type { ParamPoint } from '../space/dimension.ts'
import { type GeneticOptions, geneticSearch } from './genetic.ts'
import { gridSearch } from './grid.ts'
import { randomSearch } from './random.ts'

export interface Search {
  /** The next batch of points, or undefined when the search is over. Call `tell` before asking again. */
  next(): readonly ParamPoint[] | undefined
  /** The scores of the last batch, one per point, in its order. */
  tell(scores: readonly number[]): void
  /** How many points the search will propose in all, when it is known in advance. */
  readonly total: number
}

export type SearchSpec =
  | { readonly kind: 'grid' }
  | { readonly kind: 'random'; readonly trials: number; readonly seed: number }
  | ({ readonly kind: 'genetic'; readonly trials: number; readonly seed: number } & GeneticOptions)

export type SearchKind = SearchSpec['kind']

export const SEARCH_KINDS: readonly SearchKind[] = ['grid', 'random', 'genetic']

export function createSearch(space: ParamSpace, spec: SearchSpec): Search {
  switch (spec.kind) {
    case 'grid':
      return gridSearch(space)
    case 'random':
      return randomSearch(space, spec.trials, spec.seed)
    case 'genetic':
      return geneticSearch(space, spec)
  }
}
