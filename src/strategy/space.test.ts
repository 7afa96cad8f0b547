import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { breakout } from './builtin/breakout.ts'
import { maCrossover, maCrossoverParams } from './builtin/ma-crossover.ts'
import { meanReversion } from './builtin/mean-reversion.ts'
import { regime } from './builtin/regime.ts'
import { defineStrategy } from './define.ts'
import { checkParamSpace } from './space.ts'

function failure(run: () => unknown): TradePulseError {
  try {
    run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

const check = (space: unknown): TradePulseError =>
  failure(() => checkParamSpace('ma-crossover', maCrossoverParams, space, '--space'))

describe('checkParamSpace', () => {
  it('accepts int, float and choice ranges the schema takes', () => {
    const space = {
      fast: { int: [2, 20], step: 2 },
      fraction: { float: [0.1, 1], log: true },
      average: { choice: ['sma', 'ema'] },
    }
    expect(checkParamSpace('ma-crossover', maCrossoverParams, space, '--space')).toBe(space)
  })

  it('refuses a parameter the strategy does not have, naming it', () => {
    const error = check({ fats: { int: [2, 5] } })
    expect(error.code).toBe('STRATEGY_INVALID_SPACE')
    expect(error.location.field).toBe('ma-crossover.fats')
    expect(error.message).toContain('"fats" is not a parameter of the strategy')
  })

  it('refuses a bound the schema refuses', () => {
    const error = check({ fast: { int: [0, 5] } })
    expect(error.location.field).toBe('ma-crossover.fast')
    expect(error.message).toMatch(/^ma-crossover\.fast: --space: "fast": the schema refuses 0/)
  })

  it('refuses a choice the schema refuses', () => {
    expect(check({ average: { choice: ['sma', 'wma'] } }).message).toContain('the schema refuses "wma"')
  })

  it('refuses a float range on an integer parameter, and malformed ranges', () => {
    expect(check({ fast: { float: [2, 20] } }).message).toContain('a float range on a parameter that refuses')
    expect(check({ fast: { int: [20, 2] } }).message).toContain('lower bound 20 is above upper bound 2')
    expect(check({ fast: { int: [2, 20], step: 0 } }).message).toContain('step must be a whole number > 0')
    expect(check({ fast: { int: [2, 2.5] } }).message).toContain('bounds must be integers')
    expect(check({ fast: { int: [2, 20], choice: [3] } }).message).toContain('exactly one of')
    expect(check({ fast: { int: [2, 20], steps: 3 } }).message).toContain(
      '"steps" is not an option of a int range',
    )
    expect(check({ fraction: { float: [0, 1], log: true } }).message).toContain('needs a lower bound > 0')
    expect(check({ average: { choice: [] } }).message).toContain('non-empty array')
    expect(check({ average: { choice: ['sma', 'sma'] } }).message).toContain('offered twice')
    expect(check([1]).location.field).toBe('ma-crossover')
  })
})

describe('a strategy definition with a space', () => {
  const base = { name: 'probe', title: 'Probe', description: 'Does nothing.', create: () => ({}) }
  const params = z.strictObject({ period: z.number().int().min(2).default(5).describe('Bars') })

  it('is checked when the strategy is defined', () => {
    expect(defineStrategy({ ...base, params, space: { period: { int: [2, 9] } } }).space).toEqual({
      period: { int: [2, 9] },
    })
    const error = failure(() => defineStrategy({ ...base, params, space: { period: { int: [1, 9] } } }))
    expect(error.code).toBe('STRATEGY_INVALID_SPACE')
    expect(error.location.field).toBe('probe.period')
    expect(error.message).toContain('strategy "probe"')
  })

  it('is declared by every built-in strategy', () => {
    for (const strategy of [maCrossover, meanReversion, breakout, regime]) {
      expect(Object.keys(strategy.space ?? {}).length, strategy.name).toBeGreaterThan(0)
    }
  })
})
