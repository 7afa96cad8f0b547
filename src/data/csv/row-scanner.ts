/**
 * Turns regions of bytes into rows of numbers. The fast path walks each line once: every field
 * the column plan wants is parsed in place from bytes (`parseDecimalAt`, `parseTimeAt`) and the
 * rest are skipped to the next delimiter, so no string is made for a well-formed row. A field the
 * fast parsers do not take whole (`1,234.5`, `null`, junk) is cut out as text and given to the
 * text parsers. A row with a quote anywhere goes to the slow path: it is cut out (across line ends
 * when a quoted field holds one), split by `splitRecords` and parsed as text.
 *
 * Blank lines are skipped; they are not rows. The scanner reports every other record to `onRow`
 * with its first line number; the values, the per-field status and the field count are in the
 * scanner's public buffers until the next call.
 */
import { splitRecords } from './dialect.ts'
import { ROLE_TIME, ROLE_TIME_OF_DAY, ROLE_VOLUME } from './header.ts'
import { parseTimeOfDayAt, timeScan } from './iso-time.ts'
import { numberScan, parseDecimalAt, parseNumberText } from './number-bytes.ts'
import type { CsvLayout } from './sniff.ts'
import { type TimeSpec, parseTimeAt, parseTimeOfDayText, parseTimeText, plausibleTimeRange, timeFieldScan } from './time-spec.ts'

export const FIELD_OK = 0
export const FIELD_INVALID = 1
export const FIELD_MISSING = 2
/** A number in an epoch time column that is not a plausible time in the file's unit (see time-spec.ts). */
export const FIELD_IMPLAUSIBLE = 3

const QUOTE = 34
const CR = 13
const LF = 10
const SPACE = 32

const MISSING_TIME = new Set(['', 'null', 'na', 'n/a', '-'])
/** A number as an epoch column writes one; when it is not a plausible time it is `implausible-time`, not unparsable. */
const EPOCH_NUMBER = /^\s*-?\d+(\.\d+)?\s*$/

export class RowScanner {
  /** Parsed value of each role (`ROLE_*` index); volume and time of day are 0 when the file has none. */
  readonly values = new Float64Array(7)
  /** `FIELD_*` of each role. */
  readonly status = new Uint8Array(7)
  /** The text of fields whose status is not OK, for messages. */
  readonly texts: string[] = ['', '', '', '', '', '', '']
  /** Fields in the current row. */
  fieldCount = 0
  /** The current row ended inside a quoted field, at the end of the file. */
  unterminated = false
  /** Data rows seen (blank lines and the header excluded). */
  rows = 0
  /** The next physical line number. */
  #line = 1
  /** Lines above the header still to skip (comments and blank lines, see preamble.ts). */
  #skipLines: number
  #headerPending: boolean
  readonly #delimiter: number
  readonly #delimiterChar: string
  readonly #lineEnd: number
  readonly #decimal: number
  readonly #roles: Int8Array
  readonly #spec: TimeSpec
  /** Plausible timestamps are in [#timeFrom, #timeUntil): the epoch window, or everything. */
  readonly #timeFrom: number
  readonly #timeUntil: number
  readonly #onRow: (line: number) => void

