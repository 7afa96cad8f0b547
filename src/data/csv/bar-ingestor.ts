/**
 * Applies the rules to each row the scanner reads, in this order, stopping at the first that
 * drops the row: field count, timestamp, each number (open, high, low, close, volume), value
 * rules, place in time (duplicate, late), then the high/low envelope (fixable). Under `strict` the
 * first error throws; under `repair` every drop and fix is logged with its line. Accepted bars go
 * to the builder, if there is one (`validateBarsCsv` has none and keeps O(chunk) memory).
 *
 * Late rows are kept aside with their values; `resolveLate` decides their fate after the
 * `LateResolver` pass.
 */
import { MS_PER_DAY, formatIso } from '../../domain/time.ts'
import type { BarSeriesBuilder } from '../bar-series-builder.ts'
import { isWeekend } from '../../domain/civil.ts'
import { ROLE_CLOSE, ROLE_HIGH, ROLE_LOW, ROLE_OPEN, ROLE_TIME, ROLE_TIME_OF_DAY, ROLE_VOLUME } from './header.ts'
import { IssueLog, rowIssue } from './issues.ts'
import { FIELD_IMPLAUSIBLE, FIELD_MISSING, FIELD_OK, type RowScanner } from './row-scanner.ts'
import type { CsvLayout } from './sniff.ts'
import { implausibleTimeMessage } from './time-spec.ts'
import { type LateRow, PLACE_DUPLICATE, PLACE_LATE, Timeline } from './timeline.ts'
import type { IngestIssueCode, ValidationPolicy } from './types.ts'
import { HIGH_BELOW_BODY, LOW_ABOVE_BODY, envelopeProblems, highBelowBodyMessage, lowAboveBodyMessage, valueProblem } from '../bar-rules.ts'

const ROLE_NAMES = ['time', 'open', 'high', 'low', 'close', 'volume', 'time of day'] as const
const NUMBER_ROLES = [ROLE_OPEN, ROLE_HIGH, ROLE_LOW, ROLE_CLOSE, ROLE_VOLUME] as const

/** The row's timestamp if it belongs on the timeline (right field count, parsable time), else NaN. */
export function timelineTime(scanner: RowScanner, fieldCount: number): number {
  if (scanner.unterminated || scanner.fieldCount !== fieldCount) return NaN
  const status = scanner.status
  if (status[ROLE_TIME] !== FIELD_OK || status[ROLE_TIME_OF_DAY] !== FIELD_OK) return NaN
  return scanner.values[ROLE_TIME]! + scanner.values[ROLE_TIME_OF_DAY]!
}

export class BarIngestor {
  readonly log = new IssueLog()
  readonly timeline: Timeline
  barsAccepted = 0
  firstTime = Infinity
  lastTime = -Infinity
  sawWeekend = false
  readonly #file: string
  readonly #policy: ValidationPolicy
  readonly #layout: CsvLayout
  readonly #scanner: RowScanner
  readonly #builder: BarSeriesBuilder | null
  readonly #direction: 1 | -1
  readonly #intervalMs: number
  readonly #fieldCount: number
  #lastDay = NaN
  /** Whether the row holding the largest time so far was kept. */
  #maxAlive = true

