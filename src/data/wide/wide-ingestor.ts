/**
 * Applies the rules to each record of a wide file, in file order, and keeps what passes in a
 * row-major table of cells. A row is checked for its field count (and an unclosed quote), its
 * timestamp, and its place in time — a later row repeating a time is a `duplicate-time`, a row
 * earlier than one before it is `out-of-order` — and any of these drops the whole row. Then each
 * symbol's cell: empty (`''`, `NA`, `null`, `#N/A`, `-`…) is no value, which is not a problem by
 * itself; text that is not a number (`unparsable-number`), a non-finite or a negative close is a
 * problem that drops that cell only (`dropped-cell`) under `repair`, and throws under `strict`.
 *
 * Cells are kept as one `Float64Array`, row after row: a close, `NaN` for an empty cell, or
 * `DROPPED` (-1: closes are never negative) for a cell dropped for its value, which still shows
 * the symbol was quoted that day. Eight bytes a cell; a universe is held in memory anyway.
 */
import { formatIso } from '../../domain/time.ts'
import { IssueLog, rowIssue } from '../csv/issues.ts'
import { parseNumberText } from '../csv/number-bytes.ts'
import { parseTimeText } from '../csv/time-spec.ts'
import type { IngestAction, IngestIssueCode, ValidationPolicy } from '../csv/types.ts'
import { type WideLayout, columnName } from './wide-layout.ts'

/** A cell dropped for its value. */
export const DROPPED = -1

export class WideIngestor {
  readonly log = new IssueLog()
  /** Open time and line of each kept row, in file order. */
  times: Float64Array
  lines: Float64Array
  /** `rows × symbols` cells, row-major. */
  cells: Float64Array
  rows = 0
  /** Data records seen (not the header, not blank lines). */
  rowsRead = 0
  /** Per symbol, error-severity issues in its column. */
  readonly problems: number[]
  readonly #file: string
  readonly #policy: ValidationPolicy
  readonly #layout: WideLayout
  readonly #direction: 1 | -1
  /** Line owning each time seen, for duplicates. */
  readonly #owner = new Map<number, number>()
  #maxKey = -Infinity
  #maxLine = 0

  constructor(file: string, policy: ValidationPolicy, layout: WideLayout, estimatedRows: number) {
    this.#file = file
    this.#policy = policy
    this.#layout = layout
    this.#direction = layout.order === 'descending' ? -1 : 1
    const capacity = Math.max(16, estimatedRows)
    this.times = new Float64Array(capacity)
    this.lines = new Float64Array(capacity)
    this.cells = new Float64Array(capacity * layout.symbols.length)
    this.problems = layout.symbols.map(() => 0)
  }

  record(fields: readonly string[], line: number, unterminated: boolean): void {
    this.rowsRead++
    const layout = this.#layout
    const timeName = this.#fieldName(layout.timeColumn)
    if (unterminated) {
      this.#issue(line, 'unterminated-quote', undefined, 'a quoted field is not closed before the end of the file', 'dropped-row')
      return
    }
    if (fields.length !== layout.header.length) {
      this.#issue(line, 'wrong-field-count', undefined, `expected ${layout.header.length} fields, found ${fields.length}`, 'dropped-row')
      return
    }
    const timeText = fields[layout.timeColumn]!
    if (parseNumberText(timeText, layout.decimal).kind === 'missing') {
      this.#issue(line, 'missing-value', timeName, `time has no value (${JSON.stringify(timeText)})`, 'dropped-row')
      return
    }
    const t = parseTimeText(layout.time.spec, timeText)
    if (Number.isNaN(t)) {
      this.#issue(line, 'unparsable-time', timeName, `${JSON.stringify(timeText)} is not a timestamp in the format ${layout.time.label}`, 'dropped-row')
      return
    }
    const owner = this.#owner.get(t)
    if (owner !== undefined) {
      this.#issue(line, 'duplicate-time', timeName, `${this.formatTime(t)} appears again (first on line ${owner})`, 'dropped-row')
      return
    }
    const key = this.#direction * t
    if (key < this.#maxKey) {
      const order = this.#direction > 0 ? 'ascending' : 'descending'
      const before = this.formatTime(this.#direction * this.#maxKey)
      this.#issue(line, 'out-of-order', timeName, `${this.formatTime(t)} is out of order: it follows ${before} (line ${this.#maxLine}) in a file in ${order} order; moved into time order`, 'reordered')
    } else {
      this.#maxKey = key
      this.#maxLine = line
    }
    this.#owner.set(t, line)
    this.#keep(t, line, fields)
  }

  #keep(t: number, line: number, fields: readonly string[]): void {
    const symbols = this.#layout.symbolColumns
    if (this.rows === this.times.length) this.#grow()
    const row = this.rows++
    this.times[row] = t
    this.lines[row] = line
    const base = row * symbols.length
    for (let j = 0; j < symbols.length; j++) this.cells[base + j] = this.#cell(fields[symbols[j]!]!, line, j)
  }

  /** The cell's close, NaN when empty, or `DROPPED` after logging why. */
  #cell(text: string, line: number, symbol: number): number {
    const parsed = parseNumberText(text, this.#layout.decimal)
    if (parsed.kind === 'missing') return NaN
    const name = this.#layout.symbols[symbol]!
    let code: IngestIssueCode
    let message: string
    if (parsed.kind === 'invalid') {
      code = 'unparsable-number'
      message = `${JSON.stringify(text.trim())} is not a number`
    } else if (!Number.isFinite(parsed.value)) {
      code = 'non-finite-price'
      message = `close ${parsed.value} is not finite`
    } else if (parsed.value < 0) {
      code = 'negative-price'
      message = `close ${parsed.value} is negative`
    } else return parsed.value
    this.problems[symbol]!++
    this.#issue(line, code, name, message, 'dropped-cell')
    return DROPPED
  }

  #grow(): void {
    const grow = (from: Float64Array, size: number): Float64Array => {
      const next = new Float64Array(size)
      next.set(from)
      return next
    }
    const capacity = this.times.length * 2
    this.times = grow(this.times, capacity)
    this.lines = grow(this.lines, capacity)
    this.cells = grow(this.cells, capacity * this.#layout.symbols.length)
  }

  #fieldName(column: number): string {
    return columnName(this.#layout.header, column)
  }

  formatTime(t: number): string {
    return this.#layout.time.dateOnly ? formatIso(t).slice(0, 10) : formatIso(t)
  }

  #issue(line: number, code: IngestIssueCode, field: string | undefined, message: string, action: IngestAction): void {
    // Under strict the message stands alone (the action did not happen).
    const text = this.#policy === 'strict' ? message.replace(/; moved .*$/, '') : message
    rowIssue(this.log, this.#file, this.#policy, line, code, field, text, action)
  }
}
