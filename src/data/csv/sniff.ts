/**
 * Decides how to read a file from its first mebibyte: byte-order mark, line ending, comment lines
 * above the header, delimiter,
 * decimal separator, header, which column is which, the time format, whether rows run ascending
 * or descending, and the bar interval. Everything after is held to these choices; rows that break
 * them are reported, not re-guessed.
 *
 * The sample is read separately from the main pass and does not depend on the chunk size, so a
 * file reads the same whatever `chunkBytes` is.
 */
import type { FileHandle } from 'node:fs/promises'
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import { type Interval, intervalFromMillis, intervalOf } from '../../domain/time.ts'
import { byteOrderMarkLength, detectDelimiter, detectLineEnd, splitLines, splitRecords } from './dialect.ts'
import { type ColumnPlan, ROLE_CLOSE, ROLE_HIGH, ROLE_LOW, ROLE_OPEN, ROLE_TIME, ROLE_TIME_OF_DAY, looksLikeHeader, planColumns } from './header.ts'
import { COMMA, DOT } from './number-bytes.ts'
import { commentedHeader, readPreamble } from './preamble.ts'
import { type TimeDetection, detectTimeSpec, looksLikeTimeOfDay, parseTimeOfDayText, parseTimeText, plausibleTimeRange, readsAllAsTimestamps } from './time-spec.ts'
import type { CsvDelimiter, CsvReadOptions } from './types.ts'
import { mostCommonStep } from '../common-step.ts'

export const SNIFF_BYTES = 1 << 20
const SAMPLE_ROWS = 5000

export interface CsvLayout {
  readonly bomLength: number
  readonly lineEnd: 10 | 13
  /** Physical lines above the header (or first row) that the scanner skips: comments and blank lines. */
  readonly skipLines: number
  /** Comment lines among them, for the report. */
  readonly commentLines: number
  readonly delimiter: CsvDelimiter
  /** Byte of the decimal separator: `.` or `,`. */
  readonly decimal: number
  readonly hasHeader: boolean
  readonly plan: ColumnPlan
  readonly time: TimeDetection
  readonly timeFormat: string
  readonly dateOnly: boolean
  readonly order: 'ascending' | 'descending'
  readonly interval: Interval
  /** Rough row count (file size over the sample's bytes per row), to size the output columns. */
  readonly estimatedRows: number
  /** Choices made while sniffing that the report states (comment lines skipped…). */
  readonly notes: readonly string[]
}

