/**
 * The public shapes of wide files — one time column and one close column per symbol
 * (`Date,IBM,AAPL,…`), read as a universe of close-only series. Issues are the CSV reader's
 * (`IngestIssue`), so one formatter serves both; the rules are in docs/data-ingestion.md.
 */
import type { Interval } from '../../domain/time.ts'
import type { BarSeries } from '../bar-series.ts'
import type { GapCalendar } from '../gaps.ts'
import type {
  CsvDelimiter,
  GapSummary,
  IngestIssue,
  IngestIssueCode,
  ValidationPolicy,
} from '../csv/types.ts'

export interface UniverseReadOptions {
  /** `strict` (default): the first error throws. `repair`: drop bad cells and rows, and report. */
  readonly policy?: ValidationPolicy
  /** Default: detected from the first lines. */
  readonly delimiter?: CsvDelimiter
  /** Header name (case-insensitive) or 1-based number of the time column; default the first column. */
  readonly timeColumn?: string
  /** As for bar files: a pattern such as `DD/MM/YYYY`, or `iso-8601`, `epoch-ms`…; default detected. */
  readonly dateFormat?: string
  /** Default: inferred, the most common step between the sampled rows. */
  readonly interval?: Interval
  /** Trading calendar for gaps; `auto` (default) infers it from the rows, as for bar files. */
  readonly calendar?: GapCalendar | 'auto'
  /** Called once per chunk read. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void
  /** Bytes per read (default 1 MiB); tests use tiny values to exercise chunk boundaries. */
  readonly chunkBytes?: number
}

/** One symbol of the universe: its closes, as bars whose open, high, low and close are the close. */
export interface UniverseMember {
  readonly symbol: string
  /** Bars on the rows where the symbol has a valid close; volume 0. May be empty. */
  readonly series: BarSeries
}

export interface SymbolReport {
  readonly symbol: string
  /** 1-based column in the file. */
  readonly column: number
  /** Valid closes read (bars in its series). */
  readonly values: number
  /** Open times of its first and last non-empty cell; null when the column is empty. */
  readonly firstOpenTime: number | null
  readonly lastOpenTime: number | null
  /** Its first value comes after the file's first row: listed later (empty cells before are not gaps). */
  readonly listedLate: boolean
  /** Its last value comes before the file's last row: delisted, or no longer in the data. */
  readonly delistedEarly: boolean
  /** Runs of empty cells between its first and last value, on trading days of the calendar. */
  readonly gaps: GapSummary
  /** Error-severity issues in its column (cells dropped, or fatal under strict). */
  readonly problems: number
}

export interface UniverseReport {
  readonly file: string
  readonly delimiter: CsvDelimiter
  readonly decimalSeparator: '.' | ','
  /** The time column's header name. */
  readonly timeColumn: string
  readonly timeFormat: string
  readonly dateOnly: boolean
  readonly interval: Interval
  /** The calendar gaps were counted against (`auto` resolved). */
  readonly calendar: GapCalendar
  readonly order: 'ascending' | 'descending'
  /** Data rows in the file (blank lines are not rows). */
  readonly rowsRead: number
  /** Rows with a place in time (not dropped). */
  readonly rowsAccepted: number
  readonly firstOpenTime: number | null
  readonly lastOpenTime: number | null
  /** Rows missing from the file as a whole (every symbol lacks them), on the calendar. */
  readonly gaps: GapSummary
  readonly symbols: readonly SymbolReport[]
  /** Every issue up to a cap, in line order: rows, cells, the file's gaps and each symbol's gaps. */
  readonly issues: readonly IngestIssue[]
  readonly issueCounts: Readonly<Partial<Record<IngestIssueCode, number>>>
  readonly issuesTruncated: boolean
  readonly notes: readonly string[]
}
