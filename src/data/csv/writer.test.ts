import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { parseInterval } from '../../domain/time.ts'
import type { BarSeries } from '../bar-series.ts'
import { BarSeriesBuilder } from '../bar-series-builder.ts'
import { readBarsCsv, writeBarsCsv } from './index.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-csv-write-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function minuteBars(closes: readonly number[], start = Date.UTC(2024, 0, 2, 9, 30)): BarSeries {
  const builder = new BarSeriesBuilder()
  closes.forEach((close, i) => {
    const t = start + i * 60_000
    const open = i === 0 ? close : closes[i - 1]!
    builder.push(t, t + 60_000, open, Math.max(open, close) + 0.125, Math.min(open, close) / 2, close, 100 * i + 0.5)
  })
  return builder.build(parseInterval('1m'))
}

function columns(series: BarSeries): number[][] {
  return [series.openTime, series.knownAt, series.open, series.high, series.low, series.close, series.volume].map((c) => [...c])
}

describe('writeBarsCsv', () => {
  it('writes a header and one line per bar', async () => {
    const path = join(work, 'small.csv')
    await writeBarsCsv(minuteBars([10, 10.5]), path)
    expect(readFileSync(path, 'utf8')).toBe(
      'time,open,high,low,close,volume\n2024-01-02T09:30:00.000Z,10,10.125,5,10,0.5\n2024-01-02T09:31:00.000Z,10,10.625,5,10.5,100.5\n',
    )
  })

  it('gives identical columns when the file is read back', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: 0.0001, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }), fc.constantFrom<'iso' | 'epoch-ms'>('iso', 'epoch-ms'), async (closes, timeFormat) => {
        const series = minuteBars(closes)
        const path = join(work, `round-${n++}.csv`)
        await writeBarsCsv(series, path, { timeFormat })
        const back = await readBarsCsv(path)
        expect(columns(back.series)).toEqual(columns(series))
        expect(back.report.interval.label).toBe('1m')
      }),
      { numRuns: 50 },
    )
  })

  it('writes dates for daily bars, and refuses dates for bars that open within a day', async () => {
    const builder = new BarSeriesBuilder()
    builder.push(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), 1, 2, 0.5, 1.5, 10)
    builder.push(Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4), 1.5, 2, 1, 1.75, 20)
    const daily = builder.build(parseInterval('1d'))
    const path = join(work, 'daily.csv')
    await writeBarsCsv(daily, path, { timeFormat: 'date' })
    expect(readFileSync(path, 'utf8')).toBe('date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1.5,2,1,1.75,20\n')
    const back = await readBarsCsv(path)
    expect(columns(back.series), 'date-only bars are known at 24:00 UTC, as written').toEqual(columns(daily))
    await expect(writeBarsCsv(minuteBars([1, 2]), join(work, 'no.csv'), { timeFormat: 'date' })).rejects.toThrow(/dates alone cannot hold bar 0, which opens at 2024-01-02T09:30:00.000Z/)
  })

  it('rounds to a precision when asked', async () => {
    const path = join(work, 'rounded.csv')
    await writeBarsCsv(minuteBars([10.123456]), path, { precision: 2, timeFormat: 'epoch-ms' })
    expect(readFileSync(path, 'utf8').split('\n')[1]).toBe('1704187800000,10.12,10.25,5.06,10.12,0.50')
    await expect(writeBarsCsv(minuteBars([1]), path, { precision: -1 })).rejects.toThrow(RangeError)
  })

  it('writes to a stream in blocks, waiting for it to drain, and leaves it open', async () => {
    const stream = new PassThrough({ highWaterMark: 1024 })
    const chunks: string[] = []
    const series = minuteBars(Array.from({ length: 5000 }, (_, i) => 100 + Math.sin(i)))
    const done = writeBarsCsv(series, stream)
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
    await done
    expect(stream.writableEnded, 'a stream passed in is not ended').toBe(false)
    expect(chunks.join('').trimEnd().split('\n')).toHaveLength(5001)
  })

  it('names a file it cannot write, and why', async () => {
    const path = join(work, 'missing-dir', 'x.csv')
    await expect(writeBarsCsv(minuteBars([1]), path)).rejects.toMatchObject({
      code: 'DATA_WRITE_FAILED',
      message: `${path}: cannot write: directory ${join(work, 'missing-dir')} does not exist`,
    })
  })
})
