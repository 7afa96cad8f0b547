/**
 * A small JSON Schema → TypeScript type printer, for the schemas @fastify/swagger writes into
 * OpenAPI 3.1 (and the 3.0 `nullable`). It prints the same shapes openapi-typescript does:
 * objects with required and optional members, arrays and tuples, enums and const as literal
 * unions, anyOf/oneOf as unions, allOf as intersections, additionalProperties as an index
 * signature, and `unknown` for a schema that says nothing. Validation-only keywords (pattern,
 * minimum, format…) have no type and are left out; `description` becomes a doc comment.
 *
 * The output is one line per member and unformatted; the caller runs Prettier over the file.
 */

export type JsonSchema = boolean | JsonSchemaObject

export interface JsonSchemaObject {
  readonly type?: string | readonly string[]
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: JsonSchema
  readonly items?: JsonSchema
  readonly prefixItems?: readonly JsonSchema[]
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly allOf?: readonly JsonSchema[]
  readonly nullable?: boolean
  readonly description?: string
  readonly $ref?: string
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/

/** A property name as TypeScript accepts it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : `'${name.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/** A JSON value as a TypeScript literal type. */
export function literalType(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  // An object or array constant has no literal type worth printing; its shape will do.
  return 'unknown'
}

/** `/** … *\/` for a description, or nothing; `*\/` inside the text is broken up. */
export function docComment(description: string | undefined): string {
  if (description === undefined || description.trim() === '') return ''
  return `/** @description ${description.replaceAll('*/', '*\\/').replaceAll('\n', ' ')} */\n`
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)]
  if (unique.includes('unknown')) return 'unknown'
  const kept = unique.length > 1 ? unique.filter((p) => p !== 'never') : unique
  if (kept.length === 0) return 'never'
  return kept.length === 1 ? kept[0]! : kept.map(wrap).join(' | ')
}

/** Parentheses around a union or intersection that becomes part of a bigger type. */
function wrap(type: string): string {
  let depth = 0
  let quoted = false
  for (let i = 0; i < type.length; i++) {
    const c = type[i]!
    if (!quoted && type.startsWith('/*', i)) {
      const end = type.indexOf('*/', i + 2)
      i = end < 0 ? type.length : end + 1
    } else if (quoted) {
      if (c === '\\') i++
      else if (c === "'") quoted = false
    } else if (c === "'") quoted = true
    else if ('{([<'.includes(c)) depth++
    else if ('})]>'.includes(c)) depth--
    else if (depth === 0 && (c === '|' || c === '&')) return `(${type})`
  }
  return type
}

function objectType(schema: JsonSchemaObject): string {
  const required = new Set(schema.required ?? [])
  const members: string[] = []
  const properties = Object.entries(schema.properties ?? {})
  for (const [name, property] of properties) {
    const description = typeof property === 'object' ? property.description : undefined
    const optional = required.has(name) ? '' : '?'
    members.push(`${docComment(description)}${propertyKey(name)}${optional}: ${printType(property)}`)
  }
  const extra = schema.additionalProperties
  if (extra !== undefined && extra !== false) {
    // Named members must fit the index signature, so next to them it can only say `unknown`.
    if (properties.length === 0) return `Record<string, ${extra === true ? 'unknown' : printType(extra)}>`
    members.push('[key: string]: unknown')
  }
  if (members.length === 0) return extra === false ? 'Record<string, never>' : 'Record<string, unknown>'
  return `{\n${members.join('\n')}\n}`
}

function typeOfName(name: string, schema: JsonSchemaObject): string {
  switch (name) {
    case 'string':
      return 'string'
    case 'number':
    case 'integer':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array':
      if (schema.prefixItems !== undefined) return `[${schema.prefixItems.map(printType).join(', ')}]`
      return `${wrap(schema.items === undefined ? 'unknown' : printType(schema.items))}[]`
    case 'object':
      return objectType(schema)
    default:
      return 'unknown'
  }
}

/** The TypeScript type of values valid against `schema`. */
export function printType(schema: JsonSchema): string {
  if (schema === true) return 'unknown'
  if (schema === false) return 'never'
  const nullable = schema.nullable === true ? ['null'] : []
  if (schema.$ref !== undefined) {
    const match = COMPONENT_REF.exec(schema.$ref)
    if (match === null)
      throw new Error(`cannot print $ref ${schema.$ref}: only #/components/schemas/… is supported`)
    return union([`components['schemas'][${literalType(match[1])}]`, ...nullable])
  }
  if ('const' in schema) return union([literalType(schema.const), ...nullable])
  if (schema.enum !== undefined) return union([...schema.enum.map(literalType), ...nullable])
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives !== undefined) return union([...alternatives.map(printType), ...nullable])
  if (schema.allOf !== undefined) {
    const parts = schema.allOf.map((part) => wrap(printType(part)))
    return union([parts.length === 1 ? parts[0]! : parts.join(' & '), ...nullable])
  }
  let names: readonly string[]
  if (schema.type === undefined) {
    if (schema.properties !== undefined || schema.additionalProperties !== undefined) names = ['object']
    else if (schema.items !== undefined || schema.prefixItems !== undefined) names = ['array']
    else return 'unknown'
  } else names = typeof schema.type === 'string' ? [schema.type] : schema.type
  return union([...names.map((name) => typeOfName(name, schema)), ...nullable])
}
