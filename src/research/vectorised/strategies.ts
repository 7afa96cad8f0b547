/**
 * The strategies the fast path can run, by the name of the event-driven strategy each reproduces.
 * Adding one is a `VectorisedStrategy` in strategies/ and a line here.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { breakoutVectorised } from './strategies/breakout.ts'
import { maCrossoverVectorised } from './strategies/ma-crossover.ts'
import { meanReversionVectorised } from './strategies/mean-reversion.ts'
import type { AnyVectorisedStrategy } from './vectorised-strategy.ts'

export const VECTORISED_STRATEGIES: readonly AnyVectorisedStrategy[] = [
  maCrossoverVectorised,
  meanReversionVectorised,
  breakoutVectorised,
]

const BY_NAME: ReadonlyMap<string, AnyVectorisedStrategy> = new Map(
  VECTORISED_STRATEGIES.map((s) => [s.name, s]),
)

/** The vectorised form of the strategy named `name`; RESEARCH_FAST_PATH_UNSUPPORTED if it has none. */
export function getVectorisedStrategy(name: string): AnyVectorisedStrategy {
  const found = BY_NAME.get(name)
  if (found === undefined) {
    throw new TradePulseError(
      'RESEARCH_FAST_PATH_UNSUPPORTED',
      `strategy "${name}" has no vectorised form; vectorised: ${VECTORISED_STRATEGIES.map((s) => s.name).join(', ')}`,
      { field: 'strategy' },
    )
  }
  return found
}
