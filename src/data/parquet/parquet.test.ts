import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { type SchemaElement, asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'
import { afterAll, describe, expect, it } from 'vitest'
import { type TradePulseError, isTradePulseError } from '../../domain/errors.ts'
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

const T0 = Date.UTC(2024, 0, 1)

/** The error a promise rejects with, so its code, location and message can be checked together. */
async function rejection(promise: Promise<unknown>): Promise<TradePulseError> {
  try {
    await promise
  } catch (error) {
    if (isTradePulseError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

function columnsOf(s: BarSeries): Float64Array[] {
  return [s.openTime, s.knownAt, s.open, s.high, s.low, s.close, s.volume].map((c) => Float64Array.from(c))
}

function bytesOf(columns: readonly Float64Array[]): Uint8Array[] {
  return columns.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
}

interface OtherColumn {
  readonly name: string
  readonly data: unknown[] | BigInt64Array | Int32Array | Float64Array
  /** A basic type for hyparquet-writer, or a full schema element. */
  readonly type: 'STRING' | 'DOUBLE' | 'INT64' | 'INT32' | SchemaElement
  readonly nullable?: boolean
}

/** Writes a file as another tool might: our names and types are not assumed. */
function writeOther(columns: readonly OtherColumn[], kv?: { key: string; value: string }[], name?: string): string {
  const file = path(name)
  const withSchema = columns.some((c) => typeof c.type !== 'string')
  parquetWriteFile({
    filename: file,
    columnData: columns.map((c) => ({
      name: c.name,
      data: c.data as unknown[],
      ...(typeof c.type === 'string' && !withSchema ? { type: c.type } : {}),
      ...(c.nullable === undefined ? {} : { nullable: c.nullable }),
    })),
    ...(withSchema
      ? {
          schema: [
            { name: 'root', num_children: columns.length },
            ...columns.map((c): SchemaElement => {
              if (typeof c.type !== 'string') return c.type
              const physical = c.type === 'STRING' ? 'BYTE_ARRAY' : c.type
              return {
                name: c.name,
                type: physical,
                repetition_type: c.nullable === false ? 'REQUIRED' : 'OPTIONAL',
                ...(c.type === 'STRING' ? { converted_type: 'UTF8' as const } : {}),
              }
            }),
          ],
        }
      : {}),
    ...(kv === undefined ? {} : { kvMetadata: kv }),
  })
  return file
}

const prices = (values: readonly number[]): OtherColumn[] =>
  ['open', 'high', 'low', 'close'].map((name) => ({ name, data: [...values], type: 'DOUBLE' as const }))

describe('writeBarsParquet and readBarsParquet: round trip', () => {
  it('round-trips a simulated series bit for bit, with interval and symbol', async () => {
    const [series] = simulateUniverse({ assets: 1, bars: 2500, seed: 4, interval: parseInterval('5m') }).series
    const file = path()
    await writeBarsParquet(series!, file, { symbol: 'SIM000', rowGroupSize: 1000 })
    const back = await readBarsParquet(file)
    expect(back.symbol).toBe('SIM000')
    expect(back.series.interval.label).toBe('5m')
    expect(bytesOf(columnsOf(back.series))).toEqual(bytesOf(columnsOf(series!)))
  })

  it('round-trips any valid series bit for bit: irregular times, any interval, extreme values, any symbol', async () => {
    const value = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true })
    const bar = fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), value, value, value, value, value)
    await fc.assert(
      fc.asyncProperty(
        fc.array(bar, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.constantFrom('1s', '1m', '15m', '1h', '4h', '1d', '1w'),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: undefined }),
        fc.integer({ min: 1, max: 100 }),
        async (rows, start, label, symbol, rowGroupSize) => {
          const interval = parseInterval(label)
          const builder = new BarSeriesBuilder()
          let t = start
          for (const [step, a, b, c, d, volume] of rows) {
            t += step
            const [low, open, close, high] = [a, b, c, d].sort((x, y) => x - y) as [number, number, number, number]
            builder.push(t, t + interval.ms, open, high, low, close, volume)
          }
          const series = builder.build(interval)
          const file = path()
          await writeBarsParquet(series, file, { rowGroupSize, ...(symbol === undefined ? {} : { symbol }) })
          const back = await readBarsParquet(file)
          expect(back.symbol).toBe(symbol ?? null)
          expect(back.series.interval).toEqual(interval)
          expect(bytesOf(columnsOf(back.series))).toEqual(bytesOf(columnsOf(series)))
        },
      ),
      { numRuns: 40 },
    )
  })

  it('keeps a knownAt that departs from openTime + interval', async () => {
    const builder = new BarSeriesBuilder()
    builder.push(T0, T0 + MS_PER_DAY + 3_600_000, 1, 2, 0.5, 1.5, 10)
    builder.push(T0 + MS_PER_DAY, T0 + 2 * MS_PER_DAY, 1.5, 2, 1, 2, 5)
    const series = builder.build(parseInterval('1d'))
    const file = path()
    await writeBarsParquet(series, file)
    expect(Array.from((await readBarsParquet(file)).series.knownAt)).toEqual(Array.from(series.knownAt))
  })

  it('round-trips an empty series', async () => {
    const file = path()
    await writeBarsParquet(new BarSeriesBuilder().build(parseInterval('1h')), file, { symbol: 'NONE' })
    const back = await readBarsParquet(file)
    expect(back.series.length).toBe(0)
    expect(back.series.interval.label).toBe('1h')
    expect(back.symbol).toBe('NONE')
  })

  it('writes the documented schema: UTC millisecond timestamps, required doubles, delta-coded times, metadata', async () => {
    const [series] = simulateUniverse({ assets: 1, bars: 300, seed: 2 }).series
    const file = path()
    await writeBarsParquet(series!, file, { symbol: 'SIM000' })
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file))
    const [root, time, ...values] = metadata.schema
    expect(root!.num_children).toBe(6)
    expect(time).toMatchObject({
      name: 'open_time',
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    })
    expect(values.map((v) => [v.name, v.type, v.repetition_type])).toEqual(
      ['open', 'high', 'low', 'close', 'volume'].map((name) => [name, 'DOUBLE', 'REQUIRED']),
    )
    expect(metadata.row_groups[0]!.columns[0]!.meta_data!.encodings).toContain('DELTA_BINARY_PACKED')
    expect(metadata.key_value_metadata).toEqual(
      expect.arrayContaining([
        { key: 'tradepulse.interval', value: '1m' },
        { key: 'tradepulse.symbol', value: 'SIM000' },
      ]),
    )
    expect(metadata.created_by).toBe('tradepulse')
  })

  it('replaces an existing file whole and leaves no temporary file behind', async () => {
    const file = path('replaced.parquet')
    const [a, b] = simulateUniverse({ assets: 2, bars: 50, seed: 3 }).series
    await writeBarsParquet(a!, file)
    await writeBarsParquet(b!, file)
    expect(Array.from((await readBarsParquet(file)).series.close)).toEqual(Array.from(b!.close))
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})

