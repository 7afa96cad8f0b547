/**
 * Plain-text rendering of wide files: the validation report and the summary, one table row per
 * symbol. Issues are listed as for bar files (`formatIssueSummary`). Symbols are escaped before they
 * are padded, so a hostile name neither drives the terminal nor breaks the columns.
 */
import type { SeriesSummary } from '../data/summary.ts'
import { formatDuration } from '../data/summary.ts'
import type { SymbolReport, UniverseReport } from '../data/wide/types.ts'
import { formatIso } from '../domain/time.ts'
import { formatIssueSummary } from './report-format.ts'
import { escapeForTerminal } from './terminal-text.ts'

const DELIMITER_NAMES: Readonly<Record<UniverseReport['delimiter'], string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
}

/** Dates alone for a file of dates, full times otherwise. */
export function universeTime(report: UniverseReport, t: number | null): string {
  if (t === null) return '-'
  return report.dateOnly ? formatIso(t).slice(0, 10) : formatIso(t)
}

function symbolWidth(report: UniverseReport): number {
  return Math.min(
    20,
    Math.max('symbol'.length, ...report.symbols.map((s) => escapeForTerminal(s.symbol).length)),
  )
}

function remark(symbol: SymbolReport): string {
  const parts = [symbol.listedLate ? 'listed later' : '', symbol.delistedEarly ? 'delisted' : '']
  const text = parts.filter((p) => p !== '').join(', ')
  return text === '' ? '' : `  ${text}`
}

function fileGaps(report: UniverseReport): string {
  const { count, missingBars, largestMs } = report.gaps
  const detail =
    count === 0 ? 'none' : `${count}, ${missingBars} missing rows, largest ${formatDuration(largestMs)}`
  return `  gaps of the file (${report.calendar} calendar): ${detail}`
}

export function formatUniverseReport(report: UniverseReport, maxIssues: number): string[] {
  const w = symbolWidth(report)
  const dateWidth = report.dateOnly ? 10 : 24
  const time = (t: number | null): string => universeTime(report, t).padEnd(dateWidth)
  const dateOnlyNote = report.dateOnly ? ', date-only rows: daily bars known at 24:00 UTC' : ''
  const lines = [
    `${report.file}: wide file of ${report.symbols.length} symbols, ${report.rowsRead} rows read, ${report.rowsAccepted} rows accepted`,
    `  format: ${DELIMITER_NAMES[report.delimiter]}-delimited, time column ${report.timeColumn}, time ${report.timeFormat}${dateOnlyNote}`,
    `  interval ${report.interval.label}, rows in ${report.order} order`,
    `  span: ${universeTime(report, report.firstOpenTime)} → ${universeTime(report, report.lastOpenTime)}`,
    fileGaps(report),
    `  ${'symbol'.padEnd(w)}  ${'values'.padStart(6)}  ${'first'.padEnd(dateWidth)}  ${'last'.padEnd(dateWidth)}  gaps  missing  problems`,
  ]
  for (const s of report.symbols) {
    lines.push(
      `  ${escapeForTerminal(s.symbol).slice(0, w).padEnd(w)}  ${String(s.values).padStart(6)}  ${time(s.firstOpenTime)}  ${time(s.lastOpenTime)}  ${String(s.gaps.count).padStart(4)}  ${String(s.gaps.missingBars).padStart(7)}  ${String(s.problems).padStart(8)}${remark(s)}`,
    )
  }
  lines.push(...formatIssueSummary(report, maxIssues))
  return lines
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : 'n/a'
}

function price(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : 'n/a'
}

/** `data info` of a wide file: the span, the file's gaps, and one row per symbol. */
export function formatUniverseSummary(
  report: UniverseReport,
  summaries: readonly (SeriesSummary | null)[],
): string[] {
  const w = symbolWidth(report)
  const dateWidth = report.dateOnly ? 10 : 24
  const time = (t: number | null): string => universeTime(report, t).padEnd(dateWidth)
  const lines = [
    `${report.file}: wide file of ${report.symbols.length} symbols, ${report.rowsAccepted} rows of ${report.interval.label}, ${universeTime(report, report.firstOpenTime)} → ${universeTime(report, report.lastOpenTime)}`,
    fileGaps(report),
    `  last row known at ${report.lastOpenTime === null ? '-' : formatIso(report.lastOpenTime + report.interval.ms)}`,
    `  ${'symbol'.padEnd(w)}  ${'values'.padStart(6)}  ${'first'.padEnd(dateWidth)}  ${'last'.padEnd(dateWidth)}  gaps  last close  return  volatility  max drawdown`,
  ]
  report.symbols.forEach((s, i) => {
    const summary = summaries[i] ?? null
    lines.push(
      `  ${escapeForTerminal(s.symbol).slice(0, w).padEnd(w)}  ${String(s.values).padStart(6)}  ${time(s.firstOpenTime)}  ${time(s.lastOpenTime)}  ${String(s.gaps.count).padStart(4)}  ${price(summary?.lastClose ?? NaN).padStart(10)}  ${percent(summary?.totalReturn ?? NaN).padStart(6)}  ${percent(summary?.annualisedVolatility ?? NaN).padStart(10)}  ${percent(summary?.maxDrawdown ?? NaN).padStart(12)}${remark(s)}`,
    )
  })
  for (const note of report.notes) lines.push(`  note: ${note}`)
  return lines
}
