import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { parquetWriteFile } from 'hyparquet-writer'
import { afterAll, describe, expect, it } from 'vitest'
import { MS_PER_DAY, parseInterval } from '../../domain/time.ts'
import type { BarSeries } from '../bar-series.ts'
import { BarSeriesBuilder } from '../bar-series-builder.ts'
import { simulateUniverse } from '../simulator/index.ts'
import { readBarsParquet } from './read.ts'
import { writeBarsParquet } from './write.ts'

const dir = mkdtempSync(join(tmpdir(), 'tradepulse-parquet-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})
let fileCount = 0
const path = (name = `f${fileCount++}.parquet`): string => join(dir, name)

function columnsOf(s: BarSeries): Float64Array[] {
  return [s.openTime, s.knownAt, s.open, s.high, s.low, s.close, s.volume].map((c) => Float64Array.from(c))
}

describe('writeBarsParquet and readBarsParquet', () => {
  it('round-trips every value bit for bit, with interval and symbol', async () => {
    const [series] = simulateUniverse({ assets: 1, bars: 2500, seed: 4, interval: parseInterval('5m') }).series
    const file = path()
    await writeBarsParquet(series!, file, { symbol: 'SIM000', rowGroupSize: 1000 })
    const back = await readBarsParquet(file)
    expect(back.symbol).toBe('SIM000')
    expect(back.series.interval.label).toBe('5m')
    expect(columnsOf(back.series)).toEqual(columnsOf(series!))
  })

  it('round-trips any valid bar values bit for bit, including zero and extremes', async () => {
    const value = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true })
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value, value, value, value), { minLength: 1, maxLength: 50 }), async (rows) => {
        const builder = new BarSeriesBuilder()
        rows.forEach(([a, b, c, d, v], i) => {
          const t = Date.UTC(2024, 0, 1) + i * 60_000
          const [low, open, close, high] = [a, b, c, d].sort((x, y) => x - y) as [number, number, number, number]
          builder.push(t, t + 60_000, open, high, low, close, v)
        })
        const series = builder.build(parseInterval('1m'))
        const file = path()
        await writeBarsParquet(series, file)
        const back = await readBarsParquet(file)
        expect(back.symbol).toBeNull()
        const a = columnsOf(back.series)
        const b = columnsOf(series)
        for (let k = 0; k < a.length; k++) {
          expect(new Uint8Array(a[k]!.buffer), `column ${k}`).toEqual(new Uint8Array(b[k]!.buffer))
        }
      }),
      { numRuns: 25 },
    )
  })

  it('keeps a knownAt that departs from openTime + interval', async () => {
    const day = parseInterval('1d')
    const t0 = Date.UTC(2024, 0, 1)
    const builder = new BarSeriesBuilder()
    builder.push(t0, t0 + MS_PER_DAY + 3_600_000, 1, 2, 0.5, 1.5, 10)
    builder.push(t0 + MS_PER_DAY, t0 + 2 * MS_PER_DAY, 1.5, 2, 1, 2, 5)
    const series = builder.build(day)
    const file = path()
    await writeBarsParquet(series, file)
    expect(Array.from((await readBarsParquet(file)).series.knownAt)).toEqual(Array.from(series.knownAt))
  })

  it('reads files from other tools by column name, inferring the interval', async () => {
    const file = path()
    const t0 = Date.UTC(2024, 0, 1)
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'Timestamp', data: ['2024-01-01T00:00:00', '2024-01-01 01:00:00', '2024-01-01T03:00:00+00:00'], type: 'STRING' },
        { name: 'Open', data: [1, 2, 3], type: 'DOUBLE' },
        { name: 'High', data: [2, 3, 4], type: 'DOUBLE' },
        { name: 'Low', data: [0.5, 1, 2], type: 'DOUBLE' },
        { name: 'Last', data: [1.5, 2.5, 3.5], type: 'DOUBLE' },
      ],
    })
    const { series } = await readBarsParquet(file)
    expect(series.interval.label).toBe('1h')
    expect(Array.from(series.openTime)).toEqual([t0, t0 + 3_600_000, t0 + 3 * 3_600_000])
    expect(Array.from(series.close)).toEqual([1.5, 2.5, 3.5])
    expect(Array.from(series.volume), 'no volume column: zero volume').toEqual([0, 0, 0])
  })

  it('reads epoch integers by magnitude and honours a column mapping', async () => {
    const file = path()
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'when', data: BigInt64Array.from([1_704_067_200n, 1_704_067_260n]), type: 'INT64' },
        { name: 'o', data: [1, 2], type: 'DOUBLE' },
        { name: 'h', data: [1, 2], type: 'DOUBLE' },
        { name: 'l', data: [1, 2], type: 'DOUBLE' },
        { name: 'px', data: [1, 2], type: 'DOUBLE' },
        { name: 'qty', data: [7, 8], type: 'DOUBLE' },
      ],
    })
    const { series } = await readBarsParquet(file, { columns: { time: 'WHEN', close: 'px', volume: 'qty' } })
    expect(Array.from(series.openTime)).toEqual([1_704_067_200_000, 1_704_067_260_000])
    expect(series.interval.label).toBe('1m')
    expect(Array.from(series.volume)).toEqual([7, 8])
  })

  it('names the file and the missing column', async () => {
    const file = path('no-close.parquet')
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'time', data: BigInt64Array.from([1n, 2n]), type: 'INT64' },
        { name: 'open', data: [1, 2], type: 'DOUBLE' },
        { name: 'high', data: [1, 2], type: 'DOUBLE' },
        { name: 'low', data: [1, 2], type: 'DOUBLE' },
      ],
    })
    await expect(readBarsParquet(file)).rejects.toThrow(/no-close\.parquet: no close column \(columns: time, open, high, low\)/)
    await expect(readBarsParquet(file, { columns: { close: 'Price' } })).rejects.toThrow(/column "Price" given for close is not in the file/)
  })

  it('refuses times that do not strictly increase, naming the row', async () => {
    const file = path()
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'date', data: ['2024-01-02', '2024-01-01'], type: 'STRING' },
        ...['open', 'high', 'low', 'close'].map((name) => ({ name, data: [1, 2], type: 'DOUBLE' as const })),
      ],
    })
    await expect(readBarsParquet(file)).rejects.toThrow(/row 2: date 2024-01-01T00:00:00.000Z does not follow 2024-01-02/)
  })

  it('refuses values that are not timestamps or numbers', async () => {
    const badTime = path()
    parquetWriteFile({
      filename: badTime,
      columnData: [
        { name: 'date', data: ['2024-01-02', 'soon'], type: 'STRING' },
        ...['open', 'high', 'low', 'close'].map((name) => ({ name, data: [1, 2], type: 'DOUBLE' as const })),
      ],
    })
    await expect(readBarsParquet(badTime)).rejects.toThrow(/row 2: date soon is not a timestamp/)
    const badPrice = path()
    parquetWriteFile({
      filename: badPrice,
      columnData: [
        { name: 'date', data: ['2024-01-02', '2024-01-03'], type: 'STRING' },
        { name: 'close', data: ['1', 'n/a'], type: 'STRING' },
        ...['open', 'high', 'low'].map((name) => ({ name, data: [1, 2], type: 'DOUBLE' as const })),
      ],
    })
    await expect(readBarsParquet(badPrice)).rejects.toThrow(/row 2: close n\/a is not a number/)
  })

  it('applies the bar rules, naming the row and the column', async () => {
    const file = path()
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'date', data: ['2024-01-01', '2024-01-02', '2024-01-03'], type: 'STRING' },
        { name: 'Open', data: [1, 2, 3], type: 'DOUBLE' },
        { name: 'High', data: [2, 1.5, 4], type: 'DOUBLE' },
        { name: 'Low', data: [0.5, 1, 2], type: 'DOUBLE' },
        { name: 'Close', data: [1.5, 1.8, 3.5], type: 'DOUBLE' },
      ],
    })
    await expect(readBarsParquet(file)).rejects.toThrow(/\.parquet: High: row 2: high 1.5 is below max\(open, close\) = 2/)
    const negative = path()
    parquetWriteFile({
      filename: negative,
      columnData: [
        { name: 'date', data: ['2024-01-01', '2024-01-02'], type: 'STRING' },
        ...['open', 'high', 'low', 'close'].map((name) => ({ name, data: [1, 1], type: 'DOUBLE' as const })),
        { name: 'volume', data: [5, -1], type: 'DOUBLE' },
      ],
    })
    await expect(readBarsParquet(negative)).rejects.toThrow(/volume: row 2: volume -1 is negative/)
    const lowAbove = path()
    parquetWriteFile({
      filename: lowAbove,
      columnData: [
        { name: 'date', data: ['2024-01-01'], type: 'STRING' },
        { name: 'open', data: [1], type: 'DOUBLE' },
        { name: 'high', data: [2], type: 'DOUBLE' },
        { name: 'low', data: [1.2], type: 'DOUBLE' },
        { name: 'close', data: [1.5], type: 'DOUBLE' },
      ],
      kvMetadata: [{ key: 'tradepulse.interval', value: '1d' }],
    })
    await expect(readBarsParquet(lowAbove)).rejects.toThrow(/low: row 1: low 1.2 is above min\(open, close\) = 1/)
  })

  it('refuses a single row without interval metadata, and bad interval metadata', async () => {
    const file = path()
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'date', data: ['2024-01-02'], type: 'STRING' },
        ...['open', 'high', 'low', 'close'].map((name) => ({ name, data: [1], type: 'DOUBLE' as const })),
      ],
    })
    await expect(readBarsParquet(file)).rejects.toThrow(/cannot tell the bar interval/)
    const badMeta = path()
    parquetWriteFile({
      filename: badMeta,
      columnData: [
        { name: 'date', data: ['2024-01-02'], type: 'STRING' },
        ...['open', 'high', 'low', 'close'].map((name) => ({ name, data: [1], type: 'DOUBLE' as const })),
      ],
      kvMetadata: [{ key: 'tradepulse.interval', value: 'monthly' }],
    })
    await expect(readBarsParquet(badMeta)).rejects.toThrow(/tradepulse.interval = "monthly" is not an interval/)
  })

  it('reports a missing, corrupt or truncated file as such', async () => {
    await expect(readBarsParquet(join(dir, 'absent.parquet'))).rejects.toMatchObject({ code: 'DATA_FILE_NOT_FOUND' })
    const corrupt = path('corrupt.parquet')
    writeFileSync(corrupt, 'this is not parquet at all, just text that goes on for a while')
    await expect(readBarsParquet(corrupt)).rejects.toThrow(/corrupt\.parquet: not a readable Parquet file/)
    const [series] = simulateUniverse({ assets: 1, bars: 500, seed: 1 }).series
    const whole = path()
    await writeBarsParquet(series!, whole)
    const { readFileSync } = await import('node:fs')
    const bytes = readFileSync(whole)
    const truncated = path('truncated.parquet')
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1))
    await expect(readBarsParquet(truncated)).rejects.toMatchObject({ code: 'DATA_PARQUET' })
  })

  it('reports a write it cannot do', async () => {
    const [series] = simulateUniverse({ assets: 1, bars: 3, seed: 1 }).series
    await expect(writeBarsParquet(series!, join(dir, 'missing-dir', 'x.parquet'))).rejects.toMatchObject({ code: 'DATA_PARQUET' })
  })
})
