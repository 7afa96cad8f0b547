/**
 * The rules an indicator definition from outside TradePulse (a plugin module's export) must keep
 * before it joins a registry: the shape `defineIndicator` takes, checked field by field so that a
 * broken plugin fails when it loads, naming the field, rather than mid-computation. What the
 * shape cannot show (streaming equals batch, causality, warm-up) the contract test checks.
 */
import type { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import {
  type AnyIndicator,
  type IndicatorCategory,
  type InputName,
  BAR_INPUT_NAMES,
  ORDER_FLOW_INPUT_NAMES,
  defineIndicator,
} from './definition.ts'
import type { ParamSchema } from './params.ts'

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/
const OUTPUT_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/
const CATEGORIES: readonly IndicatorCategory[] = [
  'trend',
  'momentum',
  'volatility',
  'volume',
  'statistics',
  'geometric',
]
const INPUTS: readonly InputName[] = [...BAR_INPUT_NAMES, ...ORDER_FLOW_INPUT_NAMES]

function isZodObject(value: unknown): value is z.ZodObject {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return false
  const internals = (value as { _zod: { def?: { type?: unknown } } })._zod
  return (
    internals.def?.type === 'object' && typeof (value as { safeParse?: unknown }).safeParse === 'function'
  )
}

function stringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
}

/**
 * `value` checked as an indicator definition (a kernel, or an indicator already made with
 * `defineIndicator`) and wrapped by `defineIndicator`. Throws PLUGIN_LOAD_FAILED; `where` names
 * the plugin in the message.
 */
export function checkIndicatorDefinition(value: unknown, where: string): AnyIndicator {
  const fail = (message: string, field?: string): never => {
    throw new TradePulseError(
      'PLUGIN_LOAD_FAILED',
      message,
      field === undefined ? { file: where } : { file: where, field },
    )
  }
  if (typeof value !== 'object' || value === null) return fail('an indicator definition must be an object')
  const candidate = value as Record<string, unknown>
  const name = candidate.name
  if (typeof name !== 'string' || !NAME_PATTERN.test(name))
    return fail('"name" must be lower-case letters, digits and dashes', 'name')
  const field = (key: string): string => `${name}.${key}`
  for (const key of ['title', 'description'] as const) {
    if (typeof candidate[key] !== 'string' || candidate[key] === '')
      fail(`"${key}" must be a non-empty string`, field(key))
  }
  if (!CATEGORIES.includes(candidate.category as IndicatorCategory))
    fail(`"category" must be one of ${CATEGORIES.join(', ')}`, field('category'))
  const inputs = candidate.inputs
  if (!stringList(inputs) || !inputs.every((i) => INPUTS.includes(i as InputName)))
    fail(`"inputs" must be a non-empty list of ${INPUTS.join(', ')}`, field('inputs'))
  const outputs = candidate.outputs
  if (
    !stringList(outputs) ||
    !outputs.every((o) => OUTPUT_PATTERN.test(o)) ||
    new Set(outputs).size !== outputs.length
  )
    fail('"outputs" must be a non-empty list of distinct identifiers', field('outputs'))
  for (const key of ['warmup', 'batch', 'stream'] as const) {
    if (typeof candidate[key] !== 'function') fail(`"${key}" must be a function`, field(key))
  }
  if (candidate.ranges !== undefined && typeof candidate.ranges !== 'function')
    fail('"ranges" must be a function when given', field('ranges'))
  for (const key of ['spreadsNonFinite', 'dataDependentWarmup'] as const) {
    if (candidate[key] !== undefined && typeof candidate[key] !== 'boolean')
      fail(`"${key}" must be a boolean when given`, field(key))
  }
  const params = candidate.params
  if (!isZodObject(params))
    return fail('"params" must be a zod object (z.strictObject({...}))', field('params'))
  if (params._zod.def.catchall?._zod.def.type !== 'never')
    fail('"params" must be strict (z.strictObject), so a misspelt parameter is refused', field('params'))
  if (!params.safeParse({}).success)
    fail('every parameter needs a default that passes its own checks (add .default(...))', field('params'))
  // Checked above field by field; defineIndicator only sees the erased registry type.
  return defineIndicator(candidate as unknown as AnyIndicator & { params: ParamSchema })
}
