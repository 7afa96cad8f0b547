/**
 * Turns a Parquet time column into UTC milliseconds.
 *
 * - TIMESTAMP (millis, micros, nanos), DATE and legacy INT96 columns: the type says what they
 *   hold. hyparquet decodes them with `MILLISECOND_PARSERS` straight to integer milliseconds
 *   (rounding toward −∞, so an instant before 1970 stays in its millisecond), never through a
 *   `Date` per row. Whether the writer marked them adjusted to UTC or not, they are read as UTC,
 *   as the CSV reader reads text without a zone.
 * - Anything else (plain integers, doubles, text) is told apart once for the whole column, from
 *   a sample of its first values, by the CSV reader's detection (csv/time-spec.ts), so a Parquet
 *   file and a CSV file with the same values read the same: ISO 8601 text; `YYYYMMDD`; epoch
 *   seconds, milliseconds, microseconds or nanoseconds by magnitude; common vendor date patterns,
 *   or the `dateFormat` the caller gives. Deciding per column, not per value, means one odd row
 *   cannot switch units halfway down the file. INT64 epochs are divided as `bigint`, exactly.
 */
import type { SchemaElement } from 'hyparquet'
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import { MS_PER_DAY } from '../../domain/time.ts'
import { type EpochUnit, type TimeSpec, detectTimeSpec, parseTimeText } from '../csv/time-spec.ts'
import { isTemporalElement } from './schema.ts'

/** Beyond ±8.64e15 ms a JavaScript `Date` cannot represent the time; no bar lives there. */
const MAX_TIME_MS = 8.64e15
const SAMPLE_SIZE = 64

function floorDivide(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor
  return value < 0n && quotient * divisor !== value ? quotient - 1n : quotient
}

/** hyparquet parsers that decode temporal columns to integer milliseconds instead of `Date`s. */
export const MILLISECOND_PARSERS = {
  timestampFromMilliseconds: (millis: bigint): number => Number(millis),
  timestampFromMicroseconds: (micros: bigint): number => Number(floorDivide(micros, 1000n)),
  timestampFromNanoseconds: (nanos: bigint): number => Number(floorDivide(nanos, 1_000_000n)),
  dateFromDays: (days: number): number => days * MS_PER_DAY,
}

const EPOCH_DIVISOR: Readonly<Record<EpochUnit, bigint>> = { s: 1n, ms: 1n, us: 1000n, ns: 1_000_000n }

function epochMillis(value: number | bigint, unit: EpochUnit): number {
  if (typeof value === 'bigint') {
    return unit === 's' ? Number(value) * 1000 : Number(floorDivide(value, EPOCH_DIVISOR[unit]))
  }
  switch (unit) {
    case 's':
      // Fractional seconds are rounded: 1704067200.123 · 1000 is 1704067200122.9998 in doubles.
      return Math.round(value * 1000)
    case 'ms':
      return Math.floor(value)
    case 'us':
      return Math.floor(value / 1000)
    case 'ns':
      return Math.floor(value / 1e6)
  }
}

/** A decoded value as a message shows it: `empty` for null, text quoted, objects by their type. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty'
  if (typeof value === 'string') return JSON.stringify(value)
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : typeof value
}

export interface TimeColumnContext {
  readonly file: string
  /** The column's name in the file, for messages. */
  readonly name: string
  readonly element: SchemaElement
  /** For text or integer columns only: a pattern (`DD/MM/YYYY HH:mm`) or `epoch-ms` and the like, as for CSV. */
  readonly dateFormat?: string | undefined
}

/** The column's values as integer UTC milliseconds; a `DATA_PARQUET` error names the first row that is not a time. */
export function toMillis(values: readonly unknown[], context: TimeColumnContext): Float64Array {
  const { file, name } = context
  const fail = (row: number, what: string): TradePulseError =>
    new TradePulseError('DATA_PARQUET', `row ${row + 1}: ${what} is not a timestamp`, { file, field: name })
  const out = new Float64Array(values.length)
  if (values.length === 0) return out
  if (isTemporalElement(context.element)) {
    for (let i = 0; i < values.length; i++) {
      const t = values[i]
      if (typeof t !== 'number' || !(Math.abs(t) <= MAX_TIME_MS)) throw fail(i, describeValue(t))
      out[i] = t
    }
    return out
  }
  const spec = detectSpec(values, context)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    let t = NaN
    if (spec.kind === 'epoch' && (typeof v === 'number' || typeof v === 'bigint')) t = epochMillis(v, spec.unit)
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') t = parseTimeText(spec, String(v))
    if (!Number.isInteger(t) || !(Math.abs(t) <= MAX_TIME_MS)) throw fail(i, describeValue(v))
    out[i] = t
  }
  return out
}

function detectSpec(values: readonly unknown[], context: TimeColumnContext): TimeSpec {
  const samples: string[] = []
  for (let i = 0; i < values.length && samples.length < SAMPLE_SIZE; i++) {
    const v = values[i]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') samples.push(String(v))
  }
  if (samples.length === 0) {
    // Nothing that could be a time at all (a BOOLEAN or nested column, or only nulls).
    throw new TradePulseError('DATA_PARQUET', `row 1: ${describeValue(values[0])} is not a timestamp`, { file: context.file, field: context.name })
  }
  try {
    return detectTimeSpec(samples, {}, context.dateFormat).spec
  } catch (error) {
    if (!isTradePulseError(error)) throw error
    throw new TradePulseError('DATA_PARQUET', error.message, { file: context.file, field: context.name })
  }
}
