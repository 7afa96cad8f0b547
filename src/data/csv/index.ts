/**
 * CSV bars: streaming reader with dialect, header and time-format detection, validation under a
 * `strict` or `repair` policy with a report of every change, and a writer. See
 * docs/data-ingestion.md.
 */
export { readBarsCsv, validateBarsCsv } from './ingest.ts'
export { writeBarsCsv } from './writer.ts'
export type {
  BarColumnRole,
  CsvDelimiter,
  CsvReadOptions,
  CsvWriteOptions,
  GapCalendar,
  GapSummary,
  IngestAction,
  IngestIssue,
  IngestIssueCode,
  IngestReport,
  ValidationPolicy,
} from './types.ts'
