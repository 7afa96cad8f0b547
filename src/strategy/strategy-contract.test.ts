/**
 * What every strategy — each built-in and one loaded from a file as a user would write it — must
 * do: validate its parameters (naming the one at fault), publish every default in its JSON
 * Schema, decide the same on the same data, and never look ahead: what it decides through bar t
 * does not depend on whether the data ends at t or goes on.
 */
import fc from 'fast-check'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { pinPlugin } from '../plugins/allowlist.ts'
import { resolvePlugin } from '../plugins/integrity.ts'
import { describeStrategyParams, parseStrategyParams } from './define.ts'
import { loadStrategy } from './load.ts'
import { BUILTIN_STRATEGIES } from './registry.ts'
import { randomWalkBars, single } from './testing/bars.ts'
import { decisionsThrough, driveStrategy } from './testing/driver.ts'
import type { AnyStrategy } from './types.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FIXTURE = './src/strategy/testing/fixture-strategy.ts'
// Loaded as a project loads a strategy file: pinned in its allowlist (built here, not read from disk).
const fixture = await loadStrategy(FIXTURE, ROOT, {
  allowlist: { root: ROOT, plugins: [pinPlugin(resolvePlugin(FIXTURE, ROOT), ROOT, { kind: 'strategy' })] },
})

/**
 * Parameters that make each strategy act within a few hundred one-minute bars, so the properties
 * below are about real decisions (the defaults suit longer series: the regime strategy's warm-up
 * is 1,860 minute bars).
 */
const ACTIVE_PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  'ma-crossover': { fast: 3, slow: 8, allowShort: true },
  'mean-reversion': { period: 10, rsiPeriod: 5, oversold: 40, overbought: 60, allowShort: true },
  breakout: { channel: 10, atrPeriod: 5, allowShort: true },
  regime: {
    timeframes: ['1m', '2m', '4m'],
    phaseWindow: 8,
    curvatureWindow: 16,
    trendWindow: 8,
    minTrend: 0.1,
    allowShort: true,
  },
  streak: { rise: 2, fall: 2 },
}

const STRATEGIES: readonly AnyStrategy[] = [...BUILTIN_STRATEGIES, fixture]

function paramsError(strategy: AnyStrategy, input: unknown): TradePulseError {
  try {
    parseStrategyParams(strategy, input)
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error(`${strategy.name} accepted ${JSON.stringify(input)}`)
}

describe.each(STRATEGIES.map((s) => [s.name, s] as const))('strategy %s', (name, strategy) => {
  const active = ACTIVE_PARAMS[name]
  if (active === undefined) throw new Error(`no active parameters for ${name}`)

  it('publishes every parameter with a description and its default, which is what an empty object parses to', () => {
    const schema = describeStrategyParams(strategy)
    const properties = schema.properties as Record<string, { default?: unknown; description?: unknown }>
    const keys = Object.keys(properties)
    expect(keys.length).toBeGreaterThan(0)
    const defaults = Object.fromEntries(keys.map((k) => [k, properties[k]!.default]))
    for (const key of keys) {
      expect(properties[key]!.default, `${key} default`).not.toBeUndefined()
      expect(typeof properties[key]!.description, `${key} description`).toBe('string')
    }
    expect(parseStrategyParams(strategy, {})).toEqual(defaults)
  })

  it('refuses a value of the wrong type for each parameter, and an unknown one, naming it', () => {
    const schema = describeStrategyParams(strategy)
    for (const key of Object.keys(schema.properties as object)) {
      const error = paramsError(strategy, { [key]: { wrong: true } })
      expect(error.code).toBe('STRATEGY_INVALID_PARAMS')
      expect(error.location.field).toBe(`${name}.${key}`)
    }
    expect(paramsError(strategy, { notAParameter: 1 }).location.field).toBe(`${name}.notAParameter`)
  })

  it('acts on a random walk with its active parameters', () => {
    const run = driveStrategy(strategy, active, single(randomWalkBars(300, 7)))
    expect(run.fills.length).toBeGreaterThan(0)
  })

  it('decides the same on the same data', () => {
    const bars = randomWalkBars(300, 3)
    const first = driveStrategy(strategy, active, single(bars))
    const second = driveStrategy(strategy, active, single(bars))
    expect(second.decisions).toEqual(first.decisions)
    expect(second.fills).toEqual(first.fills)
    expect(second.equity).toBe(first.equity)
  })

  it('decides through bar t the same whether the data ends at t or goes on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 60, max: 260 }),
        fc.double({ min: 0.1, max: 0.99, noNaN: true }),
        fc.constantFrom(0.002, 0.01, 0.03),
        (seed, length, cutAt, volatility) => {
          const bars = randomWalkBars(length, seed, volatility)
          const last = Math.floor(cutAt * (length - 1))
          const full = driveStrategy(strategy, active, single(bars))
          const cut = driveStrategy(strategy, active, single(bars.slice(0, last + 1)))
          expect(decisionsThrough(full, last)).toEqual(decisionsThrough(cut, last))
        },
      ),
      { numRuns: 40 },
    )
  })
})
