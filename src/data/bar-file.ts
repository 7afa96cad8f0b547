/**
 * Bar files, told apart by their content: a Parquet file starts and ends with the magic bytes
 * `PAR1`; anything else that reads as text goes through the CSV reader. One place decides, so
 * every command agrees on what a file is. The name does not decide — CSV text saved as
 * `.parquet` is read as CSV — but a name that disagrees with the content earns a note, since
 * whatever named the file probably meant something else.
 *
 * Before any reader sees the path, it is opened without blocking and checked: a FIFO, a socket or
 * a device is refused as "not a regular file" (reading one would wait for a writer forever), a
 * directory or an empty file is refused too, and binary content that is neither Parquet nor text
 * gets an error that says what it looks like, never its bytes.
 *
 * Writing still goes by extension (`barFileFormat`): the name is how a person asks for a format.
 */
import type { FileHandle } from 'node:fs/promises'
import { extname } from 'node:path'
import { TradePulseError } from '../domain/errors.ts'
import { MS_PER_DAY } from '../domain/time.ts'
import type { BarSeries } from './bar-series.ts'
import { type CsvReadOptions, type IngestReport, readBarsCsv, validateBarsCsv, writeBarsCsv } from './csv/index.ts'
import { openInputFile } from './input-file.ts'
import { readBarsParquet, writeBarsParquet } from './parquet/index.ts'

export type BarFileFormat = 'csv' | 'parquet'

const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt'])
const PARQUET_EXTENSIONS = new Set(['.parquet', '.pq'])

/** The format a file written at `path` gets, by its extension. */
export function barFileFormat(path: string): BarFileFormat {
  const extension = extname(path).toLowerCase()
  if (CSV_EXTENSIONS.has(extension)) return 'csv'
  if (PARQUET_EXTENSIONS.has(extension)) return 'parquet'
  throw new TradePulseError(
    'DATA_UNSUPPORTED_FORMAT',
    `cannot tell the format of ${path} from its extension "${extension}": use .csv, .tsv, .txt or .parquet`,
    { file: path },
  )
}

export interface BarFileKind {
  readonly format: BarFileFormat
  /** Things a person should know that do not stop the read: a name that disagrees with the content. */
  readonly notes: readonly string[]
}

const MAGIC = Buffer.from('PAR1')
/** Enough text to judge by, and to catch a NUL early in a binary file. */
const SAMPLE_BYTES = 4096
/** Control bytes a text file may well hold: tab, line feed, vertical tab, form feed, carriage return, and DOS's end-of-file mark. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a])

/** Formats that come up in place of bar files, by their opening bytes, and what to do about each. */
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data; decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data; decompress it first' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed data; decompress it first' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an .xlsx workbook is one); export the sheet as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) workbook; export the sheet as CSV' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text; save it as UTF-8' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text; save it as UTF-8' },
]

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b)
}

/** Text has no NUL and few control bytes; a hostile CSV with an escape sequence in it is still text. */
function looksLikeText(sample: Buffer): boolean {
  let controls = 0
  for (const byte of sample) {
    if (byte === 0) return false
    if ((byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f) controls++
  }
  return controls * 10 <= sample.length
}

/** Checks that `path` is a regular, non-empty file and tells its format by its bytes. */
export async function sniffBarFile(path: string): Promise<BarFileKind> {
  const { handle, size } = await openInputFile(path)
  try {
    if (size === 0) throw new TradePulseError('DATA_EMPTY', 'the file is empty', { file: path })
    const head = Buffer.alloc(Math.min(SAMPLE_BYTES, size))
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const sample = head.subarray(0, bytesRead)
    const format = await contentFormat(path, handle, sample, size)
    return { format, notes: nameNotes(path, format) }
  } finally {
    await handle.close()
  }
}

async function contentFormat(path: string, handle: FileHandle, head: Buffer, size: number): Promise<BarFileFormat> {
  if (startsWith(head, [...MAGIC])) {
    const tail = Buffer.alloc(MAGIC.length)
    if (size >= 12) await handle.read(tail, 0, tail.length, size - tail.length)
    if (size < 12 || !tail.equals(MAGIC)) {
      throw new TradePulseError('DATA_PARQUET', 'starts like Parquet but does not end with PAR1: cut short, or still being written', { file: path })
    }
    return 'parquet'
  }
  const signature = SIGNATURES.find((s) => startsWith(head, s.bytes))
  if (signature !== undefined) throw notBarFile(path, signature.what)
  if (!looksLikeText(head)) throw notBarFile(path, 'binary data, neither CSV text nor Parquet')
  return 'csv'
}

function notBarFile(path: string, what: string): TradePulseError {
  return new TradePulseError('DATA_UNSUPPORTED_FORMAT', `not a bar file: ${what}`, { file: path })
}

function nameNotes(path: string, format: BarFileFormat): string[] {
  const extension = extname(path).toLowerCase()
  if (format === 'csv' && PARQUET_EXTENSIONS.has(extension)) return [`${path} holds text, not Parquet, despite its ${extension} name: read as CSV`]
  if (format === 'parquet' && CSV_EXTENSIONS.has(extension)) return [`${path} holds Parquet, not text, despite its ${extension} name: read as Parquet`]
  return []
}

export interface BarFile {
  readonly series: BarSeries
  readonly format: BarFileFormat
  /** The ingestion report, for CSV input; Parquet files are typed and validated on read. */
  readonly report: IngestReport | null
  readonly notes: readonly string[]
}

export async function readBarFile(path: string, options: CsvReadOptions = {}): Promise<BarFile> {
  const { format, notes } = await sniffBarFile(path)
  if (format === 'parquet') {
    const { series } = await readBarsParquet(path, options.columns === undefined ? {} : { columns: options.columns })
    return { series, format, report: null, notes }
  }
  const { series, report } = await readBarsCsv(path, options)
  return { series, format, report, notes }
}

/**
 * What `data validate` checks: a CSV file's full report (every row, under the policy), or a
 * Parquet file read whole, since Parquet is typed and its reader refuses the first broken bar.
 */
export type BarFileValidation =
  | { readonly format: 'csv'; readonly report: IngestReport; readonly notes: readonly string[] }
  | { readonly format: 'parquet'; readonly series: BarSeries; readonly notes: readonly string[] }

export async function validateBarFile(path: string, options: CsvReadOptions = {}): Promise<BarFileValidation> {
  const { format, notes } = await sniffBarFile(path)
  if (format === 'parquet') {
    const { series } = await readBarsParquet(path, options.columns === undefined ? {} : { columns: options.columns })
    return { format, series, notes }
  }
  return { format, report: await validateBarsCsv(path, options), notes }
}

export async function writeBarFile(series: BarSeries, path: string, options: { symbol?: string } = {}): Promise<void> {
  if (barFileFormat(path) === 'parquet') {
    await writeBarsParquet(series, path, options.symbol === undefined ? {} : { symbol: options.symbol })
    return
  }
  await writeBarsCsv(series, path, { timeFormat: csvTimeFormatFor(series) })
}

/** Dates alone when every bar opens at 00:00 UTC (daily and weekly bars), full times otherwise. */
export function csvTimeFormatFor(series: BarSeries): 'date' | 'iso' {
  for (let i = 0; i < series.length; i++) {
    if (series.openTime[i]! % MS_PER_DAY !== 0) return 'iso'
  }
  return series.length > 0 && series.interval.ms % MS_PER_DAY === 0 ? 'date' : 'iso'
}