export async function sniffLayout(handle: FileHandle, file: string, fileBytes: number, options: CsvReadOptions): Promise<CsvLayout> {
  const prefix = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, fileBytes))
  const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0)
  const bytes = prefix.subarray(0, bytesRead)
  const bomLength = byteOrderMarkLength(bytes, file)
  const whole = bytesRead >= fileBytes
  let text = bytes.toString('utf8', bomLength)
  const lineEnd = detectLineEnd(text)
  if (!whole) {
    const cut = text.lastIndexOf(String.fromCharCode(lineEnd))
    if (cut > 0) text = text.slice(0, cut + 1)
  }
  const preamble = readPreamble(text, lineEnd)
  const body = text.slice(preamble.offset)
  const delimiter = options.delimiter ?? detectDelimiter(splitLines(body).slice(0, 50))
  const records = splitRecords(body, delimiter, preamble.lines + 1).filter((r) => !r.unterminated)
  const first = records[0]
  if (first === undefined) throw new TradePulseError('DATA_EMPTY', preamble.comments > 0 ? 'the file holds only comment lines' : 'the file holds no rows', { file })

  const mappingUsesNames = Object.values(options.columns ?? {}).some((c) => !/^\s*\d+(\s*\+\s*\d+)?\s*$/.test(c))
  const rowFieldCount = mostCommon(records.slice(0, 50).map((r) => r.fields.length))
  const commented = options.header === undefined ? commentedHeader(preamble, delimiter, first.fields, rowFieldCount) : null
  const hasHeader = commented !== null || (options.header ?? (mappingUsesNames || looksLikeHeader(first.fields)))
  const headerFields = commented ?? first.fields
  const dataRecords = hasHeader && commented === null ? records.slice(1) : records
  if (dataRecords.length === 0) throw new TradePulseError('DATA_EMPTY', 'the file has a header and no data rows', { file })
  const fieldCount = hasHeader ? headerFields.length : mostCommon(dataRecords.slice(0, 50).map((r) => r.fields.length))
  // The scanner skips the preamble, except a header written as a comment, which it reads past as the header.
  const skipLines = commented === null ? preamble.lines : preamble.lastComment!.line - 1
  const commentLines = commented === null ? preamble.comments : preamble.comments - 1
  const notes: string[] = []
  if (commentLines > 0) {
    const where = skipLines === 1 ? 'line 1' : `lines 1–${skipLines}`
    notes.push(`skipped ${commentLines} comment line${commentLines === 1 ? '' : 's'} (starting with #) before the ${hasHeader ? 'header' : 'first row'}, ${where}`)
  }
  if (commented !== null) notes.push(`line ${preamble.lastComment!.line} is a header written as a comment (${preamble.lastComment!.text}): read as the header`)
  const sample = dataRecords.filter((r) => r.fields.length === fieldCount).slice(0, SAMPLE_ROWS)
  if (sample.length === 0) {
    const counts = [...new Set(dataRecords.slice(0, 50).map((r) => r.fields.length))].join(' or ')
    throw new TradePulseError('DATA_CSV_PARSE', `the header has ${fieldCount} fields and the rows have ${counts}: is the delimiter ${JSON.stringify(delimiter)} right?`, { file })
  }
  const column = (c: number): string[] => sample.map((r) => r.fields[c] ?? '')

  const plan = planColumns({
    file,
    header: hasHeader ? headerFields : null,
    fieldCount,
    ...(options.columns === undefined ? {} : { mapping: options.columns }),
    isTimeOfDay: (c) => looksLikeTimeOfDay(column(c).slice(0, 200)),
    readsAsTimestamps: (c) => readsAllAsTimestamps(column(c).slice(0, 1000)),
  })
  const timeColumn = plan.columnOfRole[ROLE_TIME]!
  const timeOfDayColumn = plan.columnOfRole[ROLE_TIME_OF_DAY]!
  const decimal = delimiter === ',' ? DOT : detectDecimal([ROLE_OPEN, ROLE_HIGH, ROLE_LOW, ROLE_CLOSE].flatMap((role) => column(plan.columnOfRole[role]!).slice(0, 200)))

  const timeSamples = column(timeColumn)
  const time = detectTimeSpec(timeSamples, { file, field: plan.fieldNames[timeColumn]! }, options.dateFormat)
  const split = timeOfDayColumn >= 0
  const timeFormat = split ? `${time.label} + HH:mm:ss` : time.label
  const dateOnly = time.dateOnly && !split

  const times: number[] = []
  const timeOfDaySamples = split ? column(timeOfDayColumn) : []
  // Implausible epoch values (another unit) are row problems; they must not set the order or interval.
  const [timeFrom, timeUntil] = plausibleTimeRange(time.spec)
  timeSamples.forEach((value, k) => {
    const t = parseTimeText(time.spec, value) + (split ? parseTimeOfDayText(timeOfDaySamples[k]!) : 0)
    if (t >= timeFrom && t < timeUntil) times.push(t)
  })
  const order = timeOrder(times)
  const interval = options.interval ?? inferInterval(times, order === 'descending' ? -1 : 1, dateOnly, file, plan.fieldNames[timeColumn]!)

  const sampleBytes = Buffer.byteLength(text)
  const sampleRows = records.length
  // 10% over the sample's rate: prices drift in length through a file, and an estimate that falls
  // short makes the builder double every column.
  const estimatedRows = whole ? dataRecords.length : Math.ceil(((fileBytes - bomLength) / Math.max(1, sampleBytes)) * sampleRows * 1.1) + 1024
  return { bomLength, lineEnd, skipLines, commentLines, delimiter, decimal, hasHeader, plan, time, timeFormat, dateOnly, order, interval, estimatedRows, notes }
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best = values[0] ?? 0
  for (const [v, n] of counts) if (n > counts.get(best)! || (n === counts.get(best)! && v < best)) best = v
  return best
}

/** A decimal comma when prices show `1,5` or `16.769,36` and never `1.5` or `4,769.83`. */
/** The order most consecutive sampled times are in; ties read as ascending. */
export function timeOrder(times: readonly number[]): 'ascending' | 'descending' {
  let up = 0
  let down = 0
  for (let k = 1; k < times.length; k++) {
    if (times[k]! > times[k - 1]!) up++
    else if (times[k]! < times[k - 1]!) down++
  }
  return down > up ? 'descending' : 'ascending'
}

export function detectDecimal(prices: readonly string[]): number {
  const comma = prices.some((p) => /^\s*[+-]?[\d. ]*,\d+\s*$/.test(p))
  const dot = prices.some((p) => /^\s*[+-]?[\d,]*\.\d+\s*$/.test(p))
  return comma && !dot ? COMMA : DOT
}

/** The most common positive step (in the file's direction) between consecutive sampled times; ties go to the shorter. */
export function inferInterval(times: readonly number[], direction: number, dateOnly: boolean, file: string, field: string): Interval {
  const best = mostCommonStep(times, direction < 0 ? -1 : 1)
  if (best === 0) {
    if (dateOnly) return intervalOf(1, 'd')
    throw new TradePulseError('DOMAIN_INVALID_INTERVAL', 'cannot infer the bar interval from fewer than two distinct timestamps: pass the interval', { file, field })
  }
  try {
    return intervalFromMillis(best)
  } catch (error) {
    if (!isTradePulseError(error)) throw error
    throw new TradePulseError('DOMAIN_INVALID_INTERVAL', `the most common step between timestamps is ${best} ms, which is not a supported bar interval: pass the interval`, { file, field })
  }
}
