/**
 * `readUniverseCsv`, `validateUniverseCsv` and `isWideCsv`: wide files — a time column, then one
 * close column per symbol, empty before a listing and after a delisting — read as a universe of
 * close-only series, with a report per symbol. The rules are in docs/data-ingestion.md.
 *
 * One streaming pass over the file applies the row and cell rules (`WideIngestor`) under the
 * policy; then the kept rows are put in time order and each symbol's column is walked
 * (`symbolColumn`). Memory: the cells, 8 bytes each (a universe is held in memory anyway, and the
 * per-symbol walk needs the whole column), plus one chunk of the file.
 */
import type { FileHandle } from 'node:fs/promises'
import { tradingCalendar } from '../../domain/calendar/trading-calendar.ts'
import { isWeekend } from '../../domain/civil.ts'
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import { DEFAULT_CHUNK_BYTES, readRegions } from '../csv/chunk-reader.ts'
import { splitRecords } from '../csv/dialect.ts'
import { mergeByLine } from '../csv/issues.ts'
import type { IngestIssue, IngestIssueCode } from '../csv/types.ts'
import { GapTracker, resolveGapCalendar } from '../gaps.ts'
import { type InputFile, openInputFile } from '../input-file.ts'
import { type OrderedRows, type SymbolColumn, symbolColumn } from './symbol-columns.ts'
import type { UniverseMember, UniverseReadOptions, UniverseReport } from './types.ts'
import { WideIngestor } from './wide-ingestor.ts'
import { SNIFF_BYTES, type WideLayout, columnName, wideLayoutOf } from './wide-layout.ts'

/** Reads a wide file as one close-only series per symbol, validating every row and cell. */
export async function readUniverseCsv(
  path: string,
  options: UniverseReadOptions = {},
): Promise<{ universe: readonly UniverseMember[]; report: UniverseReport }> {
  const { universe, report } = await ingestUniverse(path, options, true)
  return { universe, report }
}

/** The report `readUniverseCsv` would give, without building the series. */
export async function validateUniverseCsv(path: string, options: UniverseReadOptions = {}): Promise<UniverseReport> {
  return (await ingestUniverse(path, options, false)).report
}

/**
 * Whether a file looks wide (see wide-layout.ts for the rule): a header naming a time column and
 * symbols, not open/high/low/close, over numbers. False for anything that cannot be read; the
 * reader the caller then picks says why.
 */
export async function isWideCsv(path: string, options: UniverseReadOptions = {}): Promise<boolean> {
  let input: InputFile
  try {
    input = await openInputFile(path)
  } catch {
    return false
  }
  const { handle, size } = input
  try {
    if (size === 0) return false
    const { prefix, whole } = await readPrefix(handle, size)
    return wideLayoutOf(prefix, whole, path, options, true) !== null
  } catch (error) {
    if (isTradePulseError(error)) return false
    throw error
  } finally {
    await handle.close()
  }
}

async function readPrefix(handle: FileHandle, size: number): Promise<{ prefix: Buffer; whole: boolean }> {
  const prefix = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, size))
  const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0)
  return { prefix: prefix.subarray(0, bytesRead), whole: bytesRead >= size }
}


/**
 * Turns regions of whole lines into records. A line without a quote is split as it is; a line
 * that opens a quote it does not close is joined with the next ones until it does (a quoted
 * field may hold a line end), or until the end of the file. Blank lines are not records but
 * count for line numbers. The first record is the header, which the layout already read.
 */
class RecordSplitter {
  readonly #layout: WideLayout
  readonly #emit: (fields: readonly string[], line: number, unterminated: boolean) => void
  readonly #lineEnd: string
  #line = 0
  #carry: string | null = null
  #carryLine = 0
  #headerSeen = false

  constructor(layout: WideLayout, emit: (fields: readonly string[], line: number, unterminated: boolean) => void) {
    this.#layout = layout
    this.#emit = emit
    this.#lineEnd = String.fromCharCode(layout.lineEnd)
  }

