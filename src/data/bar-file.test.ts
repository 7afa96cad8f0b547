import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, MS_PER_HOUR, parseInterval } from '../domain/time.ts'
import { barFileFormat, csvTimeFormatFor } from './bar-file.ts'
import { BarSeries } from './bar-series.ts'
import { BarSeriesBuilder } from './bar-series-builder.ts'

function bars(interval: string, openTimes: readonly number[]): BarSeries {
  const i = parseInterval(interval)
  const builder = new BarSeriesBuilder()
  for (const t of openTimes) builder.push(t, t + i.ms, 1, 1, 1, 1, 1)
  return builder.build(i)
}

describe('barFileFormat', () => {
  it('tells CSV from Parquet by extension, in any case', () => {
    expect(barFileFormat('a.CSV')).toBe('csv')
    expect(barFileFormat('a.tsv')).toBe('csv')
    expect(barFileFormat('dir/a.parquet')).toBe('parquet')
    expect(barFileFormat('a.pq')).toBe('parquet')
    expect(() => barFileFormat('a.json')).toThrow(/cannot tell the format of a.json/)
  })
})

describe('csvTimeFormatFor', () => {
  const monday = Date.UTC(2024, 0, 1)
  it('writes dates for daily bars at midnight and full times otherwise', () => {
    expect(csvTimeFormatFor(bars('1d', [monday, monday + MS_PER_DAY]))).toBe('date')
    expect(csvTimeFormatFor(bars('1d', [monday + 16 * MS_PER_HOUR])), 'daily bars stamped at the close').toBe('iso')
    expect(csvTimeFormatFor(bars('1h', [monday]))).toBe('iso')
    expect(csvTimeFormatFor(BarSeries.empty(parseInterval('1d')))).toBe('iso')
  })
})
