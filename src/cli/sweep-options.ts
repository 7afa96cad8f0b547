/**
 * Options that `sweep` and `walk-forward` both read: the search (`--search`, `--trials`,
 * `--seed`), the space (`--space`, `--param`, less the fixed `--params`) and the rank metric.
 */
import { type SearchKind, type SearchSpec } from '../research/optimise/search.ts'
import { parseParamRange, resolveSpace } from '../research/space/resolve.ts'
import type { ParamSpace, SpaceDimension } from '../strategy/space.ts'
import type { AnyStrategy } from '../strategy/types.ts'
import { parseIntegerOption, usageError } from './options.ts'

export interface SearchFlags {
  readonly search: SearchKind
  readonly trials: string
  readonly seed: string
}

export interface SpaceFlags {
  readonly space?: string
  readonly param: readonly string[]
}

/** `--search`, `--trials` and `--seed` as a search specification. */
export function searchSpec(flags: SearchFlags): SearchSpec {
  const trials = parseIntegerOption('--trials', flags.trials, 1)
  const seed = parseIntegerOption('--seed', flags.seed, Number.MIN_SAFE_INTEGER)
  switch (flags.search) {
    case 'grid':
      return { kind: 'grid' }
    case 'random':
      return { kind: 'random', trials, seed }
    case 'genetic':
      return { kind: 'genetic', trials, seed }
  }
}

/** `--space JSON`, parsed but not yet checked against a strategy. */
export function parseSpaceOption(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw usageError('--space', `not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The space to search: `--space` (or the strategy's), narrowed by each `--param`, less `fixed`. */
export function searchSpace(
  strategy: AnyStrategy,
  flags: SpaceFlags,
  fixed: Readonly<Record<string, unknown>>,
): ParamSpace {
  const space = parseSpaceOption(flags.space)
  const overrides: Record<string, SpaceDimension> = {}
  for (const text of flags.param) {
    const [name, dimension] = parseParamRange(strategy, text)
    overrides[name] = dimension
  }
  return resolveSpace(strategy, { ...(space === undefined ? {} : { space }), overrides, fixed })
}
