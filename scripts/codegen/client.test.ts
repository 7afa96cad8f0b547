import { describe, expect, it } from 'vitest'
import { type OpenApiDocument, renderPaths } from './client.ts'
import { sortKeys } from './openapi.ts'

/** The printed text on one line per member, as it reads in a test. */
function flat(text: string): string {
  return text.replaceAll(/\n+/g, '; ').replaceAll('{; ', '{ ').replaceAll('; }', ' }')
}

const document: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/api/v1/orders/{id}': {
      get: {
        summary: 'One order',
        parameters: [
          { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
          { in: 'query', name: 'fields', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            content: {
              'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } },
            },
          },
        },
      },
      delete: {
        parameters: [
          { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
          { in: 'header', name: 'idempotency-key', required: true, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', properties: {}, required: [] } } },
        },
        responses: { '204': {} },
      },
    },
  },
}

describe('renderPaths', () => {
  const text = flat(renderPaths(document))

  it('prints each served method with its parameters by location, the others as never', () => {
    expect(text).toContain(
      'get: { parameters: { query?: { fields?: string }; header?: never; path: { id: string }; cookie?: never }; requestBody?: never;',
    )
    expect(text).toContain('put?: never; post?: never;')
    expect(text).toContain('options?: never; head?: never; patch?: never; trace?: never }')
  })

  it('makes a location required when one of its parameters is, and quotes header names', () => {
    expect(text).toContain("header: { 'idempotency-key': string }")
  })

  it('prints the request body and each response by status and media type', () => {
    expect(text).toContain("requestBody: { content: { 'application/json': Record<string, unknown> } }")
    expect(text).toContain(
      "responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { id?: string } } } }",
    )
    expect(text).toContain('responses: { 204: { headers: Record<string, unknown>; content?: never } }')
  })

  it('keeps the summary as the doc comment of the operation', () => {
    expect(text).toContain('/** @description One order */; get:')
  })
})

describe('sortKeys', () => {
  it('orders the keys of every object and keeps arrays in order', () => {
    const sorted = sortKeys({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}')
  })
})
