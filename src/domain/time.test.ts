import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  bucketStart,
  formatIso,
  intervalFromMillis,
  parseInterval,
  unixMillis,
} from './time.ts'

describe('parseInterval', () => {
  it('reads short and long forms into a canonical label', () => {
    expect(parseInterval('1m')).toMatchObject({ count: 1, unit: 'm', ms: 60_000, label: '1m' })
    expect(parseInterval('15min').label).toBe('15m')
    expect(parseInterval(' 4 Hours ').ms).toBe(4 * MS_PER_HOUR)
    expect(parseInterval('1d').ms).toBe(MS_PER_DAY)
    expect(parseInterval('1w').ms).toBe(7 * MS_PER_DAY)
  })

  it('rejects what it cannot read, naming the input', () => {
    for (const bad of ['', 'm', '0m', '1M', '1.5h', '1y', '-1d']) {
      expect(() => parseInterval(bad), bad).toThrow(/interval must look like/)
    }
  })
})

describe('intervalFromMillis', () => {
  it('names an interval by its largest whole unit', () => {
    expect(intervalFromMillis(3_600_000).label).toBe('1h')
    expect(intervalFromMillis(90_000).label).toBe('90s')
    expect(intervalFromMillis(2 * MS_PER_DAY).label).toBe('2d')
    expect(() => intervalFromMillis(1500)).toThrow(/whole number of seconds/)
  })
})

describe('bucketStart', () => {
  it('aligns to the UTC calendar', () => {
    const t = Date.UTC(2024, 2, 14, 13, 47, 12)
    expect(formatIso(bucketStart(t, parseInterval('5m')))).toBe('2024-03-14T13:45:00.000Z')
    expect(formatIso(bucketStart(t, parseInterval('4h')))).toBe('2024-03-14T12:00:00.000Z')
    expect(formatIso(bucketStart(t, parseInterval('1d')))).toBe('2024-03-14T00:00:00.000Z')
    expect(formatIso(bucketStart(t, parseInterval('1w'))), 'ISO weeks start on Monday').toBe(
      '2024-03-11T00:00:00.000Z',
    )
  })

  it('handles times before the epoch', () => {
    expect(formatIso(bucketStart(Date.UTC(1969, 11, 31, 23, 30), parseInterval('1h')))).toBe(
      '1969-12-31T23:00:00.000Z',
    )
  })

  it('returns the bucket that contains t, starting on a multiple of the interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 4e12 }),
        fc.constantFrom('1m', '5m', '1h', '1d', '1w'),
        (t, label) => {
          const interval = parseInterval(label)
          const start = bucketStart(t, interval)
          expect(start).toBeLessThanOrEqual(t)
          expect(t - start).toBeLessThan(interval.ms)
          expect(bucketStart(start, interval)).toBe(start)
        },
      ),
    )
  })
})

describe('unixMillis', () => {
  it('accepts integer milliseconds only', () => {
    expect(unixMillis(1_700_000_000_000)).toBe(1_700_000_000_000)
    expect(() => unixMillis(1.5)).toThrow(/integer number of milliseconds/)
  })
})
