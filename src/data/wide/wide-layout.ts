/**
 * How a wide file is written — one time column, then one close column per symbol
 * (`Date,IBM,AAPL,…`) — decided once from its first mebibyte, as the bar reader does: byte-order
 * mark, line end, delimiter, decimal separator, the time column and its format, order and
 * interval. The dialect, time and number rules are the CSV reader's own (src/data/csv).
 *
 * `wideLayoutOf` also answers whether a file *is* wide, for readers that detect it. A file is
 * wide when its first line is a header and
 * - the header does not name an open, a high, a low and a close (that is a bar file);
 * - no column is named, in a word of two letters or more, like an open, high, low or volume
 *   (`Date,Open,Hi,Lo,Close` is a bar file with a typo, not a universe; single letters are
 *   tickers: C, V, O, H, L are all listed companies);
 * - the time column is named like a time, or holds dates (epoch numbers in a column called
 *   `IBM` are more likely prices);
 * - every other column holds numbers or empty cells: at most half of its non-empty sampled cells
 *   fail to read as a number (`Date,Symbol,Close` is a long file, not a wide one).
 */
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import type { Interval } from '../../domain/time.ts'
import {
  byteOrderMarkLength,
  detectDelimiter,
  detectLineEnd,
  splitLines,
  splitRecords,
} from '../csv/dialect.ts'
import { barRoleOfName, looksLikeHeader } from '../csv/header.ts'
import { COMMA, DOT, parseNumberText } from '../csv/number-bytes.ts'
import { SNIFF_BYTES, detectDecimal, inferInterval, timeOrder } from '../csv/sniff.ts'
import { type TimeDetection, detectTimeSpec, parseTimeText } from '../csv/time-spec.ts'
import type { CsvDelimiter } from '../csv/types.ts'
import type { UniverseReadOptions } from './types.ts'

const SAMPLE_ROWS = 5000

export interface WideLayout {
  readonly bomLength: number
  readonly lineEnd: 10 | 13
  readonly delimiter: CsvDelimiter
  /** Byte of the decimal separator: `.` or `,`. */
  readonly decimal: number
  /** Header names as written (trimmed), one per column. */
  readonly header: readonly string[]
  /** 0-based time column. */
  readonly timeColumn: number
  /** 0-based column of each symbol, and its name. */
  readonly symbolColumns: readonly number[]
  readonly symbols: readonly string[]
  readonly time: TimeDetection
  readonly order: 'ascending' | 'descending'
  readonly interval: Interval
}

/** How issues and reports name a column: its header name, or `column N` when that is blank. */
export function columnName(header: readonly string[], column: number): string {
  const name = header[column]
  return name === undefined || name === '' ? `column ${column + 1}` : name
}

/** Whether the text of one data row's cells reads as a close (or an empty cell). */
function isNumberOrEmpty(text: string, decimal: number): 'number' | 'empty' | 'text' {
  const parsed = parseNumberText(text, decimal)
  return parsed.kind === 'missing' ? 'empty' : parsed.kind === 'number' ? 'number' : 'text'
}

/**
 * The layout of a wide file from its first `SNIFF_BYTES` (`prefix`). With `detect`, returns null
 * for a file that does not look wide (see the module comment); without, reads it as wide if at all
 * possible and throws `DATA_CSV_HEADER` / `DATA_CSV_PARSE` naming what is missing.
 */