  constructor(layout: CsvLayout, onRow: (line: number) => void) {
    this.#delimiterChar = layout.delimiter
    this.#delimiter = layout.delimiter.charCodeAt(0)
    this.#lineEnd = layout.lineEnd
    this.#decimal = layout.decimal
    this.#roles = layout.plan.roleOfColumn
    this.#spec = layout.time.spec
    ;[this.#timeFrom, this.#timeUntil] = plausibleTimeRange(layout.time.spec)
    this.#skipLines = layout.skipLines
    this.#headerPending = layout.hasHeader
    this.#onRow = onRow
  }

  /** Reads the rows in `buf[start, end)`; see `RegionConsumer`. */
  scan(buf: Buffer, start: number, end: number, final: boolean): number {
    const delimiter = this.#delimiter
    const lineEnd = this.#lineEnd
    const crlf = lineEnd === LF
    const roles = this.#roles
    const columns = roles.length
    const decimal = this.#decimal
    const spec = this.#spec
    const timeFrom = this.#timeFrom
    const timeUntil = this.#timeUntil
    const values = this.values
    const status = this.status
    let pos = start
    while (pos < end) {
      if (this.#skipLines > 0) {
        // A region ends just after a line end, so the line is whole; a comment's quotes mean nothing.
        pos = buf.indexOf(lineEnd, pos) + 1
        this.#skipLines--
        this.#line++
        continue
      }
      const first = buf[pos]
      if (first === lineEnd) {
        this.#line++
        pos++
        continue
      }
      if (first === CR && crlf && buf[pos + 1] === LF) {
        this.#line++
        pos += 2
        continue
      }
      if (this.#headerPending) {
        const after = this.#recordEnd(buf, pos, end, final)
        if (after < 0) return pos
        this.#line += countByte(buf, pos, after, lineEnd)
        this.#headerPending = false
        pos = after
        continue
      }
      const rowStart = pos
      status[0] = status[1] = status[2] = status[3] = status[4] = status[5] = status[6] = FIELD_OK
      values[ROLE_VOLUME] = 0
      values[ROLE_TIME_OF_DAY] = 0
      let column = 0
      let slow = false
      for (;;) {
        const role = column < columns ? roles[column]! : -1
        if (role < 0) {
          let c = buf[pos]!
          while (c !== delimiter && c !== lineEnd && !(c === CR && crlf && buf[pos + 1] === LF)) {
            if (c === QUOTE) {
              slow = true
              break
            }
            c = buf[++pos]!
          }
          if (slow) break
        } else {
          if (buf[pos] === QUOTE) {
            slow = true
            break
          }
          let value: number
          let stop: number
          if (role === ROLE_TIME) {
            value = parseTimeAt(spec, buf, pos)
            stop = timeFieldScan.end
            // Out of range goes to the text path, which says why.
            if (!(value >= timeFrom && value < timeUntil)) value = NaN
          } else if (role === ROLE_TIME_OF_DAY) {
            value = parseTimeOfDayAt(buf, pos)
            stop = timeScan.end
          } else {
            value = parseDecimalAt(buf, pos, decimal)
            stop = numberScan.end
          }
          let taken = false
          if (value === value) {
            while (buf[stop] === SPACE) stop++
            const c = buf[stop]
            if (c === delimiter || c === lineEnd || (c === CR && crlf && buf[stop + 1] === LF)) {
              values[role] = value
              pos = stop
              taken = true
            }
          }
          if (!taken) {
            let q = pos
            let c = buf[q]!
            while (c !== delimiter && c !== lineEnd && !(c === CR && crlf && buf[q + 1] === LF)) {
              if (c === QUOTE) {
                slow = true
                break
              }
              c = buf[++q]!
            }
            if (slow) break
            this.#parseText(role, buf.toString('utf8', pos, q))
            pos = q
          }
        }
        const c = buf[pos]
        if (c === delimiter) {
          column++
          pos++
          continue
        }
        pos += c === CR && crlf ? 2 : 1
        break
      }
      const line = this.#line
      if (slow) {
        const after = this.#slowRow(buf, rowStart, end, final)
        if (after < 0) return rowStart
        this.#line += countByte(buf, rowStart, after, lineEnd)
        pos = after
      } else {
        this.fieldCount = column + 1
        this.unterminated = false
        this.#line++
      }
      this.rows++
      this.#onRow(line)
    }
    return pos
  }

  /**
   * Index just after the record starting at `pos`, or -1 if it runs past `end` and more bytes
   * will come. Quotes follow `splitRecords`: they open only at the start of a field, and `""`
   * inside quotes is a quote (two toggles, same state).
   */
  #recordEnd(buf: Buffer, pos: number, end: number, final: boolean): number {
    const delimiter = this.#delimiter
    let quoted = false
    let fieldStart = true
    for (let q = pos; q < end; q++) {
      const c = buf[q]
      if (quoted) {
        if (c === QUOTE) quoted = false
      } else if (c === QUOTE && fieldStart) {
        quoted = true
        fieldStart = false
      } else if (c === this.#lineEnd) return q + 1
      else fieldStart = c === delimiter
    }
    return final ? end : -1
  }

  #slowRow(buf: Buffer, start: number, end: number, final: boolean): number {
    const after = this.#recordEnd(buf, start, end, final)
    if (after < 0) return -1
    const status = this.status
    status[0] = status[1] = status[2] = status[3] = status[4] = status[5] = status[6] = FIELD_OK
    const [record] = splitRecords(buf.toString('utf8', start, after), this.#delimiterChar)
    const fields = record?.fields ?? ['']
    this.unterminated = record?.unterminated ?? false
    this.fieldCount = fields.length
    const roles = this.#roles
    for (let column = 0; column < roles.length && column < fields.length; column++) {
      const role = roles[column]!
      if (role >= 0) this.#parseText(role, fields[column]!)
    }
    return after
  }

  #parseText(role: number, text: string): void {
    if (role === ROLE_TIME || role === ROLE_TIME_OF_DAY) {
      const t = role === ROLE_TIME ? parseTimeText(this.#spec, text) : parseTimeOfDayText(text)
      if (role === ROLE_TIME && this.#spec.kind === 'epoch' && EPOCH_NUMBER.test(text) && !(t >= this.#timeFrom && t < this.#timeUntil)) {
        this.status[role] = FIELD_IMPLAUSIBLE
        this.texts[role] = text
      } else if (Number.isNaN(t)) {
        this.status[role] = MISSING_TIME.has(text.trim().toLowerCase()) ? FIELD_MISSING : FIELD_INVALID
        this.texts[role] = text
      } else this.values[role] = t
      return
    }
    const result = parseNumberText(text, this.#decimal)
    if (result.kind === 'number') this.values[role] = result.value
    else {
      this.status[role] = result.kind === 'missing' ? FIELD_MISSING : FIELD_INVALID
      this.texts[role] = text
    }
  }
}

function countByte(buf: Buffer, from: number, to: number, byte: number): number {
  let n = 0
  for (let i = from; i < to; i++) if (buf[i] === byte) n++
  return n
}
