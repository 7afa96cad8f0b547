import { describe, expect, it } from 'vitest'

import { TradePulseError } from '../../domain/errors.ts'
import { journalDecodeError, toJsonText } from './journal-codec.ts'

function refusal(value: unknown): TradePulseError {
  try {
    toJsonText(value, 'orders.jsonl')
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('toJsonText accepted a value it should refuse')
}

describe('toJsonText', () => {
  it('writes plain JSON values as compact JSON', () => {
    expect(toJsonText({ a: [1, 'two', null, true], b: { c: -2.5 } })).toBe(
      '{"a":[1,"two",null,true],"b":{"c":-2.5}}',
    )
  })

  it('drops an undefined property, as JSON does', () => {
    expect(toJsonText({ a: 1, b: undefined })).toBe('{"a":1}')
  })

  it('refuses a bigint, naming its key, instead of throwing a bare TypeError', () => {
    const error = refusal({ fill: { fee: 12n } })
    expect(error.code).toBe('EXECUTION_JOURNAL')
    expect(error.message).toBe(
      'orders.jsonl: a record cannot be journaled: bigint at key "fee" does not survive JSON; encode it first',
    )
  })

  it('refuses values JSON would silently turn into null or drop', () => {
    expect(refusal({ price: Number.NaN }).message).toContain('NaN at key "price"')
    expect(refusal({ price: -Infinity }).message).toContain('-Infinity at key "price"')
    expect(refusal([1, undefined]).message).toContain('undefined at key "1"')
    expect(refusal({ callback: () => 1 }).message).toContain('function at key "callback"')
    expect(refusal({ tag: Symbol('x') }).message).toContain('symbol at key "tag"')
  })

  it('refuses a codec that returns nothing', () => {
    expect(refusal(undefined).message).toBe(
      'orders.jsonl: a record cannot be journaled: its codec returned nothing JSON can hold',
    )
  })
})

describe('journalDecodeError', () => {
  it('names the file, the line and the field', () => {
    const error = journalDecodeError({ file: 'orders.jsonl', line: 12 }, 'must be a string', 'orderId')
    expect(error.code).toBe('EXECUTION_JOURNAL')
    expect(error.message).toBe('orders.jsonl:12: orderId: must be a string')
    expect(error.location).toEqual({ file: 'orders.jsonl', line: 12, field: 'orderId' })
    expect(journalDecodeError({ file: 'j', line: 3 }, 'not an object').message).toBe('j:3: not an object')
  })
})
