/**
 * Time. Every timestamp in TradePulse is an integer number of milliseconds since the Unix epoch,
 * UTC (`UnixMillis`). Milliseconds are what exchanges stamp bars and most trades with, and an
 * integer below 2^53 is exact in a double, so timestamps live in `Float64Array` columns next to
 * prices without conversion. (A tick-by-tick venue with microsecond stamps would need a finer
 * unit; that would be a new type, not a reinterpretation of this one.)
 *
 * Intervals are fixed lengths (seconds, minutes, hours, days, weeks). Buckets are aligned to the
 * UTC calendar: an `h` bucket starts on the hour, a `d` bucket at 00:00 UTC, a `w` bucket on
 * Monday 00:00 UTC (ISO weeks). Calendar months are not supported: their length varies.
 */
import type { Brand } from './brand.ts'
import { TradePulseError } from './errors.ts'

export type UnixMillis = Brand<number, 'UnixMillis'>
export type DurationMillis = Brand<number, 'DurationMillis'>

export const MS_PER_SECOND = 1000
export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000
export const MS_PER_WEEK = 7 * MS_PER_DAY
/** 1970-01-01 was a Thursday; ISO weeks start on Monday, four days later. */
const WEEK_ORIGIN_MS = 4 * MS_PER_DAY

export function unixMillis(value: number): UnixMillis {
  if (!Number.isSafeInteger(value)) {
    throw new TradePulseError(
      'DOMAIN_OVERFLOW',
      `timestamp must be an integer number of milliseconds, was ${value}`,
    )
  }
  return value as UnixMillis
}

export type IntervalUnit = 's' | 'm' | 'h' | 'd' | 'w'

export interface Interval {
  readonly count: number
  readonly unit: IntervalUnit
  readonly ms: DurationMillis
  /** Canonical text form, e.g. `5m`, `1h`, `1d`. */
  readonly label: string
}

const UNIT_MS: Readonly<Record<IntervalUnit, number>> = {
  s: MS_PER_SECOND,
  m: MS_PER_MINUTE,
  h: MS_PER_HOUR,
  d: MS_PER_DAY,
  w: MS_PER_WEEK,
}

const UNIT_ALIASES: Readonly<Record<string, IntervalUnit>> = {
  s: 's',
  sec: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  wk: 'w',
  week: 'w',
  weeks: 'w',
}

/** Parses `1m`, `5m`, `1h`, `4h`, `1d`, `1w` (and long forms such as `15min`, `1day`). */
export function parseInterval(text: string): Interval {
  const match = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text)
  // `M` is a month in most vendors' notation; months have no fixed length, so refuse rather than read minutes.
  const unitText = match?.[2]
  const unit = unitText === undefined || unitText === 'M' ? undefined : UNIT_ALIASES[unitText.toLowerCase()]
  const count = match === null ? NaN : Number(match[1])
  if (match === null || unit === undefined || !Number.isSafeInteger(count) || count < 1) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INTERVAL',
      `interval must look like 1m, 5m, 1h, 1d or 1w, was ${JSON.stringify(text)}`,
    )
  }
  return intervalOf(count, unit)
}

export function intervalOf(count: number, unit: IntervalUnit): Interval {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INTERVAL',
      `interval count must be a positive integer, was ${count}`,
    )
  }
  return Object.freeze({
    count,
    unit,
    ms: (count * UNIT_MS[unit]) as DurationMillis,
    label: `${count}${unit}`,
  })
}

/** The largest unit that divides `ms` evenly, so 3_600_000 reads `1h` rather than `60m`. */
export function intervalFromMillis(ms: number): Interval {
  if (!Number.isSafeInteger(ms) || ms < MS_PER_SECOND || ms % MS_PER_SECOND !== 0) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INTERVAL',
      `interval must be a whole number of seconds, was ${ms} ms`,
    )
  }
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return intervalOf(ms / UNIT_MS[unit], unit)
  }
  /* c8 ignore next */
  throw new Error('unreachable: every whole number of seconds divides by 1s')
}

/** Start of the calendar-aligned bucket of `interval` that contains `t`. */
export function bucketStart(t: number, interval: Interval): number {
  const origin = interval.unit === 'w' ? WEEK_ORIGIN_MS : 0
  const offset = t - origin
  return origin + offset - mod(offset, interval.ms)
}

function mod(a: number, n: number): number {
  const r = a % n
  return r < 0 ? r + n : r
}

/** `2024-03-01T14:30:00.000Z`. */
export function formatIso(t: number): string {
  return new Date(t).toISOString()
}
