import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { maCrossover } from './builtin/ma-crossover.ts'
import {
  checkStrategyDefinition,
  defineStrategy,
  describeStrategyParams,
  parseStrategyParams,
} from './define.ts'

const base = {
  name: 'probe',
  title: 'Probe',
  description: 'Does nothing.',
  create: () => ({}),
}

function failure(run: () => unknown): TradePulseError {
  try {
    run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

describe('defineStrategy', () => {
  it('accepts a strict object whose fields all have a default and a description', () => {
    const params = z.strictObject({ period: z.number().int().default(5).describe('Bars') })
    const definition = defineStrategy({ ...base, params })
    expect(definition.name).toBe('probe')
    expect(Object.isFrozen(definition)).toBe(true)
  })

  it('refuses a schema that is not strict, naming the strategy', () => {
    const error = failure(() => defineStrategy({ ...base, params: z.object({}) }))
    expect(error.code).toBe('STRATEGY_LOAD_FAILED')
    expect(error.message).toBe(
      'params: strategy "probe": "params" must be strict (z.strictObject), so a misspelt parameter is refused',
    )
  })

  it('refuses a parameter without a default, naming it', () => {
    const params = z.strictObject({ period: z.number().describe('Bars') })
    const error = failure(() => defineStrategy({ ...base, params }))
    expect(error.location.field).toBe('probe.period')
    expect(error.message).toContain('parameter "period" has no default')
  })

  it('refuses a parameter without a description, naming it', () => {
    const params = z.strictObject({ period: z.number().default(3) })
    expect(failure(() => defineStrategy({ ...base, params })).location.field).toBe('probe.period')
  })

  it('refuses a bad name, a schema that is not an object, and a value that is not a definition', () => {
    expect(
      failure(() => defineStrategy({ ...base, name: 'Probe', params: z.strictObject({}) })).location.field,
    ).toBe('name')
    expect(
      failure(() => {
        checkStrategyDefinition({ ...base, params: z.number() }, 'x.mjs')
      }).message,
    ).toBe('params: x.mjs: "params" must be a zod object (z.strictObject({...}))')
    expect(
      failure(() => {
        checkStrategyDefinition(42, 'x.mjs')
      }).message,
    ).toBe('x.mjs: a strategy definition must be an object')
  })
})

describe('parseStrategyParams', () => {
  it('fills in the defaults', () => {
    expect(parseStrategyParams(maCrossover, {})).toEqual({
      fast: 10,
      slow: 30,
      average: 'sma',
      allowShort: false,
      fraction: 0.95,
    })
    expect(parseStrategyParams(maCrossover, undefined).slow).toBe(30)
  })

  it('names the parameter at fault in the field and the message', () => {
    const error = failure(() => parseStrategyParams(maCrossover, { fast: 0 }))
    expect(error.code).toBe('STRATEGY_INVALID_PARAMS')
    expect(error.location.field).toBe('ma-crossover.fast')
    expect(error.message).toBe('ma-crossover.fast: Too small: expected number to be >=1')
  })

  it('names an unknown parameter, and a rule between two', () => {
    const unknown = failure(() => parseStrategyParams(maCrossover, { fastt: 5 }))
    expect(unknown.message).toBe('ma-crossover.fastt: unknown parameter "fastt"')
    const order = failure(() => parseStrategyParams(maCrossover, { fast: 30, slow: 20 }))
    expect(order.message).toBe('ma-crossover.fast: fast must be below slow')
  })

  it('lists every problem, the later ones after their names', () => {
    const error = failure(() => parseStrategyParams(maCrossover, { fast: 'x', fraction: 2 }))
    expect(error.message).toBe(
      'ma-crossover.fast: Invalid input: expected number, received string; fraction: Too big: expected number to be <=1',
    )
  })
})

describe('describeStrategyParams', () => {
  it('publishes every parameter with its default and description', () => {
    const schema = describeStrategyParams(maCrossover)
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties).toMatchObject({
      fast: { type: 'integer', default: 10, minimum: 1, description: 'Bars in the fast moving average' },
      average: { enum: ['sma', 'ema'], default: 'sma' },
      allowShort: { type: 'boolean', default: false },
      fraction: { default: 0.95, maximum: 1 },
    })
  })
})
