import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatIso } from '../domain/time.ts'
import { parseTimeOption } from './options.ts'

const LATEST = 8_640_000_000_000_000

describe('parseTimeOption', () => {
  it('reads dates, times with and without a zone, and epoch milliseconds, as UTC unless zoned', () => {
    expect(parseTimeOption('--as-of', '2024-01-02')).toBe(Date.UTC(2024, 0, 2))
    expect(parseTimeOption('--as-of', '2024-01-02T09:30:00Z')).toBe(Date.UTC(2024, 0, 2, 9, 30))
    expect(parseTimeOption('--as-of', '2024-01-02T09:30')).toBe(Date.UTC(2024, 0, 2, 9, 30))
    expect(parseTimeOption('--as-of', '2024-01-02 09:30:15.250')).toBe(Date.UTC(2024, 0, 2, 9, 30, 15, 250))
    expect(parseTimeOption('--as-of', '2024-01-02T09:30:00+02:00')).toBe(Date.UTC(2024, 0, 2, 7, 30))
    expect(parseTimeOption('--as-of', '2024-01-02T09:30:00-0500')).toBe(Date.UTC(2024, 0, 2, 14, 30))
    expect(parseTimeOption('--as-of', ' 1704187800000 ')).toBe(1704187800000)
  })

  it('reads back every time it formats, to the millisecond, across the whole range', () => {
    fc.assert(
      // 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z: the years ISO 8601 writes in four digits.
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (t) => {
        expect(parseTimeOption('--start', formatIso(t))).toBe(t)
      }),
    )
  })

  it('refuses text that is not an ISO 8601 date, naming the option and the text', () => {
    for (const text of [
      'yesterday',
      '2024-13-01',
      '2024-02-30',
      '2024-01-02T25:00',
      '2024-01-02T09:60',
      '1 2 3',
      '2024/01/02',
      '',
    ]) {
      expect(() => parseTimeOption('--as-of', text), text).toThrow(
        `--as-of: not a date or time: ${JSON.stringify(text)} (use ISO 8601, e.g. 2024-01-02T09:30:00Z, or epoch milliseconds)`,
      )
    }
  })

  it('refuses epoch milliseconds outside the range a time can be shown in', () => {
    expect(parseTimeOption('--start', String(LATEST))).toBe(LATEST)
    expect(() => parseTimeOption('--start', '8640000000000001')).toThrow(
      '--start: 8640000000000001 is after the latest time there is, +275760-09-13T00:00:00.000Z',
    )
    expect(() => parseTimeOption('--start', '9999999999999999')).toThrow(
      /--start: 9999999999999999 is after the latest time/,
    )
  })
})
