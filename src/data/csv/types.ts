/**
 * The public shapes of CSV ingestion: what a caller may ask for (`CsvReadOptions`) and what it is
 * told back (`IngestReport`, one `IngestIssue` per problem). The rules behind every issue code are
 * in docs/data-ingestion.md.
 */
import type { Interval } from '../../domain/time.ts'
import type { GapCalendar } from '../gaps.ts'

export type ValidationPolicy = 'strict' | 'repair'
export type BarColumnRole = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume'
export type CsvDelimiter = ',' | ';' | '\t'

export interface CsvReadOptions {
  /** `strict` (default): the first error throws. `repair`: drop or fix by the documented rules and report. */
  readonly policy?: ValidationPolicy
  /** Default: detected from the first lines. */
  readonly delimiter?: CsvDelimiter
  /**
   * Header name (case-insensitive) or 1-based column number as a string, for files whose header is
   * unusual or absent. `time` may name two columns joined by `+` (`Date+Time`, `1+2`): a date column
   * and a time-of-day column.
   */
  readonly columns?: Partial<Record<BarColumnRole, string>>
  /** Whether the first line is a header. Default: detected (a first line with letters and no field starting with a digit is a header). */
  readonly header?: boolean
  /** e.g. `DD/MM/YYYY HH:mm:ss`, `MM/DD/YYYY`, `DD-MMM-YY`, `YYYYMMDD`; tokens YYYY YY MM MMM DD HH hh mm ss SSS A; times are UTC. */
  readonly dateFormat?: string
  /** Default: inferred, the most common positive step between consecutive timestamps of the first rows. */
  readonly interval?: Interval
  /** Trading calendar for gap detection (see src/domain/calendar); `auto` infers one from the data (see `resolveGapCalendar` in data/gaps.ts). */
  readonly calendar?: GapCalendar | 'auto'
  /** Called once per chunk read, during the main pass. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void
  /** Bytes per read (default 1 MiB); tests use tiny values to exercise chunk boundaries. */
  readonly chunkBytes?: number
}

export type IngestIssueCode =
  | 'wrong-field-count'
  | 'unterminated-quote'
  | 'unparsable-time'
  | 'implausible-time'
  | 'unparsable-number'
  | 'missing-value'
  | 'non-finite-price'
  | 'negative-price'
  | 'non-finite-volume'
  | 'negative-volume'
  | 'duplicate-time'
  | 'out-of-order'
  | 'high-below-body'
  | 'low-above-body'
  | 'gap'

/** `dropped-cell`: a wide file's bad cell is left out and the rest of its row kept (src/data/wide). */
export type IngestAction = 'dropped-row' | 'dropped-cell' | 'fixed' | 'reordered' | 'none'

export interface IngestIssue {
  /** 1-based line in the file (the header is line 1 when present). */
  readonly line: number
  /** Column name as in the file (the role name when the file has no header), when the issue is about one field. */
  readonly field?: string
  readonly code: IngestIssueCode
  /** Gaps are warnings (the data is valid, bars are missing); everything else is an error. */
  readonly severity: 'error' | 'warning'
  /** A sentence with the values in it. */
  readonly message: string
  /** What repair did; `none` for warnings and under strict. */
  readonly action: IngestAction
}

export interface GapSummary {
  readonly count: number
  readonly missingBars: number
  readonly largestMs: number
}

export interface IngestReport {
  readonly file: string
  readonly delimiter: CsvDelimiter
  readonly decimalSeparator: '.' | ','
  readonly hasHeader: boolean
  /** Comment lines (starting with `#`) skipped above the header or first row. */
  readonly commentLines: number
  /** The file's column chosen for each role: its header name, or its 1-based number without a header. */
  readonly columns: Readonly<Record<BarColumnRole, string | null>>
  /** Columns read but not used, e.g. an adjusted close next to the close. */
  readonly ignoredColumns: readonly string[]
  /** `iso-8601`, `epoch-s`, `epoch-ms`, `epoch-us`, `epoch-ns`, or the date pattern used (detected or given). */
  readonly timeFormat: string
  /** Rows carry a date and no time of day: daily bars, known at 24:00 UTC (see domain/market-data.ts). */
  readonly dateOnly: boolean
  readonly interval: Interval
  /** The calendar gaps were counted against (`auto` resolved). */
  readonly calendar: GapCalendar
  /** Descending files are reversed into ascending order, and this says so. */
  readonly order: 'ascending' | 'descending'
  /** Data rows in the file (blank lines are not rows). */
  readonly rowsRead: number
  readonly barsAccepted: number
  /** Every issue up to a cap, in line order. */
  readonly issues: readonly IngestIssue[]
  /** Exact counts, even past the cap. */
  readonly issueCounts: Readonly<Partial<Record<IngestIssueCode, number>>>
  readonly issuesTruncated: boolean
  readonly gaps: GapSummary
  readonly firstOpenTime: number | null
  readonly lastOpenTime: number | null
  /** Sentences about choices the reader made that are not issues (volume absent, file reversed…). */
  readonly notes: readonly string[]
}

export interface CsvWriteOptions {
  /** `iso` (default): `2024-01-02T09:30:00.000Z`; `epoch-ms`; `date`: `2024-01-02`, only for bars opening at 00:00 UTC. */
  readonly timeFormat?: 'iso' | 'epoch-ms' | 'date'
  /** Decimals for prices and volume; default: the shortest text that reads back to the same double. */
  readonly precision?: number
}

export type { GapCalendar }
