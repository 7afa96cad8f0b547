/**
 * Each symbol's column, walked in time order once the whole file is read: where its values start
 * and end, the runs of empty cells in between, and its close-only series.
 *
 * - Empty cells before a symbol's first value or after its last are its listing and delisting,
 *   not problems.
 * - Between them, a run of empty cells on days the calendar trades is a gap of that symbol,
 *   reported once per run on the line of its first empty cell in the file. Empty cells on days the calendar
 *   is closed are not missing (a universe of two markets has rows on each one's holidays).
 * - A cell dropped for its value still shows the symbol traded that day: it is no gap (and was
 *   reported as what it is).
 * - Rows missing from the file altogether are the file's gaps, reported once, not per symbol.
 */
import type { TradingCalendar } from '../../domain/calendar/trading-calendar.ts'
import { type Interval, MS_PER_DAY } from '../../domain/time.ts'
import { BarSeries, allocateColumns } from '../bar-series.ts'
import type { GapSummary, IngestIssue } from '../csv/types.ts'
import type { SymbolReport } from './types.ts'
import { DROPPED } from './wide-ingestor.ts'

/** The kept rows in time order: `times` ascending, with their lines and their cells. */
export interface OrderedRows {
  readonly times: Float64Array
  readonly lines: Float64Array
  /** Row `k` in time order is row `order[k]` of `cells`. */
  readonly order: Uint32Array
  readonly cells: Float64Array
  readonly symbolCount: number
}

export interface SymbolColumn {
  readonly report: SymbolReport
  readonly series: BarSeries | null
  readonly gapIssues: readonly IngestIssue[]
}

export interface SymbolContext {
  readonly symbol: string
  readonly column: number
  readonly index: number
  readonly problems: number
  readonly calendar: TradingCalendar
  readonly interval: Interval
  readonly formatTime: (t: number) => string
  /** Build the series (`readUniverseCsv`) or only report (`validateUniverseCsv`). */
  readonly build: boolean
}

export function symbolColumn(rows: OrderedRows, context: SymbolContext): SymbolColumn {
  const { times, lines, order, cells, symbolCount } = rows
  const n = times.length
  const cell = (k: number): number => cells[order[k]! * symbolCount + context.index]!
  let first = -1
  let last = -1
  let values = 0
  for (let k = 0; k < n; k++) {
    const v = cell(k)
    if (Number.isNaN(v)) continue
    if (first < 0) first = k
    last = k
    if (v !== DROPPED) values++
  }

  const gapIssues: IngestIssue[] = []
  const gaps: { -readonly [K in keyof GapSummary]: number } = { count: 0, missingBars: 0, largestMs: 0 }
  let runStart = -1
  let runLength = 0
  let runEnd = -1
  let previous = first
  for (let k = first + 1; k <= last && first >= 0; k++) {
    if (Number.isNaN(cell(k))) {
      if (!context.calendar.isTradingDay(Math.floor(times[k]! / MS_PER_DAY))) continue
      if (runLength === 0) runStart = k
      runLength++
      runEnd = k
      continue
    }
    if (runLength > 0) {
      const span = times[k]! - times[previous]!
      gaps.count++
      gaps.missingBars += runLength
      if (span > gaps.largestMs) gaps.largestMs = span
      gapIssues.push(gapIssue(context, lines, runStart, runEnd, runLength, times, previous, k))
      runLength = 0
    }
    previous = k
  }

  const series = context.build ? closeSeries(rows, cell, values, context) : null
  return {
    report: {
      symbol: context.symbol,
      column: context.column + 1,
      values,
      firstOpenTime: first < 0 ? null : times[first]!,
      lastOpenTime: last < 0 ? null : times[last]!,
      listedLate: first > 0,
      delistedEarly: last >= 0 && last < n - 1,
      gaps,
      problems: context.problems,
    },
    series,
    gapIssues,
  }
}

function gapIssue(
  context: SymbolContext,
  lines: Float64Array,
  runStart: number,
  runEnd: number,
  runLength: number,
  times: Float64Array,
  before: number,
  after: number,
): IngestIssue {
  const { formatTime } = context
  const where =
    runLength === 1
      ? `1 empty cell on ${formatTime(times[runStart]!)}`
      : `${runLength} empty cells from ${formatTime(times[runStart]!)} to ${formatTime(times[runEnd]!)}`
  // In a descending file the run's first cell in time is its last in the file.
  const line = Math.min(lines[runStart]!, lines[runEnd]!)
  return {
    line,
    field: context.symbol,
    code: 'gap',
    severity: 'warning',
    message: `${where} between values on ${formatTime(times[before]!)} and ${formatTime(times[after]!)} (${context.calendar.name} calendar)`,
    action: 'none',
  }
}

/** Bars of the symbol's valid closes: open, high, low and close all the close; volume 0. */
function closeSeries(
  rows: OrderedRows,
  cell: (k: number) => number,
  values: number,
  context: SymbolContext,
): BarSeries {
  const columns = allocateColumns(values)
  let i = 0
  for (let k = 0; k < rows.times.length; k++) {
    const v = cell(k)
    if (Number.isNaN(v) || v === DROPPED) continue
    const t = rows.times[k]!
    columns.openTime[i] = t
    columns.knownAt[i] = t + context.interval.ms
    columns.open[i] = v
    columns.high[i] = v
    columns.low[i] = v
    columns.close[i] = v
    columns.volume[i] = 0
    i++
  }
  return new BarSeries(columns, context.interval)
}