  constructor(file: string, policy: ValidationPolicy, layout: CsvLayout, scanner: RowScanner, builder: BarSeriesBuilder | null) {
    this.#file = file
    this.#policy = policy
    this.#layout = layout
    this.#scanner = scanner
    this.#builder = builder
    this.#direction = layout.order === 'descending' ? -1 : 1
    this.#intervalMs = layout.interval.ms
    this.#fieldCount = layout.plan.fieldCount
    this.timeline = new Timeline(this.#intervalMs, this.#direction)
  }

  row(line: number): void {
    const scanner = this.#scanner
    const t = timelineTime(scanner, this.#fieldCount)
    if (t !== t) {
      this.#unplaced(line)
      return
    }
    const day = Math.floor(t / MS_PER_DAY)
    if (day !== this.#lastDay) {
      this.#lastDay = day
      if (isWeekend(t)) this.sawWeekend = true
    }
    const values = scanner.values
    const alive = this.#valuesHold(line)
    const key = this.#direction * t
    const timeline = this.timeline
    const afterKey = timeline.maxKey
    const afterLine = timeline.maxLine
    const place = timeline.place(key, line)
    if (place === PLACE_LATE) {
      timeline.late.push({
        key,
        line,
        alive,
        afterKey,
        afterLine,
        open: values[ROLE_OPEN]!,
        high: values[ROLE_HIGH]!,
        low: values[ROLE_LOW]!,
        close: values[ROLE_CLOSE]!,
        volume: values[ROLE_VOLUME]!,
        owner: false,
        ownerLine: 0,
      })
      if (alive && this.#policy === 'strict') {
        this.#issue(line, 'out-of-order', ROLE_TIME, this.#outOfOrderMessage(t, afterKey, afterLine), 'reordered')
      }
      return
    }
    if (place !== PLACE_DUPLICATE) this.#maxAlive = alive
    if (!alive) return
    if (place === PLACE_DUPLICATE) {
      const first = this.#maxAlive ? `first on line ${afterLine}` : `first on line ${afterLine}, which was dropped`
      this.#issue(line, 'duplicate-time', ROLE_TIME, `${this.#formatTime(t)} appears again (${first})`, 'dropped-row')
      return
    }
    let high = values[ROLE_HIGH]!
    let low = values[ROLE_LOW]!
    const open = values[ROLE_OPEN]!
    const close = values[ROLE_CLOSE]!
    const envelope = envelopeProblems(open, high, low, close)
    if (envelope !== 0) [high, low] = this.#fixEnvelope(line, envelope, open, high, low, close, this.log)
    this.#accept(t, key, open, high, low, close, values[ROLE_VOLUME]!)
  }

  /**
   * After `LateResolver`: late rows that own their time are moved into place (and their envelope
   * fixed), the others are duplicates. Returns the accepted ones, sorted by key, and logs their
   * issues in `log` (separate from the in-order issues, merged by line later).
   */
  resolveLate(log: IssueLog): LateRow[] {
    const accepted: LateRow[] = []
    for (const row of [...this.timeline.late].sort((a, b) => a.line - b.line)) {
      if (!row.alive) continue
      const t = this.#direction * row.key
      if (!row.owner) {
        this.#issue(row.line, 'duplicate-time', ROLE_TIME, `${this.#formatTime(t)} appears again (first on line ${row.ownerLine})`, 'dropped-row', log)
        continue
      }
      this.#issue(row.line, 'out-of-order', ROLE_TIME, `${this.#outOfOrderMessage(t, row.afterKey, row.afterLine)}; moved into time order`, 'reordered', log)
      const envelope = envelopeProblems(row.open, row.high, row.low, row.close)
      if (envelope !== 0) [row.high, row.low] = this.#fixEnvelope(row.line, envelope, row.open, row.high, row.low, row.close, log)
      this.#count(t)
      accepted.push(row)
    }
    return accepted.sort((a, b) => a.key - b.key)
  }

  #accept(t: number, key: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.#count(t)
    this.#builder?.push(key, key + this.#intervalMs, open, high, low, close, volume)
  }

  #count(t: number): void {
    this.barsAccepted++
    if (t < this.firstTime) this.firstTime = t
    if (t > this.lastTime) this.lastTime = t
  }

