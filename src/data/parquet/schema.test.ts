import { describe, expect, it } from 'vitest'
import { ALIASES, isTemporalElement, normaliseName } from './schema.ts'

describe('isTemporalElement', () => {
  it('recognises TIMESTAMP, DATE and legacy INT96 columns, and nothing else', () => {
    expect(isTemporalElement({ name: 't', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } })).toBe(true)
    expect(isTemporalElement({ name: 't', type: 'INT32', logical_type: { type: 'DATE' } })).toBe(true)
    expect(isTemporalElement({ name: 't', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' })).toBe(true)
    expect(isTemporalElement({ name: 't', type: 'INT64', converted_type: 'TIMESTAMP_MICROS' })).toBe(true)
    expect(isTemporalElement({ name: 't', type: 'INT32', converted_type: 'DATE' })).toBe(true)
    expect(isTemporalElement({ name: 't', type: 'INT96' })).toBe(true)
    expect(isTemporalElement({ name: 't', type: 'INT64' })).toBe(false)
    expect(isTemporalElement({ name: 't', type: 'BYTE_ARRAY', converted_type: 'UTF8' })).toBe(false)
  })
})

describe('column names', () => {
  it('compares names without case or punctuation', () => {
    expect(normaliseName('Open Time')).toBe('opentime')
    expect(normaliseName('__index_level_0__')).toBe('indexlevel0')
    expect(ALIASES.time).toContain(normaliseName('__index_level_0__'))
  })

  it('gives each alias to one role only', () => {
    const seen = new Map<string, string>()
    for (const [role, names] of Object.entries(ALIASES)) {
      for (const name of names) {
        expect(seen.get(name), `${name} is claimed by ${seen.get(name) ?? ''} and ${role}`).toBeUndefined()
        seen.set(name, role)
      }
    }
  })
})
