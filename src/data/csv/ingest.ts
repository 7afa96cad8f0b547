/**
 * `readBarsCsv` and `validateBarsCsv`: one streaming pass over the file (plus a second one only
 * when some rows are out of order, under `repair`), driven by the layout `sniffLayout` decided.
 *
 * Memory: the read buffer (one chunk plus the longest record), the issue list (capped), the late
 * rows, and — for `readBarsCsv` only — the output columns, sized from an estimate of the row
 * count. The text of the file is never held whole.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { formatIso } from '../../domain/time.ts'
import type { BarSeries } from '../bar-series.ts'
import { BarSeriesBuilder } from '../bar-series-builder.ts'
import { assembleSeries } from './assemble.ts'
import { BarIngestor, timelineTime } from './bar-ingestor.ts'
import { DEFAULT_CHUNK_BYTES, readRegions } from './chunk-reader.ts'
import { type GapTally, resolveGapCalendar } from '../gaps.ts'
import { openInputFile } from '../input-file.ts'
import { ROLE_TIME } from './header.ts'
import { IssueLog, mergeByLine } from './issues.ts'
import { RowScanner } from './row-scanner.ts'
import { type CsvLayout, sniffLayout } from './sniff.ts'
import { LateResolver, type LateRow } from './timeline.ts'
import type { CsvReadOptions, GapCalendar, IngestIssue, IngestIssueCode, IngestReport } from './types.ts'

/** Reads bars from a CSV file, validating every row under the policy; see docs/data-ingestion.md. */
export async function readBarsCsv(path: string, options: CsvReadOptions = {}): Promise<{ series: BarSeries; report: IngestReport }> {
  const { series, report } = await ingest(path, options, true)
  return { series: series!, report }
}

/** The report `readBarsCsv` would give, without building the series: memory stays O(chunk). */
export async function validateBarsCsv(path: string, options: CsvReadOptions = {}): Promise<IngestReport> {
  return (await ingest(path, options, false)).report
}

async function ingest(path: string, options: CsvReadOptions, build: boolean): Promise<{ series: BarSeries | null; report: IngestReport }> {
  const policy = options.policy ?? 'strict'
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, was ${chunkBytes}`)
  const { handle, size: totalBytes } = await openInputFile(path)
  try {
    if (totalBytes === 0) throw new TradePulseError('DATA_EMPTY', 'the file is empty', { file: path })
    const layout = await sniffLayout(handle, path, totalBytes, options)
    const builder = build ? new BarSeriesBuilder(layout.estimatedRows) : null
    let ingestor: BarIngestor | null = null
    const scanner = new RowScanner(layout, (line) => {
      ingestor!.row(line)
    })
    ingestor = new BarIngestor(path, policy, layout, scanner, builder)
    const readOptions = { startOffset: layout.bomLength, chunkBytes, lineEnd: layout.lineEnd, totalBytes }
    await readRegions(handle, { ...readOptions, onProgress: options.onProgress }, (buf, start, end, final) => scanner.scan(buf, start, end, final))

    const direction = layout.order === 'descending' ? -1 : 1
    let gaps = ingestor.timeline.gaps
    const lateLog = new IssueLog()
    let lateAccepted: LateRow[] = []
    if (ingestor.timeline.late.length > 0) {
      const resolver = new LateResolver(ingestor.timeline.late, layout.interval.ms, direction)
      const fieldCount = layout.plan.fieldCount
      const replay: RowScanner = new RowScanner(layout, (line) => {
        const t = timelineTime(replay, fieldCount)
        if (t === t) resolver.row(direction * t, line)
      })
      await readRegions(handle, readOptions, (buf, start, end, final) => replay.scan(buf, start, end, final))
      resolver.finish()
      gaps = resolver.gaps
      lateAccepted = ingestor.resolveLate(lateLog)
    }

    const evidence = { sawWeekend: ingestor.sawWeekend, firstTime: ingestor.firstTime, lastTime: ingestor.lastTime }
    const calendar = resolveGapCalendar(options.calendar ?? 'auto', gaps, evidence)
    const report = buildReport(path, layout, ingestor, scanner.rows, lateLog, gaps.tally(calendar), calendar)
    if (report.barsAccepted === 0) {
      const counts = Object.entries(report.issueCounts)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ')
      throw new TradePulseError('DATA_EMPTY', `no usable rows: ${report.rowsRead} read, none accepted (${counts})`, { file: path })
    }
    const series = builder === null ? null : assembleSeries(builder.build(layout.interval), lateAccepted, direction, layout.interval)
    return { series, report }
  } finally {
    await handle.close()
  }
}

function buildReport(
  file: string,
  layout: CsvLayout,
  ingestor: BarIngestor,
  rowsRead: number,
  lateLog: IssueLog,
  gaps: GapTally,
  calendar: GapCalendar,
): IngestReport {
  const timeField = layout.plan.fieldNames[layout.plan.columnOfRole[ROLE_TIME]!]!
  const formatTime = (t: number): string => (layout.dateOnly ? formatIso(t).slice(0, 10) : formatIso(t))
  const gapIssues: IngestIssue[] = gaps.records.map((gap) => ({
    line: gap.line,
    field: timeField,
    code: 'gap',
    severity: 'warning',
    message: `${gap.missing} bar${gap.missing === 1 ? '' : 's'} missing between ${formatTime(gap.lo)} and ${formatTime(gap.hi)} (interval ${layout.interval.label}, ${calendar} calendar)`,
    action: 'none',
  }))
  const issueCounts: Partial<Record<IngestIssueCode, number>> = { ...ingestor.log.counts }
  for (const [code, n] of Object.entries(lateLog.counts) as [IngestIssueCode, number][]) issueCounts[code] = (issueCounts[code] ?? 0) + n
  if (gaps.count > 0) issueCounts.gap = gaps.count
  const total = ingestor.log.total + lateLog.total + gaps.count
  const issues = mergeByLine([ingestor.log.issues, lateLog.issues, gapIssues])
  const notes = [...layout.notes, ...layout.plan.notes]
  if (layout.order === 'descending') notes.push('rows are in descending time order; the bars have been reversed into ascending order')
  if (layout.dateOnly) notes.push('rows carry dates only: each bar opens at 00:00 UTC and is known at the end of its interval')
  return {
    file,
    delimiter: layout.delimiter,
    decimalSeparator: layout.decimal === 44 ? ',' : '.',
    hasHeader: layout.hasHeader,
    commentLines: layout.commentLines,
    columns: layout.plan.columns,
    ignoredColumns: layout.plan.ignoredColumns,
    timeFormat: layout.timeFormat,
    dateOnly: layout.dateOnly,
    interval: layout.interval,
    calendar,
    order: layout.order,
    rowsRead,
    barsAccepted: ingestor.barsAccepted,
    issues,
    issueCounts,
    issuesTruncated: total > issues.length,
    gaps: { count: gaps.count, missingBars: gaps.missingBars, largestMs: gaps.largestMs },
    firstOpenTime: ingestor.barsAccepted > 0 ? ingestor.firstTime : null,
    lastOpenTime: ingestor.barsAccepted > 0 ? ingestor.lastTime : null,
    notes,
  }
}
