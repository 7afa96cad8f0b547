/**
 * Every indicator TradePulse ships, by name: the CLI (`indicators list`, `indicators compute`),
 * the API and strategies look them up here. Order is the order of `indicators list`.
 */
import { TradePulseError } from '../domain/errors.ts'
import { TREND_MOMENTUM_INDICATORS } from './classic/catalog-trend-momentum.ts'
import { VOLATILITY_VOLUME_INDICATORS } from './classic/catalog-volatility-volume.ts'
import type { AnyIndicator } from './core/definition.ts'
import { COMPOSITE_INDICATORS } from './geometric/catalog-composite.ts'
import { CURVATURE_INDICATORS } from './geometric/catalog-curvature.ts'
import { PHASE_INDICATORS } from './geometric/catalog-phase.ts'
import { STATISTICS_INDICATORS } from './geometric/catalog-statistics.ts'

export const INDICATORS: readonly AnyIndicator[] = [
  ...TREND_MOMENTUM_INDICATORS,
  ...VOLATILITY_VOLUME_INDICATORS,
  ...PHASE_INDICATORS,
  ...CURVATURE_INDICATORS,
  ...STATISTICS_INDICATORS,
  ...COMPOSITE_INDICATORS,
]

const BY_NAME: ReadonlyMap<string, AnyIndicator> = new Map(INDICATORS.map((i) => [i.name, i]))

export function indicatorNames(): string[] {
  return INDICATORS.map((i) => i.name)
}

export function findIndicator(name: string): AnyIndicator | undefined {
  return BY_NAME.get(name)
}

/** The indicator registered as `name`; INDICATOR_UNKNOWN (with the known names) otherwise. */
export function getIndicator(name: string): AnyIndicator {
  const found = BY_NAME.get(name)
  if (found === undefined) {
    throw new TradePulseError(
      'INDICATOR_UNKNOWN',
      `no indicator named "${name}"; known: ${indicatorNames().join(', ')}`,
    )
  }
  return found
}
