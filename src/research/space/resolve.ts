/**
 * The space a sweep actually explores: the strategy's declared space, replaced by a space given
 * whole (`--space JSON`) and then overridden dimension by dimension (`--param fast=5:50:5`), less
 * the parameters the sweep holds fixed. Every space a person gives is checked against the schema
 * exactly as a declared one is (checkParamSpace).
 *
 * `--param` text: `NAME=LO:HI[:STEP]` is a range — an `int` range when the parameter refuses a
 * value between two integers, else a `float` one — and `NAME=A,B,C` (or `NAME=A`) is a choice,
 * each value read as a number, a boolean or null when the parameter takes that, else as text.
 */
import type { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import {
  type ParamSpace,
  type SpaceDimension,
  type SpaceValue,
  checkParamSpace,
} from '../../strategy/space.ts'
import type { AnyStrategy } from '../../strategy/types.ts'

export interface SpaceRequest {
  /** Replaces the declared space (JSON of a space, already parsed). */
  readonly space?: unknown
  /** Dimensions set one by one, over the declared or given space. */
  readonly overrides?: Readonly<Record<string, SpaceDimension>>
  /** Parameters held fixed: they leave the declared space; naming them in the request is an error. */
  readonly fixed?: Readonly<Record<string, unknown>>
}

/** Throws STRATEGY_INVALID_SPACE naming the strategy and parameter at fault. */
export function resolveSpace(strategy: AnyStrategy, request: SpaceRequest = {}): ParamSpace {
  const schema = strategy.params as z.ZodObject
  const given =
    request.space === undefined ? undefined : checkParamSpace(strategy.name, schema, request.space, '--space')
  const overrides = request.overrides ?? {}
  checkParamSpace(strategy.name, schema, overrides, '--param')
  const fixed = request.fixed ?? {}
  for (const name of [...Object.keys(given ?? {}), ...Object.keys(overrides)]) {
    if (Object.hasOwn(fixed, name))
      throw new TradePulseError(
        'STRATEGY_INVALID_SPACE',
        `"${name}" is both held fixed (--params) and swept; drop it from one of them`,
        { field: `${strategy.name}.${name}` },
      )
  }
  const base = given ?? strategy.space ?? {}
  const space: Record<string, SpaceDimension> = {}
  for (const [name, dimension] of Object.entries({ ...base, ...overrides }))
    if (!Object.hasOwn(fixed, name)) space[name] = dimension
  if (Object.keys(space).length === 0)
    throw new TradePulseError(
      'STRATEGY_INVALID_SPACE',
      `nothing to sweep: the strategy declares no space left to explore; give --space or --param`,
      { field: strategy.name },
    )
  return space
}

/** `fast=5:50:5` or `average=sma,ema` → `['fast', dimension]`; checked by `resolveSpace`. */
export function parseParamRange(strategy: AnyStrategy, text: string): [string, SpaceDimension] {
  const eq = text.indexOf('=')
  const name = text.slice(0, eq).trim()
  const body = text.slice(eq + 1).trim()
  const fail = (message: string): never => {
    throw new TradePulseError('STRATEGY_INVALID_SPACE', `--param ${JSON.stringify(text)}: ${message}`, {
      field: name === '' ? strategy.name : `${strategy.name}.${name}`,
    })
  }
  if (eq <= 0 || body === '') fail('expected NAME=LO:HI[:STEP] or NAME=A,B,…')
  const shape: Readonly<Record<string, z.ZodType>> = (strategy.params as z.ZodObject).shape
  const field = Object.hasOwn(shape, name) ? shape[name] : undefined
  if (field === undefined)
    return fail(`"${name}" is not a parameter of the strategy (it has ${Object.keys(shape).join(', ')})`)
  const accepts = (value: unknown): boolean => field.safeParse(value).success

  if (body.includes(':')) {
    const parts = body.split(':')
    const numbers = parts.map((part) => Number(part.trim()))
    if (
      parts.length > 3 ||
      parts.some((part) => part.trim() === '') ||
      numbers.some((n) => !Number.isFinite(n))
    )
      return fail('a range is LO:HI or LO:HI:STEP, all numbers')
    const [lo, hi, step] = numbers as [number, number, number | undefined]
    const allInteger = [lo, hi, ...(step === undefined ? [] : [step])].every(Number.isInteger)
    const integerParameter = allInteger && !accepts(Math.min(lo, hi) + 0.5)
    const bounds: readonly [number, number] = [lo, hi]
    if (integerParameter) return [name, step === undefined ? { int: bounds } : { int: bounds, step }]
    return [name, step === undefined ? { float: bounds } : { float: bounds, step }]
  }
  const values = body.split(',').map((token) => readChoice(token.trim(), accepts))
  return [name, { choice: values }]
}

function readChoice(token: string, accepts: (value: unknown) => boolean): SpaceValue {
  const candidates: SpaceValue[] = []
  if (token !== '' && Number.isFinite(Number(token))) candidates.push(Number(token))
  if (token === 'true' || token === 'false') candidates.push(token === 'true')
  if (token === 'null') candidates.push(null)
  return candidates.find(accepts) ?? token
}
