import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { maCrossover } from '../../strategy/builtin/ma-crossover.ts'
import { parseParamRange, resolveSpace } from './resolve.ts'

function failure(run: () => unknown): TradePulseError {
  try {
    run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

describe('resolveSpace', () => {
  it('is the declared space by default, less the parameters held fixed', () => {
    expect(resolveSpace(maCrossover)).toEqual(maCrossover.space)
    expect(Object.keys(resolveSpace(maCrossover, { fixed: { average: 'ema' } }))).toEqual(['fast', 'slow'])
  })

  it('replaces the declared space with a given one, then overrides dimension by dimension', () => {
    const space = resolveSpace(maCrossover, {
      space: { fast: { int: [5, 10] } },
      overrides: { average: { choice: ['ema'] } },
    })
    expect(space).toEqual({ fast: { int: [5, 10] }, average: { choice: ['ema'] } })
    const narrowed = resolveSpace(maCrossover, { overrides: { fast: { int: [5, 9] } } })
    expect(narrowed.fast).toEqual({ int: [5, 9] })
    expect(narrowed.slow).toEqual(maCrossover.space?.slow)
  })

  it('checks a given space like a declared one, naming where it came from', () => {
    const error = failure(() => resolveSpace(maCrossover, { space: { fast: { int: [0, 9] } } }))
    expect(error.code).toBe('STRATEGY_INVALID_SPACE')
    expect(error.message).toContain('--space')
    expect(
      failure(() => resolveSpace(maCrossover, { overrides: { slow: { int: [1, 9] } } })).message,
    ).toContain('--param')
  })

  it('refuses a parameter both fixed and swept, and a space with nothing left', () => {
    const both = failure(() =>
      resolveSpace(maCrossover, { overrides: { fast: { int: [2, 5] } }, fixed: { fast: 3 } }),
    )
    expect(both.location.field).toBe('ma-crossover.fast')
    const nothing = failure(() => resolveSpace(maCrossover, { fixed: { fast: 3, slow: 20, average: 'sma' } }))
    expect(nothing.message).toContain('nothing to sweep')
  })
})

describe('parseParamRange', () => {
  it('reads an int range where the parameter takes only integers, else a float range', () => {
    expect(parseParamRange(maCrossover, 'fast=5:50:5')).toEqual(['fast', { int: [5, 50], step: 5 }])
    expect(parseParamRange(maCrossover, 'slow=20:40')).toEqual(['slow', { int: [20, 40] }])
    expect(parseParamRange(maCrossover, 'fraction=0.1:1')).toEqual(['fraction', { float: [0.1, 1] }])
    expect(parseParamRange(maCrossover, 'fraction=0.2:1:0.2')).toEqual([
      'fraction',
      { float: [0.2, 1], step: 0.2 },
    ])
  })

  it('reads a list as a choice, each value as the type the parameter takes', () => {
    expect(parseParamRange(maCrossover, 'average=sma,ema')).toEqual(['average', { choice: ['sma', 'ema'] }])
    expect(parseParamRange(maCrossover, 'allowShort=true,false')).toEqual([
      'allowShort',
      { choice: [true, false] },
    ])
    expect(parseParamRange(maCrossover, 'fast=7')).toEqual(['fast', { choice: [7] }])
  })

  it('refuses malformed text and unknown parameters, naming them', () => {
    expect(failure(() => parseParamRange(maCrossover, 'fast')).message).toContain('NAME=LO:HI')
    expect(failure(() => parseParamRange(maCrossover, 'fast=1:x')).message).toContain('all numbers')
    expect(failure(() => parseParamRange(maCrossover, 'speed=1:3')).location.field).toBe('ma-crossover.speed')
  })
})
