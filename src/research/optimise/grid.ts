/**
 * Grid search: the Cartesian product of every dimension's grid values (space/dimension.ts), in
 * the order of nested loops over the space's keys — the first key changes slowest, the last
 * fastest — so point k of a grid is the same point every time. Points are made from their index
 * (mixed-radix digits), in batches, so a grid of a million points is never held in memory.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { ParamSpace, SpaceValue } from '../../strategy/space.ts'
import { type ParamPoint, gridValues } from '../space/dimension.ts'
import type { Search } from './search.ts'

/** Larger grids are refused: at a millisecond a backtest they would run for hours. */
export const MAX_GRID_POINTS = 10_000_000

const BATCH = 1024

export function gridSize(space: ParamSpace): number {
  return Object.values(space).reduce((size, dimension) => size * gridValues(dimension).length, 1)
}

/** Point `index` of the grid (0 ≤ index < gridSize). */
export function gridPoint(space: ParamSpace, index: number): ParamPoint {
  const names = Object.keys(space)
  const values = names.map((name) => gridValues(space[name]!))
  const point: Record<string, SpaceValue> = {}
  let rest = index
  for (let d = names.length - 1; d >= 0; d--) {
    const axis = values[d]!
    point[names[d]!] = axis[rest % axis.length]!
    rest = Math.floor(rest / axis.length)
  }
  // Keys in the space's order, whatever order the digits were taken in.
  return Object.fromEntries(names.map((name) => [name, point[name]!]))
}

export function gridSearch(space: ParamSpace): Search {
  const total = gridSize(space)
  if (total > MAX_GRID_POINTS)
    throw new TradePulseError(
      'STRATEGY_INVALID_SPACE',
      `the grid has ${total.toLocaleString('en-US')} points, more than ${MAX_GRID_POINTS.toLocaleString('en-US')}; narrow the space or use a random or genetic search`,
    )
  let next = 0
  return {
    total,
    next() {
      if (next >= total) return undefined
      const end = Math.min(total, next + BATCH)
      const batch: ParamPoint[] = []
      for (let i = next; i < end; i++) batch.push(gridPoint(space, i))
      next = end
      return batch
    },
    tell() {
      // A grid is fixed in advance: scores change nothing.
    },
  }
}