export function wideLayoutOf(
  prefix: Buffer,
  whole: boolean,
  file: string,
  options: UniverseReadOptions,
  detect: boolean,
): WideLayout | null {
  const bomLength = byteOrderMarkLength(prefix, file)
  let text = prefix.toString('utf8', bomLength)
  const lineEnd = detectLineEnd(text)
  if (!whole) {
    const cut = text.lastIndexOf(String.fromCharCode(lineEnd))
    if (cut > 0) text = text.slice(0, cut + 1)
  }
  const delimiter = options.delimiter ?? detectDelimiter(splitLines(text).slice(0, 50))
  const records = splitRecords(text, delimiter).filter((r) => !r.unterminated)
  const first = records[0]
  if (first === undefined) throw new TradePulseError('DATA_EMPTY', 'the file holds no rows', { file })
  const header = first.fields.map((f) => f.trim())
  const refuse = (message: string): null => {
    if (detect) return null
    throw new TradePulseError('DATA_CSV_HEADER', message, { file, line: first.line })
  }
  if (!looksLikeHeader(first.fields)) {
    return refuse(
      'a wide file needs a header naming the time column and one symbol per column, e.g. Date,IBM,AAPL',
    )
  }
  if (header.length < 2) return refuse(`the header ${header.join(', ')} names no symbol column`)
  const timeColumn = findTimeColumn(header, options.timeColumn, file)

  const roles = new Set(header.map(barRoleOfName))
  if (detect && roles.has('open') && roles.has('high') && roles.has('low') && roles.has('close')) return null
  const barWord = header.find((name, column) => {
    const role = barRoleOfName(name)
    return column !== timeColumn && name.length >= 2 && (role === 'open' || role === 'high' || role === 'low' || role === 'volume')
  })
  if (detect && barWord !== undefined) return null

  const sample = records.slice(1, SAMPLE_ROWS + 1).filter((r) => r.fields.length === header.length)
  if (sample.length === 0) {
    if (detect) return null
    throw new TradePulseError('DATA_EMPTY', 'the file has a header and no data rows of as many fields', { file })
  }
  const symbolColumns = header.map((_, column) => column).filter((column) => column !== timeColumn)
  const cells = (column: number): string[] => sample.map((r) => r.fields[column] ?? '')
  const decimal =
    delimiter === ',' ? DOT : detectDecimal(symbolColumns.flatMap((column) => cells(column).slice(0, 200)))
  if (detect) {
    for (const column of symbolColumns) {
      const kinds = cells(column).map((cell) => isNumberOrEmpty(cell, decimal))
      const text = kinds.filter((k) => k === 'text').length
      if (2 * text > kinds.filter((k) => k !== 'empty').length) return null
    }
  }

  const timeName = columnName(header, timeColumn)
  let time: TimeDetection
  try {
    time = detectTimeSpec(cells(timeColumn).slice(0, 1000), { file, field: timeName }, options.dateFormat)
  } catch (error) {
    if (detect && isTradePulseError(error)) return null
    throw error
  }
  if (detect && time.spec.kind === 'epoch' && barRoleOfName(timeName) !== 'time') return null

  const times = cells(timeColumn)
    .map((cell) => parseTimeText(time.spec, cell))
    .filter((t) => !Number.isNaN(t))
  const order = timeOrder(times)
  const interval =
    options.interval ?? inferInterval(times, order === 'descending' ? -1 : 1, time.dateOnly, file, timeName)
  return {
    bomLength,
    lineEnd,
    delimiter,
    decimal: decimal === COMMA ? COMMA : DOT,
    header,
    timeColumn,
    symbolColumns,
    symbols: symbolNames(header, symbolColumns, file, first.line),
    time,
    order,
    interval,
  }
}

/** 0-based column of the time: the one named by `wanted` (name or 1-based number), else the first. */
function findTimeColumn(header: readonly string[], wanted: string | undefined, file: string): number {
  if (wanted === undefined) return 0
  const text = wanted.trim()
  const column = /^\d+$/.test(text)
    ? Number(text) - 1
    : header.findIndex((name) => name.toLowerCase() === text.toLowerCase())
  if (column < 0 || column >= header.length) {
    throw new TradePulseError(
      'DATA_CSV_HEADER',
      `time column ${JSON.stringify(wanted)} is not in the file: the header is ${header.join(', ')}`,
      { file },
    )
  }
  return column
}

/** Symbol names from the header: as written, `column N` when blank; two columns may not share one. */
function symbolNames(header: readonly string[], columns: readonly number[], file: string, line: number): string[] {
  const seen = new Map<string, number>()
  return columns.map((column) => {
    const name = columnName(header, column)
    const other = seen.get(name.toLowerCase())
    if (other !== undefined) {
      throw new TradePulseError(
        'DATA_CSV_HEADER',
        `columns ${other + 1} and ${column + 1} are both named ${name}: each symbol needs its own column`,
        { file, line },
      )
    }
    seen.set(name.toLowerCase(), column)
    return name
  })
}

export { SNIFF_BYTES }
