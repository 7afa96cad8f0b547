import { describe, expect, it } from 'vitest'
import { printType, propertyKey } from './json-schema-to-ts.ts'

/** The printer's output on one line, as it reads in a test. */
function flat(type: string): string {
  return type.replaceAll(/\n+/g, '; ').replaceAll('{; ', '{ ').replaceAll('; }', ' }')
}

describe('printType', () => {
  it('prints the scalar types, integer as number', () => {
    expect(printType({ type: 'string' })).toBe('string')
    expect(printType({ type: 'integer' })).toBe('number')
    expect(printType({ type: 'number' })).toBe('number')
    expect(printType({ type: 'boolean' })).toBe('boolean')
    expect(printType({ type: 'null' })).toBe('null')
  })

  it('prints a schema that says nothing, and true, as unknown; false as never', () => {
    expect(printType({})).toBe('unknown')
    expect(printType({ description: 'anything' })).toBe('unknown')
    expect(printType(true)).toBe('unknown')
    expect(printType(false)).toBe('never')
  })

  it('marks the members an object does not require as optional, with their description', () => {
    const type = printType({
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: 'string' }, note: { type: 'string', description: 'free text' } },
      required: ['id'],
    })
    expect(flat(type)).toBe('{ id: string; /** @description free text */; note?: string }')
  })

  it('quotes member names that are not identifiers and escapes quotes in them', () => {
    expect(propertyKey('idempotency-key')).toBe("'idempotency-key'")
    expect(propertyKey("it's")).toBe("'it\\'s'")
    expect(propertyKey('$ok_1')).toBe('$ok_1')
  })

  it('prints enums and const as unions of literals', () => {
    expect(printType({ type: 'string', enum: ['buy', 'sell'] })).toBe("'buy' | 'sell'")
    expect(printType({ enum: [1, true, null, "o'k"] })).toBe("1 | true | null | 'o\\'k'")
    expect(printType({ const: 'filled' })).toBe("'filled'")
  })

  it('prints anyOf and oneOf as unions, allOf as an intersection', () => {
    expect(printType({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null')
    expect(printType({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'number' }] })).toBe(
      'number | string',
    )
    expect(
      flat(
        printType({
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { type: 'object', properties: { b: { type: 'number' } } },
          ],
        }),
      ),
    ).toBe('{ a: string } & { b?: number }')
    expect(printType({ anyOf: [{ type: 'string' }, {}] }), 'unknown absorbs the rest').toBe('unknown')
  })

  it('prints a type list and the OpenAPI 3.0 nullable as unions with null', () => {
    expect(printType({ type: ['string', 'null'] })).toBe('string | null')
    expect(printType({ type: 'number', nullable: true })).toBe('number | null')
    expect(printType({ enum: ['a'], nullable: true })).toBe("'a' | null")
  })

  it('prints arrays, wrapping a union element in parentheses, and tuples', () => {
    expect(printType({ type: 'array', items: { type: 'string' } })).toBe('string[]')
    expect(printType({ type: 'array', items: { type: ['string', 'number'] } })).toBe('(string | number)[]')
    expect(printType({ type: 'array' })).toBe('unknown[]')
    expect(printType({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] })).toBe(
      '[string, number]',
    )
    expect(
      flat(printType({ type: 'array', items: { type: 'object', properties: { a: { const: "x|'y" } } } })),
      'a bar or quote inside a member is not a union at the top',
    ).toBe("{ a?: 'x|\\'y' }[]")
  })

  it('prints additionalProperties as a record, or an unknown index beside named members', () => {
    expect(printType({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      'Record<string, number>',
    )
    expect(printType({ type: 'object', additionalProperties: true })).toBe('Record<string, unknown>')
    expect(printType({ type: 'object' })).toBe('Record<string, unknown>')
    expect(printType({ type: 'object', additionalProperties: false })).toBe('Record<string, never>')
    expect(
      flat(
        printType({
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: { type: 'number' },
        }),
      ),
    ).toBe('{ name: string; [key: string]: unknown }')
  })

  it('refers to component schemas by name and refuses any other $ref', () => {
    expect(printType({ $ref: '#/components/schemas/Order' })).toBe("components['schemas']['Order']")
    expect(() => printType({ $ref: 'other.json#/Order' })).toThrow('cannot print $ref other.json#/Order')
  })
})
