/**
 * Issues found while reading a file: kept in line order up to a cap, counted exactly past it, and
 * under the strict policy turned into a `TradePulseError` that names file, line and field.
 */
import { type ErrorCode, TradePulseError } from '../../domain/errors.ts'
import type { IngestAction, IngestIssue, IngestIssueCode, ValidationPolicy } from './types.ts'

export const ISSUE_CAP = 10_000

const ERROR_CODE_OF: Readonly<Record<IngestIssueCode, ErrorCode>> = {
  'wrong-field-count': 'DATA_CSV_PARSE',
  'unterminated-quote': 'DATA_CSV_PARSE',
  'unparsable-time': 'DATA_CSV_PARSE',
  'implausible-time': 'DATA_CSV_PARSE',
  'unparsable-number': 'DATA_CSV_PARSE',
  'missing-value': 'DATA_CSV_PARSE',
  'non-finite-price': 'DATA_INVALID_BAR',
  'negative-price': 'DATA_INVALID_BAR',
  'non-finite-volume': 'DATA_INVALID_BAR',
  'negative-volume': 'DATA_INVALID_BAR',
  'high-below-body': 'DATA_INVALID_BAR',
  'low-above-body': 'DATA_INVALID_BAR',
  'duplicate-time': 'DATA_TIME_ORDER',
  'out-of-order': 'DATA_TIME_ORDER',
  gap: 'DATA_TIME_ORDER',
}

/** The catalogue code a strict read fails with for an issue of this kind. */
export function errorCodeOf(code: IngestIssueCode): ErrorCode {
  return ERROR_CODE_OF[code]
}

export function issueError(file: string, issue: IngestIssue): TradePulseError {
  return new TradePulseError(errorCodeOf(issue.code), issue.message, {
    file,
    line: issue.line,
    ...(issue.field === undefined ? {} : { field: issue.field }),
  })
}

/** A list of issues in line order, capped, with exact counts by code. */
export class IssueLog {
  readonly issues: IngestIssue[] = []
  readonly counts: Partial<Record<IngestIssueCode, number>> = {}
  #total = 0

  get total(): number {
    return this.#total
  }

  add(issue: IngestIssue): void {
    this.#total++
    this.counts[issue.code] = (this.counts[issue.code] ?? 0) + 1
    if (this.issues.length < ISSUE_CAP) this.issues.push(issue)
  }
}

/**
 * Records an error-severity issue of a row: under `strict` it throws at once; under `repair` it
 * is logged with the action taken.
 */
export function rowIssue(
  log: IssueLog,
  file: string,
  policy: ValidationPolicy,
  line: number,
  code: IngestIssueCode,
  field: string | undefined,
  message: string,
  action: IngestAction,
): void {
  const issue: IngestIssue = {
    line,
    ...(field === undefined ? {} : { field }),
    code,
    severity: 'error',
    message,
    action: policy === 'strict' ? 'none' : action,
  }
  if (policy === 'strict') throw issueError(file, issue)
  log.add(issue)
}

/** Merges issue lists that are each in line order into one, in line order (stable), up to the cap. */
export function mergeByLine(lists: readonly (readonly IngestIssue[])[]): IngestIssue[] {
  const all = lists.flat()
  // Array.prototype.sort is stable: issues of one line keep the order of their lists.
  all.sort((a, b) => a.line - b.line)
  return all.slice(0, ISSUE_CAP)
}
