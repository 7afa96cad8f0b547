/**
 * A strategy's parameter space: the ranges a sweep explores, declared beside the parameter schema
 * so the two are checked against each other when the strategy is defined (`defineStrategy`) and
 * again when a person narrows the space on the command line. The space lives here, below
 * `research/`, because the definition carries it; enumerating and sampling it is research's job.
 *
 * A dimension is one of:
 * - `{ int: [lo, hi], step?, log? }`: the integers lo, lo + step, … up to hi (step 1 by default);
 * - `{ float: [lo, hi], step?, steps?, log? }`: with `step`, the grid lo, lo + step, … ≤ hi, in
 *   every search; without it, any value in [lo, hi] for random and genetic searches, and `steps`
 *   points (default 5) from lo to hi for a grid, spaced evenly or, with `log`, geometrically;
 * - `{ choice: [a, b, …] }`: these values, in this order.
 *
 * `log` makes random draws and mutations uniform in log(value), for ranges that span decades
 * (a fraction from 0.01 to 1); it needs lo > 0.
 *
 * What is checked against the schema: every field is a parameter the strategy has, both bounds
 * of a range and every choice parse, and a `float` range is not put on an integer parameter. What
 * cannot be checked here — a rule between parameters such as fast < slow — is checked per
 * combination by the sweep, which skips (and counts) the combinations the schema refuses.
 */
import type { z } from 'zod'
import { TradePulseError } from '../domain/errors.ts'

/** A value a `choice` may offer: whatever JSON can carry that is not an object. */
export type SpaceValue = string | number | boolean | null

export type SpaceDimension =
  | { readonly int: readonly [number, number]; readonly step?: number; readonly log?: boolean }
  | {
      readonly float: readonly [number, number]
      readonly step?: number
      readonly steps?: number
      readonly log?: boolean
    }
  | { readonly choice: readonly SpaceValue[] }

/** Dimensions by parameter name; the order of the keys is the order of a grid's loops. */
export type ParamSpace = Readonly<Record<string, SpaceDimension>>

/** Points a float grid takes when no `step` is given. */
export const DEFAULT_FLOAT_STEPS = 5

const KEYS = {
  int: new Set(['int', 'step', 'log']),
  float: new Set(['float', 'step', 'steps', 'log']),
  choice: new Set(['choice']),
} as const

/**
 * Checks `space` (of unknown origin: a definition, `--space` JSON) against the strategy's
 * parameter schema and returns it typed. Throws STRATEGY_INVALID_SPACE whose field is
 * `strategy.parameter`, and whose message starts with `where` (`strategy "x"`, `--space`).
 */
export function checkParamSpace(
  strategy: string,
  schema: z.ZodObject,
  space: unknown,
  where: string,
): ParamSpace {
  const fail = (message: string, parameter?: string): never => {
    throw new TradePulseError('STRATEGY_INVALID_SPACE', `${where}: ${message}`, {
      field: parameter === undefined ? strategy : `${strategy}.${parameter}`,
    })
  }
  if (typeof space !== 'object' || space === null || Array.isArray(space))
    return fail('the space must be an object of parameter ranges, e.g. {"fast": {"int": [2, 50]}}')
  const shape: Readonly<Record<string, z.ZodType>> = schema.shape
  for (const [name, dimension] of Object.entries(space)) {
    const field = shape[name]
    if (field === undefined || !Object.hasOwn(shape, name))
      fail(`"${name}" is not a parameter of the strategy (it has ${Object.keys(shape).join(', ')})`, name)
    checkDimension(name, dimension, field!, (message) => fail(message, name))
  }
  return space as ParamSpace
}

function checkDimension(
  name: string,
  dimension: unknown,
  field: z.ZodType,
  fail: (message: string) => never,
): void {
  if (typeof dimension !== 'object' || dimension === null || Array.isArray(dimension))
    fail(`"${name}" must be {"int": [lo, hi]}, {"float": [lo, hi]} or {"choice": [...]}`)
  const d = dimension as Record<string, unknown>
  const kinds = (['int', 'float', 'choice'] as const).filter((k) => k in d)
  if (kinds.length !== 1)
    fail(`"${name}" must have exactly one of "int", "float" or "choice", has ${kinds.length}`)
  const kind = kinds[0]!
  for (const key of Object.keys(d))
    if (!KEYS[kind].has(key)) fail(`"${name}": "${key}" is not an option of a ${kind} range`)
  const accepts = (value: unknown): boolean => field.safeParse(value).success
  const refused = (value: unknown): string => {
    const issue = field.safeParse(value).error?.issues[0]
    return `the schema refuses ${JSON.stringify(value)}${issue === undefined ? '' : `: ${issue.message}`}`
  }

  if (kind === 'choice') {
    const choices = d.choice
    if (!Array.isArray(choices) || choices.length === 0) fail(`"${name}": choice must be a non-empty array`)
    const seen = new Set<string>()
    for (const value of choices as unknown[]) {
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
        fail(`"${name}": a choice must be a string, number, boolean or null, was ${JSON.stringify(value)}`)
      const key = JSON.stringify(value)
      if (seen.has(key)) fail(`"${name}": ${key} is offered twice`)
      seen.add(key)
      if (!accepts(value)) fail(`"${name}": ${refused(value)}`)
    }
    return
  }

  const bounds = d[kind]
  if (!Array.isArray(bounds) || bounds.length !== 2) fail(`"${name}": ${kind} must be [lo, hi]`)
  const [lo, hi] = bounds as unknown[]
  const integer = kind === 'int'
  for (const bound of [lo, hi]) {
    const ok = typeof bound === 'number' && (integer ? Number.isSafeInteger(bound) : Number.isFinite(bound))
    if (!ok)
      fail(
        `"${name}": bounds must be ${integer ? 'integers' : 'finite numbers'}, was ${JSON.stringify(bound)}`,
      )
  }
  const low = lo as number
  const high = hi as number
  if (low > high) fail(`"${name}": lower bound ${low} is above upper bound ${high}`)
  if (d.step !== undefined) {
    const step = d.step
    const ok =
      typeof step === 'number' && step > 0 && (integer ? Number.isSafeInteger(step) : Number.isFinite(step))
    if (!ok)
      fail(
        `"${name}": step must be a ${integer ? 'whole number' : 'number'} > 0, was ${JSON.stringify(step)}`,
      )
  }
  if (d.steps !== undefined) {
    if (d.step !== undefined) fail(`"${name}": give "step" or "steps", not both`)
    if (typeof d.steps !== 'number' || !Number.isSafeInteger(d.steps) || d.steps < 1)
      fail(`"${name}": steps must be a whole number >= 1, was ${JSON.stringify(d.steps)}`)
  }
  if (d.log !== undefined) {
    if (typeof d.log !== 'boolean') fail(`"${name}": log must be true or false`)
    if (d.log && low <= 0) fail(`"${name}": a log range needs a lower bound > 0, was ${low}`)
  }
  for (const bound of [low, high]) if (!accepts(bound)) fail(`"${name}": ${refused(bound)}`)
  if (!integer && d.step === undefined && high > low) {
    // An integer parameter refuses most points of a continuous range; one probe off the
    // integers finds that out here rather than as thousands of skipped combinations.
    const probe = low + (high - low) * 0.3819660112501051
    if (!Number.isInteger(probe) && !accepts(probe))
      fail(`"${name}": a float range on a parameter that refuses ${probe} (use "int", or give a step)`)
  }
}
