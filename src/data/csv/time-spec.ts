/**
 * How a file writes its timestamps, decided once from a sample of the first rows, then applied to
 * every row from bytes.
 *
 * Detection, in order (the first kind that reads at least half of the sample wins):
 * 1. ISO 8601 (`iso-8601`);
 * 2. plain integers, read the way that makes the most of them plausible: compact dates
 *    (`YYYYMMDD`, `YYYYMMDDHHmm`, `YYYYMMDDHHmmss`, years 1900–2199) or epoch time in seconds,
 *    milliseconds, microseconds or nanoseconds, plausible from 1971-01-01 to 2200-01-01. These
 *    ranges do not overlap (each epoch window spans a factor of 230, less than the 1000 between
 *    units, and compact dates read as epoch times fall in 1970 or after 2200), so a value in
 *    another unit than the file's is caught, row by row, as `implausible-time`. The one overlap,
 *    twelve digits that are also milliseconds in 1976, goes to the date;
 * 3. common vendor patterns (`DD/MM/YYYY`, `MM/DD/YYYY HH:mm`, `DD.MM.YYYY`, `DD-MMM-YYYY`,
 *    `DD-MMM-YY`, `MM/DD/YY`, `YYYYMMDD HHmmss`…), chosen on the first thousand values. If two
 *    patterns read them equally well but disagree (`03/04/2024` could be March or April), the rest
 *    of the sample is asked; if it cannot tell either, that is an error asking for `dateFormat`
 *    that names both readings: we never guess.
 */
import { type ErrorLocation, TradePulseError } from '../../domain/errors.ts'
import { type DatePattern, compileDatePattern, parseDatePatternAt, patternScan } from './date-format.ts'
import { parseIsoAt, parseTimeOfDayAt, timeScan } from './iso-time.ts'
import { suggestDateFormat } from './date-format-suggestion.ts'
import { formatIso } from '../../domain/time.ts'

export type EpochUnit = 's' | 'ms' | 'us' | 'ns'

export type TimeSpec =
  | { readonly kind: 'iso' }
  | { readonly kind: 'epoch'; readonly unit: EpochUnit }
  | { readonly kind: 'pattern'; readonly pattern: DatePattern }

export interface TimeDetection {
  readonly spec: TimeSpec
  /** For the report: `iso-8601`, `epoch-ms`, or the pattern text. */
  readonly label: string
  /** No value in the sample had a time of day. */
  readonly dateOnly: boolean
}

/**
 * Epoch times are plausible from 1971-01-01 (inclusive) to 2200-01-01 (exclusive), UTC. The window
 * starts after 1970 so that a value in a finer unit than the file's (seconds in a millisecond file
 * land in the first weeks of 1970) falls outside it; it spans less than a factor of 1000 so a value
 * in a coarser unit does too (milliseconds read as seconds land after the year 30000).
 */
export const EPOCH_PLAUSIBLE_FROM_MS = Date.UTC(1971, 0, 1)
export const EPOCH_PLAUSIBLE_UNTIL_MS = Date.UTC(2200, 0, 1)
const EPOCH_UNITS: readonly EpochUnit[] = ['s', 'ms', 'us', 'ns']
const EPOCH_UNIT_NAMES = 'seconds, milliseconds, microseconds or nanoseconds'
/** Compact dates are read from integers only with a year in [1900, 2200). */
const COMPACT_YEARS = [1900, 2200] as const

/** Where the last `parseTimeAt` stopped and whether the value had a time of day. */
export const timeFieldScan = { end: 0, hasTime: false }

const MAX_TIME = 8.64e15

/** Sub-millisecond digits an epoch value carries in each unit. */
const EPOCH_DROP: Readonly<Record<EpochUnit, number>> = { s: 0, ms: 0, us: 3, ns: 6 }

