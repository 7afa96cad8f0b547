/**
 * Plain-text rendering of ingestion reports and series summaries, shared by the data commands.
 */
import type { IngestIssue, IngestReport } from '../data/csv/index.ts'
import type { SeriesSummary } from '../data/summary.ts'
import { formatDuration } from '../data/summary.ts'
import { formatIso } from '../domain/time.ts'

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
      : `  gaps: ${report.gaps.count} (${report.gaps.missingBars} missing bars, largest ${formatDuration(report.gaps.largestMs)})`,
  )
  const problems = report.issues.filter((issue) => issue.severity === 'error')
  const counts = Object.entries(report.issueCounts)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ')
  lines.push(`  issues: ${counts === '' ? 'none' : counts}`)
  const shown = report.issues
    .filter((issue) => issue.severity === 'error' || maxIssues > problems.length)
    .slice(0, maxIssues)
  for (const issue of shown) lines.push(formatIssue(issue))
  const total = Object.values(report.issueCounts).reduce((sum, n) => sum + n, 0)
  if (total > shown.length) lines.push(`  … ${total - shown.length} more (use --max-issues or --json)`)
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
    `  gaps: ${summary.gaps === 0 ? 'none' : `${summary.gaps} steps longer than ${summary.interval}, largest ${summary.largestGap ?? ''}`}`,
  ]
}