  region(buf: Buffer, start: number, end: number): number {
    const lines = buf.toString('utf8', start, end).split(this.#lineEnd)
    // The region ends with a line end, so the last piece is empty.
    for (let i = 0; i < lines.length - 1; i++) this.#take(lines[i]!)
    return end
  }

  finish(): void {
    if (this.#carry === null) return
    for (const record of splitRecords(this.#carry, this.#layout.delimiter, this.#carryLine)) {
      this.#record(record.fields, record.line, record.unterminated)
    }
    this.#carry = null
  }

  #take(raw: string): void {
    this.#line++
    const line = this.#lineEnd === '\n' && raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (this.#carry === null) {
      if (line === '') return
      if (!line.includes('"')) {
        this.#record(line.split(this.#layout.delimiter), this.#line, false)
        return
      }
      this.#carry = line
      this.#carryLine = this.#line
    } else this.#carry += `\n${line}`
    const records = splitRecords(this.#carry, this.#layout.delimiter, this.#carryLine)
    if (records.at(-1)?.unterminated === true) return
    for (const record of records) this.#record(record.fields, record.line, false)
    this.#carry = null
  }

  #record(fields: readonly string[], line: number, unterminated: boolean): void {
    if (!this.#headerSeen) {
      this.#headerSeen = true
      return
    }
    this.#emit(fields, line, unterminated)
  }
}

interface Ingested {
  readonly universe: UniverseMember[]
  readonly report: UniverseReport
}

async function ingestUniverse(path: string, options: UniverseReadOptions, build: boolean): Promise<Ingested> {
  const policy = options.policy ?? 'strict'
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, was ${chunkBytes}`)
  }
  const { handle, size } = await openInputFile(path)
  try {
    if (size === 0) throw new TradePulseError('DATA_EMPTY', 'the file is empty', { file: path })
    const { prefix, whole } = await readPrefix(handle, size)
    const layout = wideLayoutOf(prefix, whole, path, options, false)!
    const ingestor = new WideIngestor(path, policy, layout, 256)
    const splitter = new RecordSplitter(layout, (fields, line, unterminated) => {
      ingestor.record(fields, line, unterminated)
    })
    await readRegions(
      handle,
      {
        startOffset: layout.bomLength,
        chunkBytes,
        lineEnd: layout.lineEnd,
        totalBytes: size,
        onProgress: options.onProgress,
      },
      (buf, start, end) => splitter.region(buf, start, end),
    )
    splitter.finish()
    return finish(path, layout, ingestor, options, build)
  } finally {
    await handle.close()
  }
}

function inTimeOrder(ingestor: WideIngestor, symbolCount: number): OrderedRows {
  const n = ingestor.rows
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  const times = ingestor.times
  order.sort((a, b) => times[a]! - times[b]!)
  return {
    times: Float64Array.from(order, (i) => times[i]!),
    lines: Float64Array.from(order, (i) => ingestor.lines[i]!),
    order,
    cells: ingestor.cells,
    symbolCount,
  }
}

function finish(
  file: string,
  layout: WideLayout,
  ingestor: WideIngestor,
  options: UniverseReadOptions,
  build: boolean,
): Ingested {
  const rows = inTimeOrder(ingestor, layout.symbols.length)
  const { times, lines } = rows
  const n = times.length
  const timeName = columnName(layout.header, layout.timeColumn)
  if (n === 0) {
    const counts = Object.entries(ingestor.log.counts)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ')
    throw new TradePulseError('DATA_EMPTY', `no usable rows: ${ingestor.rowsRead} read, none accepted (${counts})`, { file })
  }

  const fileGaps = new GapTracker(layout.interval.ms)
  let sawWeekend = false
  for (let k = 0; k < n; k++) {
    if (isWeekend(times[k]!)) sawWeekend = true
    // The row after the gap in the file: the later line of the two.
    if (k > 0) fileGaps.step(times[k - 1]!, times[k]!, Math.max(lines[k - 1]!, lines[k]!))
  }
  const calendarName = resolveGapCalendar(options.calendar ?? 'auto', fileGaps, {
    sawWeekend,
    firstTime: times[0]!,
    lastTime: times[n - 1]!,
  })
  const calendar = tradingCalendar(calendarName)
  const tally = fileGaps.tally(calendarName)
  const formatTime = (t: number): string => ingestor.formatTime(t)
  const gapIssues: IngestIssue[] = tally.records.map((gap) => ({
    line: gap.line,
    field: timeName,
    code: 'gap',
    severity: 'warning',
    message: `${gap.missing} row${gap.missing === 1 ? '' : 's'} missing between ${formatTime(gap.lo)} and ${formatTime(gap.hi)} (interval ${layout.interval.label}, ${calendarName} calendar)`,
    action: 'none',
  }))

  const columns: SymbolColumn[] = layout.symbols.map((symbol, index) =>
    symbolColumn(rows, {
      symbol,
      column: layout.symbolColumns[index]!,
      index,
      problems: ingestor.problems[index]!,
      calendar,
      interval: layout.interval,
      formatTime,
      build,
    }),
  )
  const symbolGapCount = columns.reduce((sum, c) => sum + c.report.gaps.count, 0)
  for (const column of columns) gapIssues.push(...column.gapIssues)
  const issueCounts: Partial<Record<IngestIssueCode, number>> = { ...ingestor.log.counts }
  if (tally.count + symbolGapCount > 0) issueCounts.gap = tally.count + symbolGapCount
  const issues = mergeByLine([ingestor.log.issues, gapIssues.sort((a, b) => a.line - b.line)])
  const total = ingestor.log.total + tally.count + symbolGapCount

  const notes: string[] = []
  if (layout.order === 'descending') notes.push('rows are in descending time order; each series is in ascending order')
  if (layout.time.dateOnly) notes.push('rows carry dates only: each bar opens at 00:00 UTC and is known at the end of its interval')
  // Listing and delisting are in each symbol's report (`listedLate`, `delistedEarly`).
  for (const { report } of columns) if (report.firstOpenTime === null) notes.push(`${report.symbol}: no value in the file`)

  const report: UniverseReport = {
    file,
    delimiter: layout.delimiter,
    decimalSeparator: layout.decimal === 44 ? ',' : '.',
    timeColumn: timeName,
    timeFormat: layout.time.label,
    dateOnly: layout.time.dateOnly,
    interval: layout.interval,
    calendar: calendarName,
    order: layout.order,
    rowsRead: ingestor.rowsRead,
    rowsAccepted: n,
    firstOpenTime: times[0]!,
    lastOpenTime: times[n - 1]!,
    gaps: { count: tally.count, missingBars: tally.missingBars, largestMs: tally.largestMs },
    symbols: columns.map((c) => c.report),
    issues,
    issueCounts,
    issuesTruncated: total > issues.length,
    notes,
  }
  const universe = columns.flatMap((c, index) =>
    c.series === null ? [] : [{ symbol: layout.symbols[index]!, series: c.series }],
  )
  return { universe, report }
}