/** UTC milliseconds of an epoch number at `pos`: integer part, optional fraction, truncated to the millisecond. */
export function parseEpochAt(buf: Uint8Array, pos: number, unit: EpochUnit): number {
  let i = pos
  while (buf[i] === 32) i++
  let negative = false
  if (buf[i] === 45) {
    negative = true
    i++
  }
  const start = i
  while (buf[i]! >= 48 && buf[i]! <= 57) i++
  const digitsEnd = i
  if (digitsEnd === start) return NaN
  const keep = digitsEnd - EPOCH_DROP[unit]
  let whole = 0
  for (let j = start; j < keep; j++) whole = whole * 10 + (buf[j]! - 48)
  let millis = unit === 's' ? whole * 1000 : whole
  if (buf[i] === 46) {
    i++
    const fractionStart = i
    let scale = 100
    while (buf[i]! >= 48 && buf[i]! <= 57) {
      if (unit === 's') millis += (buf[i]! - 48) * scale
      scale = scale > 1 ? scale / 10 : 0
      i++
    }
    if (i === fractionStart) return NaN
  }
  // Beyond ±8.64e15 ms `Date` cannot represent the time, and it is surely not a bar's.
  if (millis > MAX_TIME) return NaN
  timeFieldScan.end = i
  timeFieldScan.hasTime = true
  return negative ? -millis : millis
}

/** UTC milliseconds of the timestamp at `pos`, or NaN; `timeFieldScan.end` is where it stopped. */
export function parseTimeAt(spec: TimeSpec, buf: Uint8Array, pos: number): number {
  switch (spec.kind) {
    case 'iso': {
      const t = parseIsoAt(buf, pos)
      timeFieldScan.end = timeScan.end
      timeFieldScan.hasTime = timeScan.hasTime
      return t
    }
    case 'epoch':
      return parseEpochAt(buf, pos, spec.unit)
    case 'pattern': {
      const t = parseDatePatternAt(buf, pos, spec.pattern)
      timeFieldScan.end = patternScan.end
      timeFieldScan.hasTime = spec.pattern.hasTime
      return t
    }
  }
}

/** Parses a whole field given as text (surrounding spaces allowed); NaN unless all of it is the timestamp. */
export function parseTimeText(spec: TimeSpec, text: string): number {
  const bytes = Buffer.from(`${text}\n`, 'utf8')
  const t = parseTimeAt(spec, bytes, 0)
  return Number.isNaN(t) || !onlySpacesToEnd(bytes, timeFieldScan.end) ? NaN : t
}

/** Parses a whole time-of-day field (`09:30`, `09:30:00.5`, `093000`); NaN otherwise. */
export function parseTimeOfDayText(text: string): number {
  const bytes = Buffer.from(`${text}\n`, 'utf8')
  const t = parseTimeOfDayAt(bytes, 0)
  return Number.isNaN(t) || !onlySpacesToEnd(bytes, timeScan.end) ? NaN : t
}

function onlySpacesToEnd(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length - 1; i++) if (bytes[i] !== 32) return false
  return true
}

const NAMED_FORMATS: Readonly<Record<string, TimeDetection>> = {
  iso: { spec: { kind: 'iso' }, label: 'iso-8601', dateOnly: false },
  'iso-8601': { spec: { kind: 'iso' }, label: 'iso-8601', dateOnly: false },
  'epoch-s': { spec: { kind: 'epoch', unit: 's' }, label: 'epoch-s', dateOnly: false },
  'epoch-ms': { spec: { kind: 'epoch', unit: 'ms' }, label: 'epoch-ms', dateOnly: false },
  'epoch-us': { spec: { kind: 'epoch', unit: 'us' }, label: 'epoch-us', dateOnly: false },
  'epoch-ns': { spec: { kind: 'epoch', unit: 'ns' }, label: 'epoch-ns', dateOnly: false },
}

