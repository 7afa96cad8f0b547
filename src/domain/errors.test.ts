import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, TradePulseError, formatLocated, isTradePulseError } from './errors.ts'

describe('TradePulseError', () => {
  it('prefixes the message with file, line and field', () => {
    const error = new TradePulseError('DATA_INVALID_BAR', 'high 9 is below max(open, close) = 10', {
      file: 'bars.csv',
      line: 17,
      field: 'high',
    })
    expect(error.message).toBe('bars.csv:17: high: high 9 is below max(open, close) = 10')
    expect(error.code).toBe('DATA_INVALID_BAR')
    expect(isTradePulseError(error)).toBe(true)
    expect(isTradePulseError(new Error('x'))).toBe(false)
  })

  it('omits what is unknown', () => {
    expect(formatLocated('m', {})).toBe('m')
    expect(formatLocated('m', { line: 3 })).toBe('line 3: m')
    expect(formatLocated('m', { file: 'f' })).toBe('f: m')
    expect(formatLocated('m', { field: 'close' })).toBe('close: m')
  })
})

describe('the error catalogue', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    for (const code of Object.keys(ERROR_CODES)) expect(doc, code).toContain(`\`${code}\``)
  })
})
