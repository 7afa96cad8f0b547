/**
 * Indicator parameters are declared with zod schemas: one declaration gives validation with
 * messages that name the parameter, defaults, a description per parameter and (through
 * `z.toJSONSchema`) the machine-readable form the CLI and the API publish.
 *
 * Schemas are strict objects, so a misspelt parameter is an error rather than a silently
 * ignored default.
 */
import { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'

export type ParamSchema = z.ZodObject

/** A whole number of values or bars, at least `min` (1 unless stated). */
export function windowParam(fallback: number, description: string, min = 1): z.ZodDefault<z.ZodNumber> {
  return z.number().int().min(min).default(fallback).describe(description)
}

/** A finite number in [min, max]. */
export function numberParam(
  fallback: number,
  description: string,
  min: number = -Number.MAX_VALUE,
  max: number = Number.MAX_VALUE,
): z.ZodDefault<z.ZodNumber> {
  return z.number().min(min).max(max).default(fallback).describe(description)
}

/** A strictly positive finite number. */
export function positiveParam(fallback: number, description: string): z.ZodDefault<z.ZodNumber> {
  return z.number().positive().max(Number.MAX_VALUE).default(fallback).describe(description)
}

/**
 * Validates raw parameters (from code, a CLI flag or an HTTP body) and fills in defaults. Every
 * problem is reported in one error, each prefixed by the parameter's name.
 */
export function parseParams<S extends ParamSchema>(indicator: string, schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {})
  if (result.success) return result.data
  // The first problem's parameter becomes the error's field (`ema.period: Too small…`); any
  // further problems follow, each with its own parameter name.
  const [first, ...rest] = result.error.issues
  const describe = (issue: z.core.$ZodIssue, withPath: boolean): string => {
    if (issue.code === 'unrecognized_keys')
      return `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    const path = issue.path.join('.')
    return withPath && path !== '' ? `${path}: ${issue.message}` : issue.message
  }
  const firstPath = first === undefined || first.code === 'unrecognized_keys' ? '' : first.path.join('.')
  const message = [
    ...(first === undefined ? [] : [describe(first, false)]),
    ...rest.map((issue) => describe(issue, true)),
  ].join('; ')
  throw new TradePulseError(
    'INDICATOR_INVALID_PARAMS',
    firstPath === '' ? `${indicator}: ${message}` : message,
    {
      field: firstPath === '' ? indicator : `${indicator}.${firstPath}`,
    },
  )
}

/** A parameter schema as JSON Schema, for `indicators list --json` and the API. */
export function describeParams(schema: ParamSchema): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input' })
}