const DATE_PATTERNS = [
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'DD-MMM-YYYY',
  'DD MMM YYYY',
  'MMM DD, YYYY',
  'MMM DD YYYY',
  'YYYYMMDD',
  'DD/MM/YY',
  'MM/DD/YY',
  'DD.MM.YY',
  'DD-MM-YY',
  'MM-DD-YY',
  'DD-MMM-YY',
  'DD MMM YY',
]
const TIME_SUFFIXES = ['', ' HH:mm:ss.SSS', ' HH:mm:ss', ' HH:mm', ' hh:mm:ss A', ' hh:mm A', 'THH:mm:ss', ' HHmmss']
const CANDIDATES: readonly DatePattern[] = DATE_PATTERNS.flatMap((date) =>
  TIME_SUFFIXES.map((time) => compileDatePattern(date + time)),
)

/**
 * Values the kind of timestamp is chosen on. Candidates that tie on these are compared again on
 * the whole sample: a day above 12 may come late in a file of minute bars.
 */
const DETECTION_VALUES = 1000

/** How an epoch time or a compact date is written: digits, perhaps signed, perhaps a fraction. */
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/

const TOKENS_HINT = 'pass a date format written with the tokens YYYY YY MM MMM DD HH hh mm ss SSS A'

/**
 * The time format of `samples` (the time fields of the sampled data rows). `dateFormat` overrides
 * detection: a pattern, or one of `iso-8601`, `epoch-s`, `epoch-ms`, `epoch-us`, `epoch-ns`.
 */
export function detectTimeSpec(samples: readonly string[], location: ErrorLocation, dateFormat?: string): TimeDetection {
  if (dateFormat !== undefined) {
    const named = NAMED_FORMATS[dateFormat.trim().toLowerCase()]
    if (named !== undefined) return { ...named, dateOnly: named.spec.kind === 'iso' && isoDateOnly(samples) }
    const pattern = compileDatePattern(dateFormat)
    return { spec: { kind: 'pattern', pattern }, label: pattern.text, dateOnly: !pattern.hasTime }
  }
  const sampled = samples.map((s) => s.trim()).filter((s) => s !== '')
  const values = sampled.slice(0, DETECTION_VALUES)
  const enough = Math.max(1, Math.ceil(values.length / 2))
  const iso: TimeSpec = { kind: 'iso' }
  if (values.filter((v) => !Number.isNaN(parseTimeText(iso, v))).length >= enough) {
    return { spec: iso, label: 'iso-8601', dateOnly: isoDateOnly(values) }
  }
  const integers = values.filter((v) => NUMBER_TEXT.test(v))
  if (integers.length >= enough) return detectNumeric(integers, location)
  const score = (pattern: DatePattern, of: readonly string[]): Scored => {
    const spec: TimeSpec = { kind: 'pattern', pattern }
    const parsed = of.map((v) => parseTimeText(spec, v))
    return { pattern, parsed, score: parsed.filter((t) => !Number.isNaN(t)).length }
  }
  const scored = CANDIDATES.map((pattern) => score(pattern, values))
  const best = Math.max(...scored.map((s) => s.score))
  if (best < enough) {
    const example = values[0] ?? ''
    const suggestion = suggestDateFormat(example)
    const hint = suggestion === null ? TOKENS_HINT : `pass a date format that reads them, such as ${JSON.stringify(suggestion)}`
    throw new TradePulseError('DATA_CSV_PARSE', `cannot recognise the timestamps (e.g. ${JSON.stringify(example)}): ${hint}`, location)
  }
  let winners = scored.filter((s) => s.score === best)
  if (winners.length > 1) {
    const again = winners.map((w) => score(w.pattern, sampled))
    const top = Math.max(...again.map((s) => s.score))
    winners = again.filter((s) => s.score === top)
  }
  const first = winners[0]!
  const rival = winners.find((w) => w.parsed.some((t, i) => !Object.is(t, first.parsed[i])))
  if (rival !== undefined) throw new TradePulseError('DATA_CSV_PARSE', ambiguity(first, rival, sampled), location)
  return { spec: { kind: 'pattern', pattern: first.pattern }, label: first.pattern.text, dateOnly: !first.pattern.hasTime }
}

