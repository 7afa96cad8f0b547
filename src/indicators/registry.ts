/**
 * Every indicator TradePulse ships, by name: the CLI (`indicators list`, `indicators compute`),
 * the API and strategies look them up here. Order is the order of `indicators list`. Plugins add
 * theirs through `createIndicatorRegistry` (src/plugins/indicator-plugins.ts loads them).
 */
import { TradePulseError } from '../domain/errors.ts'
import { TREND_MOMENTUM_INDICATORS } from './classic/catalog-trend-momentum.ts'
import { VOLATILITY_VOLUME_INDICATORS } from './classic/catalog-volatility-volume.ts'
import type { AnyIndicator } from './core/definition.ts'
import { COMPOSITE_INDICATORS } from './geometric/catalog-composite.ts'
import { CURVATURE_INDICATORS } from './geometric/catalog-curvature.ts'
import { PHASE_INDICATORS } from './geometric/catalog-phase.ts'
import { STATISTICS_INDICATORS } from './geometric/catalog-statistics.ts'
import { ORDER_FLOW_INDICATORS } from './microstructure/catalog-order-flow.ts'

export const INDICATORS: readonly AnyIndicator[] = [
  ...TREND_MOMENTUM_INDICATORS,
  ...VOLATILITY_VOLUME_INDICATORS,
  ...PHASE_INDICATORS,
  ...CURVATURE_INDICATORS,
  ...STATISTICS_INDICATORS,
  ...COMPOSITE_INDICATORS,
  ...ORDER_FLOW_INDICATORS,
]

/** Where indicators come from, as messages name it: `built-in`, or a plugin's name and file. */
export interface IndicatorSource {
  readonly source: string
  readonly indicators: readonly AnyIndicator[]
}

/**
 * A view of the indicators a command may use: the built-ins, then each plugin's in the order
 * given. Names are global, so a second indicator under a taken name is refused rather than
 * shadowing the first (a plugin must not silently replace `rsi` under a strategy that reads it).
 */
export interface IndicatorRegistry {
  readonly indicators: readonly AnyIndicator[]
  names(): string[]
  find(name: string): AnyIndicator | undefined
  /** The indicator registered as `name`; INDICATOR_UNKNOWN (with the known names) otherwise. */
  get(name: string): AnyIndicator
  /** `built-in`, or the source of the plugin that registered `name`. */
  sourceOf(name: string): string | undefined
}

export const BUILTIN_SOURCE = 'built-in'

/** The built-ins plus `plugins`; PLUGIN_NAME_CLASH names the indicator and both sources. */
export function createIndicatorRegistry(plugins: readonly IndicatorSource[] = []): IndicatorRegistry {
  const byName = new Map<string, { indicator: AnyIndicator; source: string }>()
  const all: AnyIndicator[] = []
  for (const { source, indicators } of [{ source: BUILTIN_SOURCE, indicators: INDICATORS }, ...plugins]) {
    for (const indicator of indicators) {
      const taken = byName.get(indicator.name)
      if (taken !== undefined) {
        throw new TradePulseError(
          'PLUGIN_NAME_CLASH',
          `indicator "${indicator.name}" from ${source} clashes with the one from ${taken.source}`,
          { field: indicator.name },
        )
      }
      byName.set(indicator.name, { indicator, source })
      all.push(indicator)
    }
  }
  const names = (): string[] => all.map((i) => i.name)
  return {
    indicators: all,
    names,
    find: (name) => byName.get(name)?.indicator,
    get(name) {
      const found = byName.get(name)
      if (found === undefined) {
        throw new TradePulseError(
          'INDICATOR_UNKNOWN',
          `no indicator named "${name}"; known: ${names().join(', ')}`,
        )
      }
      return found.indicator
    },
    sourceOf: (name) => byName.get(name)?.source,
  }
}

/** The built-ins alone: what the library uses when no plugin is loaded. */
export const BUILTIN_REGISTRY: IndicatorRegistry = createIndicatorRegistry()

export function indicatorNames(): string[] {
  return BUILTIN_REGISTRY.names()
}

export function findIndicator(name: string): AnyIndicator | undefined {
  return BUILTIN_REGISTRY.find(name)
}

/** The built-in indicator registered as `name`; INDICATOR_UNKNOWN (with the known names) otherwise. */
export function getIndicator(name: string): AnyIndicator {
  return BUILTIN_REGISTRY.get(name)
}
