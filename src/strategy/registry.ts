/**
 * The strategies TradePulse ships, by name: `--strategy ma-crossover` and the API find them here.
 * Order is the order of docs/strategies.md.
 */
import { TradePulseError } from '../domain/errors.ts'
import { breakout } from './builtin/breakout.ts'
import { maCrossover } from './builtin/ma-crossover.ts'
import { meanReversion } from './builtin/mean-reversion.ts'
import { regime } from './builtin/regime.ts'
import type { AnyStrategy } from './types.ts'

export const BUILTIN_STRATEGIES: readonly AnyStrategy[] = [maCrossover, meanReversion, breakout, regime]

const BY_NAME: ReadonlyMap<string, AnyStrategy> = new Map(BUILTIN_STRATEGIES.map((s) => [s.name, s]))

export function findStrategy(name: string): AnyStrategy | undefined {
  return BY_NAME.get(name)
}

/** The built-in strategy named `name`; STRATEGY_NOT_FOUND (with the known names) otherwise. */
export function getStrategy(name: string): AnyStrategy {
  const found = BY_NAME.get(name)
  if (found === undefined) {
    throw new TradePulseError(
      'STRATEGY_NOT_FOUND',
      `no built-in strategy named "${name}"; built-in: ${BUILTIN_STRATEGIES.map((s) => s.name).join(', ')}`,
    )
  }
  return found
}