interface Scored {
  readonly pattern: DatePattern
  readonly parsed: readonly number[]
  readonly score: number
}

/** Why two patterns that read the sample equally well cannot be told apart, with a value they disagree on. */
function ambiguity(first: Scored, rival: Scored, values: readonly string[]): string {
  const advice = 'pass the date format to say which'
  const both = first.parsed.findIndex((t, i) => !Number.isNaN(t) && !Number.isNaN(rival.parsed[i]!) && t !== rival.parsed[i])
  if (both >= 0) {
    const reading = (s: Scored): string => `${s.pattern.text} (${shortIso(s.parsed[both]!, s.pattern.hasTime)})`
    return `timestamps such as ${JSON.stringify(values[both])} read as ${reading(first)} or as ${reading(rival)}, and none of the ${values.length} sampled values tells them apart (a day above 12 would): ${advice}`
  }
  const onlyFirst = first.parsed.findIndex((t, i) => !Number.isNaN(t) && Number.isNaN(rival.parsed[i]!))
  const onlyRival = rival.parsed.findIndex((t, i) => !Number.isNaN(t) && Number.isNaN(first.parsed[i]!))
  return `timestamps read as ${first.pattern.text} or as ${rival.pattern.text} equally often: ${JSON.stringify(values[onlyFirst])} only as the first, ${JSON.stringify(values[onlyRival])} only as the second: ${advice}`
}

/** `2024-01-02`, or `2024-01-02T09:30` (seconds and milliseconds only when there are any). */
function shortIso(t: number, hasTime: boolean): string {
  const text = formatIso(t)
  if (!hasTime) return text.slice(0, 10)
  return text.endsWith(':00.000Z') ? text.slice(0, 16) : text.endsWith('.000Z') ? text.slice(0, 19) : text.slice(0, 23)
}

/** The timestamps a spec accepts as real, `[from, until)` in UTC milliseconds: the window for epoch times, everything otherwise. */
export function plausibleTimeRange(spec: TimeSpec): readonly [number, number] {
  return spec.kind === 'epoch' ? [EPOCH_PLAUSIBLE_FROM_MS, EPOCH_PLAUSIBLE_UNTIL_MS] : [-Infinity, Infinity]
}

/** An epoch field that is a number but not a plausible time in the file's unit: why, and in which unit it would be. */
export function implausibleTimeMessage(text: string, unit: EpochUnit): string {
  const value = text.trim()
  const range = `${formatIso(EPOCH_PLAUSIBLE_FROM_MS).slice(0, 10)} to ${formatIso(EPOCH_PLAUSIBLE_UNTIL_MS).slice(0, 10)}`
  const message = `${value} is outside the plausible range of epoch-${unit}, ${range}`
  for (const other of EPOCH_UNITS) {
    if (other === unit) continue
    const t = parseTimeText({ kind: 'epoch', unit: other }, value)
    if (t >= EPOCH_PLAUSIBLE_FROM_MS && t < EPOCH_PLAUSIBLE_UNTIL_MS) return `${message} (as epoch-${other} it is ${formatIso(t)})`
  }
  return message
}

function isoDateOnly(values: readonly string[]): boolean {
  return values.every((v) => {
    const bytes = Buffer.from(`${v}\n`, 'utf8')
    parseIsoAt(bytes, 0)
    return !timeScan.hasTime
  })
}

interface NumericReading {
  readonly detection: TimeDetection
  readonly plausible: (value: string) => boolean
}