  /** Numbers parse and obey the value rules; otherwise logs why and returns false. */
  #valuesHold(line: number): boolean {
    const status = this.#scanner.status
    for (const role of NUMBER_ROLES) {
      if (status[role] === FIELD_OK) continue
      const text = this.#scanner.texts[role]!
      if (status[role] === FIELD_MISSING) this.#issue(line, 'missing-value', role, `${ROLE_NAMES[role]} has no value (${JSON.stringify(text)})`, 'dropped-row')
      else this.#issue(line, 'unparsable-number', role, `${ROLE_NAMES[role]} ${JSON.stringify(text)} is not a number`, 'dropped-row')
      return false
    }
    const problem = valueProblem(this.#scanner.values)
    if (problem === null) return true
    this.#issue(line, problem.code, problem.role, problem.message, 'dropped-row')
    return false
  }

  /** A row with no place on the timeline: wrong field count, an unclosed quote, or no timestamp. */
  #unplaced(line: number): void {
    const scanner = this.#scanner
    if (scanner.unterminated) {
      this.#issue(line, 'unterminated-quote', -1, 'a quoted field is not closed before the end of the file', 'dropped-row')
      return
    }
    if (scanner.fieldCount !== this.#fieldCount) {
      this.#issue(line, 'wrong-field-count', -1, `expected ${this.#fieldCount} fields, found ${scanner.fieldCount}`, 'dropped-row')
      return
    }
    const role = scanner.status[ROLE_TIME] !== FIELD_OK ? ROLE_TIME : ROLE_TIME_OF_DAY
    const text = scanner.texts[role]!
    const spec = this.#layout.time.spec
    if (scanner.status[role] === FIELD_IMPLAUSIBLE && spec.kind === 'epoch') this.#issue(line, 'implausible-time', role, implausibleTimeMessage(text, spec.unit), 'dropped-row')
    else if (scanner.status[role] === FIELD_MISSING) this.#issue(line, 'missing-value', role, `${ROLE_NAMES[role]} has no value (${JSON.stringify(text)})`, 'dropped-row')
    else this.#issue(line, 'unparsable-time', role, `${JSON.stringify(text)} is not a timestamp in the format ${this.#layout.timeFormat}`, 'dropped-row')
  }

  #fixEnvelope(line: number, envelope: number, open: number, high: number, low: number, close: number, log: IssueLog): [number, number] {
    const top = open > close ? open : close
    const bottom = open < close ? open : close
    if ((envelope & HIGH_BELOW_BODY) !== 0) this.#issue(line, 'high-below-body', ROLE_HIGH, `${highBelowBodyMessage(high, top)}; raised to ${top}`, 'fixed', log)
    if ((envelope & LOW_ABOVE_BODY) !== 0) this.#issue(line, 'low-above-body', ROLE_LOW, `${lowAboveBodyMessage(low, bottom)}; lowered to ${bottom}`, 'fixed', log)
    return [(envelope & HIGH_BELOW_BODY) !== 0 ? top : high, (envelope & LOW_ABOVE_BODY) !== 0 ? bottom : low]
  }

  #outOfOrderMessage(t: number, afterKey: number, afterLine: number): string {
    const before = this.#direction * afterKey
    const order = this.#direction > 0 ? 'ascending' : 'descending'
    return `${this.#formatTime(t)} is out of order: it follows ${this.#formatTime(before)} (line ${afterLine}) in a file in ${order} order`
  }

  #issue(line: number, code: IngestIssueCode, role: number, message: string, action: 'dropped-row' | 'fixed' | 'reordered', log = this.log): void {
    // Under strict the message stands alone (the action did not happen): cut the "; raised to …" part.
    const text = this.#policy === 'strict' ? message.replace(/; (raised|lowered|moved) .*$/, '') : message
    rowIssue(log, this.#file, this.#policy, line, code, this.#fieldName(role), text, action)
  }

  #fieldName(role: number): string | undefined {
    if (role < 0) return undefined
    const column = this.#layout.plan.columnOfRole[role]!
    return this.#layout.plan.fieldNames[column]
  }

  #formatTime(t: number): string {
    return this.#layout.dateOnly ? formatIso(t).slice(0, 10) : formatIso(t)
  }
}