describe('readBarsParquet: files from other tools', () => {
  it('reads ISO text times and vendor names, inferring the interval', async () => {
    const file = writeOther([
      { name: 'Timestamp', data: ['2024-01-01T00:00:00', '2024-01-01 01:00:00', '2024-01-01T03:00:00+00:00'], type: 'STRING' },
      { name: 'Open', data: [1, 2, 3], type: 'DOUBLE' },
      { name: 'High', data: [2, 3, 4], type: 'DOUBLE' },
      { name: 'Low', data: [0.5, 1, 2], type: 'DOUBLE' },
      { name: 'Last', data: [1.5, 2.5, 3.5], type: 'DOUBLE' },
    ])
    const { series, symbol } = await readBarsParquet(file)
    expect(symbol).toBeNull()
    expect(series.interval.label).toBe('1h')
    expect(Array.from(series.openTime)).toEqual([T0, T0 + 3_600_000, T0 + 3 * 3_600_000])
    expect(Array.from(series.close)).toEqual([1.5, 2.5, 3.5])
    expect(Array.from(series.volume), 'no volume column: zero volume').toEqual([0, 0, 0])
    expect(Array.from(series.knownAt)).toEqual([T0 + 3_600_000, T0 + 2 * 3_600_000, T0 + 4 * 3_600_000])
  })

  it('reads a pandas DatetimeIndex: nanosecond timestamps, not marked UTC, named __index_level_0__', async () => {
    const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n
    const file = writeOther([
      { name: 'Open', data: [1, 2], type: 'DOUBLE' },
      { name: 'High', data: [1, 2], type: 'DOUBLE' },
      { name: 'Low', data: [1, 2], type: 'DOUBLE' },
      { name: 'Close', data: [1, 2], type: 'DOUBLE' },
      { name: 'Volume', data: BigInt64Array.from([10n, 20n]), type: 'INT64' },
      {
        name: '__index_level_0__',
        data: BigInt64Array.from([ns(T0) + 999_999n, ns(T0 + 60_000)]),
        type: { name: '__index_level_0__', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'NANOS' } },
      },
    ])
    const { series } = await readBarsParquet(file)
    expect(Array.from(series.openTime), 'sub-millisecond digits are dropped').toEqual([T0, T0 + 60_000])
    expect(Array.from(series.volume)).toEqual([10, 20])
    expect(series.interval.label).toBe('1m')
  })

  it('reads microsecond timestamps before 1970 into the millisecond that holds them', async () => {
    const file = writeOther([
      {
        name: 'time',
        data: BigInt64Array.from([-1500n, 59_998_500n]),
        type: { name: 'time', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
      },
      ...prices([1, 1]),
    ])
    expect(Array.from((await readBarsParquet(file)).series.openTime)).toEqual([-2, 59_998])
  })

  it('reads DATE columns as days opening at 00:00 UTC', async () => {
    const days = T0 / MS_PER_DAY
    const file = writeOther([
      { name: 'date', data: Int32Array.from([days, days + 1, days + 4]), type: { name: 'date', type: 'INT32', repetition_type: 'REQUIRED', converted_type: 'DATE' } },
      ...prices([1, 2, 3]),
    ])
    const { series } = await readBarsParquet(file)
    expect(Array.from(series.openTime)).toEqual([T0, T0 + MS_PER_DAY, T0 + 4 * MS_PER_DAY])
    expect(series.interval.label).toBe('1d')
  })

  it('reads Polygon-style t/o/h/l/c/v with epoch milliseconds', async () => {
    const file = writeOther([
      { name: 't', data: BigInt64Array.from([BigInt(T0), BigInt(T0 + 300_000)]), type: 'INT64' },
      { name: 'o', data: [1, 2], type: 'DOUBLE' },
      { name: 'h', data: [1, 2], type: 'DOUBLE' },
      { name: 'l', data: [1, 2], type: 'DOUBLE' },
      { name: 'c', data: [1, 2], type: 'DOUBLE' },
      { name: 'v', data: [5, 6], type: 'DOUBLE' },
    ])
    const { series } = await readBarsParquet(file)
    expect(Array.from(series.openTime)).toEqual([T0, T0 + 300_000])
    expect(series.interval.label).toBe('5m')
  })

  it('decides an integer column’s epoch unit once, by magnitude, and honours a column mapping', async () => {
    const seconds = writeOther([
      { name: 'when', data: BigInt64Array.from([1_704_067_200n, 1_704_067_260n]), type: 'INT64' },
      { name: 'o', data: [1, 2], type: 'DOUBLE' },
      { name: 'h', data: [1, 2], type: 'DOUBLE' },
      { name: 'l', data: [1, 2], type: 'DOUBLE' },
      { name: 'px', data: [1, 2], type: 'DOUBLE' },
      { name: 'qty', data: [7, 8], type: 'DOUBLE' },
    ])
    const { series } = await readBarsParquet(seconds, { columns: { time: 'WHEN', close: 'px', volume: 'qty' } })
    expect(Array.from(series.openTime)).toEqual([T0, T0 + 60_000])
    expect(Array.from(series.volume)).toEqual([7, 8])
    // Nanoseconds, exactly, as bigint: 2^63-scale values lose nothing.
    const nanos = writeOther([{ name: 'ts', data: BigInt64Array.from([1_704_067_200_123_456_789n, 1_704_067_201_123_456_789n]), type: 'INT64' }, ...prices([1, 1])])
    expect(Array.from((await readBarsParquet(nanos)).series.openTime)).toEqual([T0 + 123, T0 + 1123])
    // Fractional epoch seconds as doubles round to the millisecond they print as.
    const fractional = writeOther([{ name: 'time', data: [1_704_067_200.123, 1_704_067_201.123], type: 'DOUBLE' }, ...prices([1, 1])])
    expect(Array.from((await readBarsParquet(fractional)).series.openTime)).toEqual([T0 + 123, T0 + 1123])
  })

  it('reads epoch times stored as doubles in any unit', async () => {
    for (const [unit, scale] of [
      ['ms', 1],
      ['us', 1e3],
      ['ns', 1e6],
    ] as const) {
      const file = writeOther([{ name: 'time', data: [T0 * scale, (T0 + 60_000) * scale], type: 'DOUBLE' }, ...prices([1, 1])])
      expect(Array.from((await readBarsParquet(file)).series.openTime), unit).toEqual([T0, T0 + 60_000])
    }
  })

  it('reads YYYYMMDD integers as dates, not as epoch seconds', async () => {
    const file = writeOther([{ name: 'date', data: Int32Array.from([20240101, 20240102]), type: 'INT32' }, ...prices([1, 1])])
    const { series } = await readBarsParquet(file)
    expect(Array.from(series.openTime)).toEqual([T0, T0 + MS_PER_DAY])
  })

  it('asks for a date format when text dates are ambiguous, and reads them with one', async () => {
    const file = writeOther([{ name: 'date', data: ['03/04/2024', '04/04/2024'], type: 'STRING' }, ...prices([1, 1])])
    const ambiguous = await rejection(readBarsParquet(file))
    expect(ambiguous.code).toBe('DATA_PARQUET')
    expect(ambiguous.message).toMatch(/date: .*pass the date format/)
    const { series } = await readBarsParquet(file, { dateFormat: 'DD/MM/YYYY' })
    expect(Array.from(series.openTime)).toEqual([Date.UTC(2024, 3, 3), Date.UTC(2024, 3, 4)])
  })

  it('reads numbers stored as text or as integers', async () => {
    const file = writeOther([
      { name: 'date', data: ['2024-01-01', '2024-01-02'], type: 'STRING' },
      { name: 'open', data: [' 1.5', '2'], type: 'STRING' },
      { name: 'high', data: Int32Array.from([2, 3]), type: 'INT32' },
      { name: 'low', data: BigInt64Array.from([1n, 2n]), type: 'INT64' },
      { name: 'close', data: [1.75, 2.5], type: 'DOUBLE' },
    ])
    const { series } = await readBarsParquet(file)
    expect(Array.from(series.open)).toEqual([1.5, 2])
    expect(Array.from(series.high)).toEqual([2, 3])
    expect(Array.from(series.low)).toEqual([1, 2])
  })
})

