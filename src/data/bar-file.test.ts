import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MS_PER_DAY, MS_PER_HOUR, parseInterval } from '../domain/time.ts'
import { barFileFormat, csvTimeFormatFor, readBarFile, sniffBarFile, validateBarFile } from './bar-file.ts'
import { BarSeries } from './bar-series.ts'
import { BarSeriesBuilder } from './bar-series-builder.ts'
import { writeBarsParquet } from './parquet/index.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-bar-file-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function bars(interval: string, openTimes: readonly number[]): BarSeries {
  const i = parseInterval(interval)
  const builder = new BarSeriesBuilder()
  for (const t of openTimes) builder.push(t, t + i.ms, 1, 1, 1, 1, 1)
  return builder.build(i)
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name)
  writeFileSync(path, content)
  return path
}

const CSV_TEXT = 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1.5,2,1,1.75,12\n'
const monday = Date.UTC(2024, 0, 1)
const parquetPath = join(work, 'bars.parquet')
await writeBarsParquet(bars('1d', [monday, monday + MS_PER_DAY]), parquetPath)

describe('barFileFormat', () => {
  it('tells CSV from Parquet by extension, in any case, for choosing what to write', () => {
    expect(barFileFormat('a.CSV')).toBe('csv')
    expect(barFileFormat('a.tsv')).toBe('csv')
    expect(barFileFormat('dir/a.parquet')).toBe('parquet')
    expect(barFileFormat('a.pq')).toBe('parquet')
    expect(() => barFileFormat('a.json')).toThrow(/cannot tell the format of a.json/)
  })
})

describe('sniffBarFile', () => {
  it('tells Parquet by PAR1 at both ends and text by its bytes, whatever the name', async () => {
    expect(await sniffBarFile(parquetPath)).toEqual({ format: 'parquet', notes: [] })
    expect(await sniffBarFile(file('plain.csv', CSV_TEXT))).toEqual({ format: 'csv', notes: [] })
    expect(await sniffBarFile(file('no-extension', CSV_TEXT))).toEqual({ format: 'csv', notes: [] })
    expect(await sniffBarFile(file('latin1.csv', Buffer.from('Datum;Eröffnung\n', 'latin1')))).toEqual({
      format: 'csv',
      notes: [],
    })
  })

  it('reads by content when the name says otherwise, with a note', async () => {
    const textAsParquet = file('text.parquet', CSV_TEXT)
    expect(await sniffBarFile(textAsParquet)).toEqual({
      format: 'csv',
      notes: [`${textAsParquet} holds text, not Parquet, despite its .parquet name: read as CSV`],
    })
    const parquetAsCsv = join(work, 'parquet.csv')
    copyFileSync(parquetPath, parquetAsCsv)
    expect(await sniffBarFile(parquetAsCsv)).toEqual({
      format: 'parquet',
      notes: [`${parquetAsCsv} holds Parquet, not text, despite its .csv name: read as Parquet`],
    })
  })

  it('refuses binary content that is neither, saying what it looks like', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['a.csv.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), 'gzip-compressed data; decompress it first'],
      ['a.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]), 'a zip archive (an .xlsx workbook is one); export the sheet as CSV'],
      ['a.csv', new Uint8Array([0xff, 0xfe, 0x64, 0, 0x61, 0]), 'UTF-16 text; save it as UTF-8'],
      ['noise.csv', new Uint8Array([0x7d, 0x00, 0x9a, 0x13, 0x02, 0xee, 0x05, 0x00]), 'binary data, neither CSV text nor Parquet'],
    ]
    for (const [name, bytes, what] of cases) {
      const path = file(name, bytes)
      await expect(sniffBarFile(path), name).rejects.toMatchObject({
        code: 'DATA_UNSUPPORTED_FORMAT',
        message: `${path}: not a bar file: ${what}`,
      })
    }
  })

  it('refuses a Parquet file cut short, an empty file, a directory and a FIFO without waiting on it', async () => {
    const truncated = file('cut.parquet', Buffer.from('PAR1\x15\x04\x15\x00\x15'))
    await expect(sniffBarFile(truncated)).rejects.toMatchObject({
      code: 'DATA_PARQUET',
      message: `${truncated}: starts like Parquet but does not end with PAR1: cut short, or still being written`,
    })
    const empty = file('empty.csv', '')
    await expect(sniffBarFile(empty)).rejects.toMatchObject({ code: 'DATA_EMPTY', message: `${empty}: the file is empty` })
    await expect(sniffBarFile(work)).rejects.toMatchObject({
      code: 'DATA_FILE_NOT_FOUND',
      message: `${work}: cannot read: it is a directory`,
    })
    const fifo = join(work, 'pipe.csv')
    execFileSync('mkfifo', [fifo])
    await expect(sniffBarFile(fifo)).rejects.toMatchObject({
      code: 'DATA_FILE_NOT_FOUND',
      message: `${fifo}: cannot read: not a regular file (a FIFO)`,
    })
    const missing = join(work, 'missing.csv')
    await expect(sniffBarFile(missing)).rejects.toMatchObject({
      code: 'DATA_FILE_NOT_FOUND',
      message: `${missing}: cannot read: no such file`,
    })
  })
})

describe('readBarFile and validateBarFile', () => {
  it('read a file by its content and pass the note on', async () => {
    const parquetAsCsv = join(work, 'read-parquet.csv')
    copyFileSync(parquetPath, parquetAsCsv)
    const read = await readBarFile(parquetAsCsv)
    expect(read.format).toBe('parquet')
    expect([...read.series.close]).toEqual([1, 1])
    expect(read.notes).toEqual([`${parquetAsCsv} holds Parquet, not text, despite its .csv name: read as Parquet`])
    const fromText = await readBarFile(file('read-text.parquet', CSV_TEXT))
    expect(fromText.format).toBe('csv')
    expect([...fromText.series.close]).toEqual([1.5, 1.75])
  })

  it('validate CSV into a report and Parquet by reading it', async () => {
    const csv = await validateBarFile(file('validate.csv', CSV_TEXT))
    expect(csv.format === 'csv' && csv.report.barsAccepted).toBe(2)
    const parquet = await validateBarFile(parquetPath)
    expect(parquet.format === 'parquet' && parquet.series.length).toBe(2)
  })
})

describe('csvTimeFormatFor', () => {
  it('writes dates for daily bars at midnight and full times otherwise', () => {
    expect(csvTimeFormatFor(bars('1d', [monday, monday + MS_PER_DAY]))).toBe('date')
    expect(csvTimeFormatFor(bars('1d', [monday + 16 * MS_PER_HOUR])), 'daily bars stamped at the close').toBe('iso')
    expect(csvTimeFormatFor(bars('1h', [monday]))).toBe('iso')
    expect(csvTimeFormatFor(BarSeries.empty(parseInterval('1d')))).toBe('iso')
  })
})
