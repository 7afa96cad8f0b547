/**
 * The named stress scenarios a backtest can be run under (`--scenarios all` or a list): each one a
 * transformation of every instrument's bars with its documented defaults, starting at the middle
 * of the series, and the expectations a correct engine and a sane strategy meet under it. Every
 * scenario checks that the run completes, that the equity stays finite, that no fill takes a
 * position past the configured limit and that a breached loss limit trips the kill switch; the
 * gap and the halt add what is specific to them. docs/backtest_scenarios.md describes each one.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { ExpectationName } from './expectations.ts'
import {
  type HaltWindow,
  flashCrash,
  gap,
  halt,
  liquidityDrought,
  resolveStart,
  spreadBlowout,
  staleData,
} from './transforms.ts'

/** An instrument's bars under a scenario. */
export interface ScenarioData {
  readonly series: BarSeries
  readonly halts: readonly HaltWindow[]
  /** Open time of the first bar the scenario changes (removes, for missing data). */
  readonly start: UnixMillis
}

export interface ScenarioDefinition {
  readonly name: string
  readonly description: string
  readonly transform: (series: BarSeries) => ScenarioData
  readonly expectations: readonly ExpectationName[]
}

const ALWAYS: readonly ExpectationName[] = [
  'completes',
  'equity-finite',
  'position-within-limit',
  'kill-switch-on-loss',
]

/** A transformation that starts at the default start and leaves no halt. */
function plain(
  name: string,
  transform: (series: BarSeries) => BarSeries,
): (series: BarSeries) => ScenarioData {
  return (series) => ({ series: transform(series), halts: [], start: middleTime(series, name) })
}

function middleTime(series: BarSeries, name: string): UnixMillis {
  return series.openTime[resolveStart(series, undefined, name)]! as UnixMillis
}

function haltScenario(series: BarSeries): ScenarioData {
  const halted = halt(series)
  return { series: halted.series, halts: halted.halts, start: middleTime(series, 'halt') }
}

export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    name: 'flash-crash',
    description: 'A V-shaped fall of 10% over 5 bars and back over 5, with the volume at a tenth',
    transform: plain('flash-crash', (s) => flashCrash(s)),
    expectations: ALWAYS,
  },
  {
    name: 'gap-down',
    description: 'A 5% gap down at the open of the middle bar, every later price moved with it',
    transform: plain('gap-down', (s) => gap(s)),
    expectations: [...ALWAYS, 'stop-fills-at-gap'],
  },
  {
    name: 'halt',
    description: 'A trading halt of 10 bars: flat bars with no volume, reopening 5% lower',
    transform: haltScenario,
    expectations: [...ALWAYS, 'no-fill-in-halt'],
  },
  {
    name: 'liquidity-drought',
    description: 'Volume at 5% of normal for 20 bars',
    transform: plain('liquidity-drought', (s) => liquidityDrought(s)),
    expectations: ALWAYS,
  },
  {
    name: 'spread-blowout',
    description: 'The high–low range five times wider for 20 bars (the spread’s stand-in on bar data)',
    transform: plain('spread-blowout', (s) => spreadBlowout(s)),
    expectations: ALWAYS,
  },
  {
    name: 'stale-missing',
    description: '10 bars missing from the feed',
    transform: plain('stale-missing', (s) => staleData(s, { mode: 'missing' })),
    expectations: ALWAYS,
  },
  {
    name: 'stale-repeated',
    description: 'The feed stuck for 10 bars: the last close repeated with zero volume',
    transform: plain('stale-repeated', (s) => staleData(s, { mode: 'repeated' })),
    expectations: ALWAYS,
  },
]

/** The scenarios named, in catalogue order; all of them for undefined or `all`. Refuses unknown names. */
export function selectScenarios(names?: readonly string[]): readonly ScenarioDefinition[] {
  if (names === undefined || names.includes('all')) return SCENARIOS
  const known = new Set(SCENARIOS.map((s) => s.name))
  const unknown = names.filter((n) => !known.has(n))
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown scenario ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: all, ${[...known].join(', ')}`,
    )
  }
  return SCENARIOS.filter((s) => names.includes(s.name))
}
