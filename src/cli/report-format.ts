/**
 * Plain-text rendering of ingestion reports and series summaries, shared by the data commands.
 */
import type { IngestIssue, IngestReport } from '../data/csv/index.ts'
import type { SeriesSummary } from '../data/summary.ts'
import { formatDuration } from '../data/summary.ts'
import { formatIso } from '../domain/time.ts'

const WARNINGS_SHOWN = 3

const DELIMITER_NAMES: Readonly<Record<IngestReport['delimiter'], string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
}

export function formatIssue(issue: IngestIssue): string {
  const field = issue.field === undefined ? '' : ` ${issue.field}:`
  const action = issue.action === 'none' ? '' : ` [${issue.action}]`
  return `  line ${issue.line}:${field} ${issue.message}${action}`
}

export function formatIngestReport(report: IngestReport, maxIssues: number): string[] {
  const columns = Object.entries(report.columns)
    .map(([role, column]) => `${role}=${column ?? '(none)'}`)
    .join(' ')
  const timeNote = report.dateOnly ? ', date-only rows: daily bars known at 24:00 UTC' : ''
  const lines = [
    `${report.file}: ${report.rowsRead} rows read, ${report.barsAccepted} bars accepted`,
    `  format: ${DELIMITER_NAMES[report.delimiter]}-delimited, ${report.hasHeader ? 'with header' : 'no header'}, time ${report.timeFormat}${timeNote}`,
    `  columns: ${columns}`,
    `  interval ${report.interval.label}, rows in ${report.order} order${report.order === 'descending' ? ' (reversed to ascending)' : ''}`,
  ]
  if (report.firstOpenTime !== null && report.lastOpenTime !== null) {
    lines.push(`  span: ${formatIso(report.firstOpenTime)} → ${formatIso(report.lastOpenTime)}`)
  }
  lines.push(
    report.gaps.count === 0
      ? '  gaps: none'
      : `  gaps (${report.calendar} calendar): ${report.gaps.count}, ${report.gaps.missingBars} missing bars, largest ${formatDuration(report.gaps.largestMs)}`,
  )
  lines.push(...formatIssueSummary(report, maxIssues))
  return lines
}

/** The end of a report (bar or wide file): the issue counts, the notes, then the issues listed. */
export function formatIssueSummary(
  report: Pick<IngestReport, 'issues' | 'issueCounts' | 'notes'>,
  maxIssues: number,
): string[] {
  const counts = Object.entries(report.issueCounts)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ')
  return [
    `  issues: ${counts === '' ? 'none' : counts}`,
    ...report.notes.map((note) => `  note: ${note}`),
    ...formatIssueList(report, maxIssues),
  ]
}

/** The issues of a report (bar or wide file) as lines, errors first in full up to `maxIssues`. */
export function formatIssueList(
  report: Pick<IngestReport, 'issues' | 'issueCounts'>,
  maxIssues: number,
): string[] {
  // Errors are what a person must act on, so they come first and in full up to the limit;
  // warnings (gaps) are listed briefly, the rest counted.
  const lines: string[] = []
  const errors = report.issues.filter((issue) => issue.severity === 'error')
  const warnings = report.issues.filter((issue) => issue.severity === 'warning')
  const shownErrors = errors.slice(0, maxIssues)
  const shownWarnings = warnings.slice(
    0,
    Math.min(WARNINGS_SHOWN, Math.max(0, maxIssues - shownErrors.length)),
  )
  for (const issue of [...shownErrors, ...shownWarnings].sort((a, b) => a.line - b.line))
    lines.push(formatIssue(issue))
  const total = Object.values(report.issueCounts).reduce((sum, n) => sum + n, 0)
  const hidden = total - shownErrors.length - shownWarnings.length
  if (hidden > 0)
    lines.push(`  … ${hidden} more not listed (--json lists every one; --max-issues lists more errors)`)
  return lines
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : 'n/a'
}

function price(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : 'n/a'
}

export function formatSummary(name: string, summary: SeriesSummary): string[] {
  return [
    `${name}: ${summary.bars} bars of ${summary.interval}, ${summary.first ?? '-'} → ${summary.last ?? '-'}`,
    `  last bar known at ${summary.lastKnownAt ?? '-'}`,
    `  price: first open ${price(summary.firstOpen)}, last close ${price(summary.lastClose)}, range ${price(summary.lowest)} – ${price(summary.highest)}`,
    `  return: total ${percent(summary.totalReturn)}, annualised ${percent(summary.annualisedReturn)}, volatility ${percent(summary.annualisedVolatility)} a year`,
    `  max drawdown: ${percent(summary.maxDrawdown)} (peak ${summary.maxDrawdownPeak ?? '-'}, trough ${summary.maxDrawdownTrough ?? '-'})`,
    `  volume: ${summary.totalVolume.toLocaleString('en-US')} in total`,
    `  gaps (${summary.calendar} calendar): ${summary.gaps === 0 ? 'none' : `${summary.gaps}, ${summary.missingBars} missing bars, largest ${summary.largestGap ?? ''}`}`,
  ]
}
