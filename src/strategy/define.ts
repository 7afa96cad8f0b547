/**
 * Declaring a strategy and reading its parameters. A strategy's parameters are a strict zod object
 * whose every field has a default and a description: `--params '{}'` always runs, a misspelt key
 * is an error rather than a silently ignored default, and the JSON Schema the CLI and the API
 * publish documents every default (the same rules, and the same JSON Schema call, as the
 * indicators' parameters in src/indicators/core/params.ts).
 *
 * The checks read the schema's structure (`_zod.def`), never `instanceof`: a strategy published as
 * an npm package may bring its own copy of zod.
 */
import { z } from 'zod'
import { TradePulseError } from '../domain/errors.ts'
import { checkParamSpace } from './space.ts'
import type { AnyStrategy, StrategyDefinition } from './types.ts'

/** Strategy parameters: a strict object, every field defaulted (see `checkStrategyDefinition`). */
export type StrategyParamSchema = z.ZodObject

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/

/**
 * Checks a definition and returns it frozen. Throws STRATEGY_LOAD_FAILED (STRATEGY_INVALID_SPACE for
 * its `space`) naming the strategy and the parameter at fault, so a broken definition fails when its module loads, not mid-run.
 */
export function defineStrategy<S extends StrategyParamSchema>(
  definition: StrategyDefinition<S>,
): StrategyDefinition<S> {
  checkStrategyDefinition(definition, `strategy "${definition.name}"`)
  return Object.freeze({ ...definition })
}

/**
 * The rules `defineStrategy` enforces, for a value of unknown origin (a loaded module's export).
 * `where` names it in the error: `strategy "x"` or a module path.
 */
export function checkStrategyDefinition(value: unknown, where: string): asserts value is AnyStrategy {
  const fail = (message: string, field?: string): never => {
    throw new TradePulseError(
      'STRATEGY_LOAD_FAILED',
      `${where}: ${message}`,
      field === undefined ? {} : { field },
    )
  }
  if (typeof value !== 'object' || value === null) return fail('a strategy definition must be an object')
  const candidate = value as Partial<Record<keyof AnyStrategy, unknown>>
  for (const key of ['name', 'title', 'description'] as const) {
    if (typeof candidate[key] !== 'string' || candidate[key] === '')
      fail(`"${key}" must be a non-empty string`, key)
  }
  const name = candidate.name as string
  if (!NAME_PATTERN.test(name)) fail(`name "${name}" must be lower-case letters, digits and dashes`, 'name')
  if (typeof candidate.create !== 'function')
    fail('"create" must be a function returning the instance', 'create')
  const schema = candidate.params
  if (!isZodObject(schema)) return fail('"params" must be a zod object (z.strictObject({...}))', 'params')
  const catchall = schema._zod.def.catchall
  if (catchall?._zod.def.type !== 'never') {
    fail('"params" must be strict (z.strictObject), so a misspelt parameter is refused', 'params')
  }
  const shape: Readonly<Record<string, z.ZodType>> = schema.shape
  for (const [key, field] of Object.entries(shape)) {
    const filled = field.safeParse(undefined)
    if (!filled.success || filled.data === undefined) {
      fail(`parameter "${key}" has no default (add .default(...))`, `${name}.${key}`)
    }
    if (field.description === undefined) {
      fail(`parameter "${key}" has no description (add .describe(...))`, `${name}.${key}`)
    }
  }
  if (!schema.safeParse({}).success)
    fail("the default parameters do not pass the schema's own checks", 'params')
  // A space is checked like the parameters are, but fails with its own code (STRATEGY_INVALID_SPACE):
  // the strategy still runs, only its sweeps are wrong.
  if (candidate.space !== undefined) checkParamSpace(name, schema, candidate.space, where)
}

function isZodObject(value: unknown): value is z.ZodObject {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return false
  const internals = (value as { _zod: { def?: { type?: unknown } } })._zod
  return (
    internals.def?.type === 'object' && typeof (value as { safeParse?: unknown }).safeParse === 'function'
  )
}

/** The parameter schema as JSON Schema (input side: every field optional, with its default). */
export function describeStrategyParams(definition: AnyStrategy): Record<string, unknown> {
  return z.toJSONSchema(definition.params, { io: 'input' })
}

/**
 * Validates raw parameters (from code, `--params` or an HTTP body) and fills in defaults. Throws
 * STRATEGY_INVALID_PARAMS whose field is `strategy.parameter` of the first problem; the message
 * lists every problem, each after its parameter's name.
 */
export function parseStrategyParams<S extends z.ZodType>(
  definition: StrategyDefinition<S>,
  input: unknown,
): z.output<S> {
  const result = definition.params.safeParse(input ?? {})
  if (result.success) return result.data
  // The first problem's parameter becomes the error's field (`ma-crossover.fast: Too small…`);
  // any further problems follow, each after its own parameter's name.
  const describe = (issue: z.core.$ZodIssue, withPath: boolean): string => {
    if (issue.code === 'unrecognized_keys')
      return `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    const path = issue.path.join('.')
    return withPath && path !== '' ? `${path}: ${issue.message}` : issue.message
  }
  const [first, ...rest] = result.error.issues
  const firstPath =
    first === undefined
      ? ''
      : first.code === 'unrecognized_keys'
        ? (first.keys[0] ?? '')
        : first.path.join('.')
  const message = [
    ...(first === undefined ? [] : [describe(first, false)]),
    ...rest.map((i) => describe(i, true)),
  ]
  throw new TradePulseError('STRATEGY_INVALID_PARAMS', message.join('; '), {
    field: firstPath === '' ? definition.name : `${definition.name}.${firstPath}`,
  })
}