describe('readBarsParquet: what it refuses', () => {
  it('names the file and the missing column', async () => {
    const file = writeOther(
      [
        { name: 'time', data: BigInt64Array.from([1n, 2n]), type: 'INT64' },
        { name: 'open', data: [1, 2], type: 'DOUBLE' },
        { name: 'high', data: [1, 2], type: 'DOUBLE' },
        { name: 'low', data: [1, 2], type: 'DOUBLE' },
      ],
      undefined,
      'no-close.parquet',
    )
    const missing = await rejection(readBarsParquet(file))
    expect(missing.code).toBe('DATA_PARQUET')
    expect(missing.location.file).toBe(file)
    expect(missing.message).toMatch(/no-close\.parquet: no close column \(columns: time, open, high, low\)/)
    await expect(readBarsParquet(file, { columns: { close: 'Price' } })).rejects.toThrow(/column "Price" given for close is not in the file/)
    await expect(readBarsParquet(file, { columns: { close: 'time' } })).rejects.toThrow(/column "time" cannot be both the time and the close/)
  })

  it('refuses times that do not strictly increase, naming the row', async () => {
    const file = writeOther([{ name: 'date', data: ['2024-01-02', '2024-01-01'], type: 'STRING' }, ...prices([1, 2])])
    await expect(readBarsParquet(file)).rejects.toThrow(/: date: row 2: 2024-01-01T00:00:00.000Z does not follow 2024-01-02T00:00:00.000Z/)
    const duplicate = writeOther([{ name: 'date', data: ['2024-01-02', '2024-01-02'], type: 'STRING' }, ...prices([1, 2])])
    const repeated = await rejection(readBarsParquet(duplicate))
    expect(repeated.code).toBe('DATA_PARQUET')
    expect(repeated.message).toMatch(/row 2: .*strictly increase/)
  })

  it('refuses values that are not timestamps or numbers, naming the row and the column', async () => {
    const badTime = writeOther([{ name: 'date', data: ['2024-01-02', 'soon'], type: 'STRING' }, ...prices([1, 2])])
    await expect(readBarsParquet(badTime)).rejects.toThrow(/: date: row 2: "soon" is not a timestamp/)
    const nullTime = writeOther([
      {
        name: 'time',
        data: [BigInt(T0), null],
        type: { name: 'time', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } },
      },
      ...prices([1, 2]),
    ])
    await expect(readBarsParquet(nullTime)).rejects.toThrow(/: time: row 2: empty is not a timestamp/)
    const badPrice = writeOther([
      { name: 'date', data: ['2024-01-02', '2024-01-03'], type: 'STRING' },
      { name: 'close', data: ['1', 'n/a'], type: 'STRING' },
      ...['open', 'high', 'low'].map((name) => ({ name, data: [1, 2], type: 'DOUBLE' as const })),
    ])
    await expect(readBarsParquet(badPrice)).rejects.toThrow(/: close: row 2: "n\/a" is not a number/)
    const blank = writeOther([
      { name: 'date', data: ['2024-01-02', '2024-01-03'], type: 'STRING' },
      { name: 'volume', data: ['5', '  '], type: 'STRING' },
      ...prices([1, 2]),
    ])
    await expect(readBarsParquet(blank), 'a blank is not zero').rejects.toThrow(/: volume: row 2: " {2}" is not a number/)
    const nullPrice = writeOther([
      { name: 'date', data: ['2024-01-02', '2024-01-03'], type: 'STRING' },
      { name: 'open', data: [1, null], type: 'DOUBLE', nullable: true },
      ...['high', 'low', 'close'].map((name) => ({ name, data: [1, 2], type: 'DOUBLE' as const })),
    ])
    await expect(readBarsParquet(nullPrice)).rejects.toThrow(/: open: row 2: empty is not a number/)
  })

  it('refuses columns of the wrong kind', async () => {
    const flags = writeOther([
      { name: 'date', data: ['2024-01-02'], type: 'STRING' },
      ...prices([1]),
      { name: 'volume', data: [true], type: { name: 'volume', type: 'BOOLEAN', repetition_type: 'REQUIRED' } },
    ])
    await expect(readBarsParquet(flags)).rejects.toThrow(/: volume: row 1: true is not a number/)
    const documents = writeOther([
      { name: 'date', data: ['2024-01-02'], type: 'STRING' },
      ...prices([1]),
      { name: 'volume', data: [{ amount: 5 }], type: { name: 'volume', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', converted_type: 'JSON' } },
    ])
    await expect(readBarsParquet(documents)).rejects.toThrow(/: volume: row 1: object is not a number/)
    const flagTimes = writeOther([{ name: 'time', data: [true, false], type: { name: 'time', type: 'BOOLEAN', repetition_type: 'REQUIRED' } }, ...prices([1, 1])])
    await expect(readBarsParquet(flagTimes)).rejects.toThrow(/: time: row 1: true is not a timestamp/)
  })

  it('applies the bar rules, naming the row and the column', async () => {
    const file = writeOther([
      { name: 'date', data: ['2024-01-01', '2024-01-02', '2024-01-03'], type: 'STRING' },
      { name: 'Open', data: [1, 2, 3], type: 'DOUBLE' },
      { name: 'High', data: [2, 1.5, 4], type: 'DOUBLE' },
      { name: 'Low', data: [0.5, 1, 2], type: 'DOUBLE' },
      { name: 'Close', data: [1.5, 1.8, 3.5], type: 'DOUBLE' },
    ])
    await expect(readBarsParquet(file)).rejects.toThrow(/\.parquet: High: row 2: high 1.5 is below max\(open, close\) = 2/)
    const negative = writeOther([
      { name: 'date', data: ['2024-01-01', '2024-01-02'], type: 'STRING' },
      ...prices([1, 1]),
      { name: 'volume', data: [5, -1], type: 'DOUBLE' },
    ])
    await expect(readBarsParquet(negative)).rejects.toThrow(/volume: row 2: volume -1 is negative/)
    const lowAbove = writeOther(
      [
        { name: 'date', data: ['2024-01-01'], type: 'STRING' },
        { name: 'open', data: [1], type: 'DOUBLE' },
        { name: 'high', data: [2], type: 'DOUBLE' },
        { name: 'low', data: [1.2], type: 'DOUBLE' },
        { name: 'close', data: [1.5], type: 'DOUBLE' },
      ],
      [{ key: 'tradepulse.interval', value: '1d' }],
    )
    await expect(readBarsParquet(lowAbove)).rejects.toThrow(/low: row 1: low 1.2 is above min\(open, close\) = 1/)
  })

  it('refuses a file it cannot tell the interval of, and bad interval metadata', async () => {
    const one = writeOther([{ name: 'date', data: ['2024-01-02'], type: 'STRING' }, ...prices([1])])
    await expect(readBarsParquet(one)).rejects.toThrow(/one row and no interval metadata: cannot tell the bar interval/)
    const none = writeOther([{ name: 'date', data: [], type: 'STRING' }, ...prices([])])
    await expect(readBarsParquet(none)).rejects.toThrow(/no rows and no interval metadata/)
    const subSecond = writeOther([{ name: 'ts', data: BigInt64Array.from([BigInt(T0), BigInt(T0 + 500)]), type: 'INT64' }, ...prices([1, 1])])
    await expect(readBarsParquet(subSecond)).rejects.toThrow(/most common step between timestamps, 500 ms, is not a whole number of seconds/)
    const badMeta = writeOther([{ name: 'date', data: ['2024-01-02'], type: 'STRING' }, ...prices([1])], [{ key: 'tradepulse.interval', value: 'monthly' }])
    await expect(readBarsParquet(badMeta)).rejects.toThrow(/tradepulse.interval = "monthly" is not an interval/)
  })

  it('refuses a known_at column that is missing, or earlier than its bar', async () => {
    const missing = writeOther([{ name: 'date', data: ['2024-01-02'], type: 'STRING' }, ...prices([1])], [
      { key: 'tradepulse.interval', value: '1d' },
      { key: 'tradepulse.knownAt', value: 'known_at' },
    ])
    await expect(readBarsParquet(missing)).rejects.toThrow(/tradepulse.knownAt names column "known_at", which is not in the file/)
    const kv = [
      { key: 'tradepulse.interval', value: '1d' },
      { key: 'tradepulse.knownAt', value: 'known' },
    ]
    const early = writeOther([{ name: 'date', data: ['2024-01-02', '2024-01-03'], type: 'STRING' }, { name: 'known', data: ['2024-01-03', '2024-01-02'], type: 'STRING' }, ...prices([1, 1])], kv)
    await expect(readBarsParquet(early)).rejects.toThrow(/: known: row 2: 2024-01-02T00:00:00.000Z is before the bar's open/)
    const back = writeOther([{ name: 'date', data: ['2024-01-02', '2024-01-03'], type: 'STRING' }, { name: 'known', data: ['2024-01-05', '2024-01-04'], type: 'STRING' }, ...prices([1, 1])], kv)
    await expect(readBarsParquet(back)).rejects.toThrow(/: known: row 2: 2024-01-04T00:00:00.000Z is before the previous bar's 2024-01-05/)
  })

  it('reports a missing, corrupt or truncated file as such, naming it', async () => {
    const absent = join(dir, 'absent.parquet')
    await expect(readBarsParquet(absent)).rejects.toMatchObject({ code: 'DATA_FILE_NOT_FOUND', location: { file: absent } })
    await expect(readBarsParquet(dir)).rejects.toMatchObject({ code: 'DATA_FILE_NOT_FOUND', message: `${dir}: cannot read: it is a directory` })
    const corrupt = path('corrupt.parquet')
    writeFileSync(corrupt, 'this is not parquet at all, just text that goes on for a while')
    await expect(readBarsParquet(corrupt)).rejects.toThrow(/corrupt\.parquet: not a readable Parquet file/)
    const [series] = simulateUniverse({ assets: 1, bars: 500, seed: 1 }).series
    const whole = path()
    await writeBarsParquet(series!, whole)
    const bytes = readFileSync(whole)
    for (const [name, cut] of [
      ['head.parquet', bytes.subarray(0, bytes.length >> 1)],
      ['tail.parquet', bytes.subarray(bytes.length >> 1)],
    ] as const) {
      const truncated = path(name)
      writeFileSync(truncated, cut)
      await expect(readBarsParquet(truncated), name).rejects.toMatchObject({ code: 'DATA_PARQUET', location: { file: truncated } })
    }
    // Intact footer, damaged data pages.
    const damaged = Buffer.from(bytes)
    damaged.fill(0xff, 8, bytes.length >> 1)
    const damagedFile = path('damaged.parquet')
    writeFileSync(damagedFile, damaged)
    const damagedError = await rejection(readBarsParquet(damagedFile))
    expect(damagedError.code).toBe('DATA_PARQUET')
    expect(damagedError.message).toMatch(/damaged\.parquet: /)
  })

  it('says which compression it cannot read', async () => {
    const file = path('gzip.parquet')
    parquetWriteFile({
      filename: file,
      columnData: [{ name: 'date', data: ['2024-01-01', '2024-01-02'], type: 'STRING' }, ...prices([1, 2]).map((c) => ({ ...c, type: 'DOUBLE' as const }))],
      codec: 'GZIP',
      compressors: { GZIP: (input) => gzipSync(input) },
    })
    await expect(readBarsParquet(file)).rejects.toThrow(/GZIP.*reads uncompressed and Snappy-compressed Parquet only/)
  })
})

describe('writeBarsParquet: failures', () => {
  it('reports a write it cannot do, naming the file', async () => {
    const [series] = simulateUniverse({ assets: 1, bars: 3, seed: 1 }).series
    const target = join(dir, 'missing-dir', 'x.parquet')
    await expect(writeBarsParquet(series!, target)).rejects.toMatchObject({
      code: 'DATA_WRITE_FAILED',
      message: `${target}: cannot write: directory ${join(dir, 'missing-dir')} does not exist`,
    })
    await expect(writeBarsParquet(series!, path(), { rowGroupSize: 0 })).rejects.toThrow(/rowGroupSize/)
  })
})