const NUMERIC_READINGS: readonly NumericReading[] = [
  ...(['YYYYMMDD', 'YYYYMMDDHHmm', 'YYYYMMDDHHmmss'] as const).map((text): NumericReading => {
    const pattern = compileDatePattern(text)
    const spec: TimeSpec = { kind: 'pattern', pattern }
    return {
      detection: { spec, label: text, dateOnly: !pattern.hasTime },
      plausible: (value) => {
        const year = Number(value.slice(0, 4))
        return value.length === text.length && year >= COMPACT_YEARS[0] && year < COMPACT_YEARS[1] && !Number.isNaN(parseTimeText(spec, value))
      },
    }
  }),
  ...EPOCH_UNITS.map((unit): NumericReading => {
    const spec: TimeSpec = { kind: 'epoch', unit }
    return {
      detection: { spec, label: `epoch-${unit}`, dateOnly: false },
      plausible: (value) => {
        const t = parseTimeText(spec, value)
        return t >= EPOCH_PLAUSIBLE_FROM_MS && t < EPOCH_PLAUSIBLE_UNTIL_MS
      },
    }
  }),
]

/**
 * Integers: the reading under which most of them are plausible; on a tie, the earlier reading
 * (compact dates first). Ranges are disjoint but for twelve digits, also milliseconds in 1976.
 */
function detectNumeric(integers: readonly string[], location: ErrorLocation): TimeDetection {
  let best: NumericReading | null = null
  let bestCount = 0
  for (const reading of NUMERIC_READINGS) {
    const count = integers.filter(reading.plausible).length
    if (count > bestCount) {
      best = reading
      bestCount = count
    }
  }
  if (best === null) {
    const example = integers[0] ?? ''
    const suggestion = suggestDateFormat(example)
    const hint = suggestion === null ? TOKENS_HINT : `pass a date format that reads them, such as ${JSON.stringify(suggestion)}`
    const range = `${formatIso(EPOCH_PLAUSIBLE_FROM_MS).slice(0, 10)} to ${formatIso(EPOCH_PLAUSIBLE_UNTIL_MS).slice(0, 10)}`
    throw new TradePulseError(
      'DATA_CSV_PARSE',
      `cannot recognise the timestamps (e.g. ${JSON.stringify(example)}): they are integers, but neither dates (YYYYMMDD, YYYYMMDDHHmm, YYYYMMDDHHmmss) nor epoch times from ${range} in ${EPOCH_UNIT_NAMES}: ${hint}`,
      location,
    )
  }
  return best.detection
}

/**
 * Whether every one of `samples` is a timestamp, all in one format: ISO 8601, one of the detected
 * patterns, or integers plausible under one numeric reading (see `detectNumeric`) that run in one
 * direction. Numbers must run one way because a column of volumes can be plausible epoch seconds
 * (58414500 is November 1971) but does not rise or fall steadily; text needs no such check, as no
 * price or volume reads as a date.
 */
export function readsAllAsTimestamps(samples: readonly string[]): boolean {
  const values = samples.map((s) => s.trim())
  if (values.length === 0 || values.some((v) => v === '')) return false
  const readsAll = (spec: TimeSpec): boolean => values.every((v) => !Number.isNaN(parseTimeText(spec, v)))
  if (readsAll({ kind: 'iso' })) return true
  if (values.every((v) => NUMBER_TEXT.test(v))) {
    const reading = NUMERIC_READINGS.find((r) => values.every(r.plausible))
    return reading !== undefined && runsOneWay(values.map((v) => parseTimeText(reading.detection.spec, v)))
  }
  return CANDIDATES.some((pattern) => readsAll({ kind: 'pattern', pattern }))
}

function runsOneWay(times: readonly number[]): boolean {
  let up = 0
  let down = 0
  for (let k = 1; k < times.length; k++) {
    if (times[k]! > times[k - 1]!) up++
    else if (times[k]! < times[k - 1]!) down++
  }
  return times.length === 1 || (up > 0) !== (down > 0)
}

/** True when most of `samples` are times of day, which makes the column the second half of a split timestamp. */
export function looksLikeTimeOfDay(samples: readonly string[]): boolean {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '')
  if (values.length === 0) return false
  // `HHmmss` without separators is accepted in a time column, but not taken as evidence of one.
  const parsed = values.filter((v) => v.includes(':') && !Number.isNaN(parseTimeOfDayText(v))).length
  return parsed >= Math.ceil(values.length / 2)
}
