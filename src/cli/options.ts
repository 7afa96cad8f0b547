/**
 * Parsing of the options several commands share. Each parser turns text into a domain value or
 * throws a `CLI_USAGE` error that names the option, so the user sees which flag is wrong.
 */
import { Option } from 'commander'
import type { BarColumnRole, CsvReadOptions, GapCalendar, ValidationPolicy } from '../data/csv/index.ts'
import { TradePulseError, isTradePulseError } from '../domain/errors.ts'
import { type Interval, formatIso, parseInterval } from '../domain/time.ts'

const ROLES: readonly BarColumnRole[] = ['time', 'open', 'high', 'low', 'close', 'volume']

export function usageError(option: string, message: string): TradePulseError {
  return new TradePulseError('CLI_USAGE', `${option}: ${message}`)
}

/** A JSON object given on the command line (`--params '{"period": 14}'`); `{}` when absent. */
export function parseJsonObjectOption(option: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw usageError(option, `not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(option, 'must be a JSON object, e.g. \'{"period": 14}\'')
  }
  return parsed as Record<string, unknown>
}

export function parseIntervalOption(option: string, text: string): Interval {
  try {
    return parseInterval(text)
  } catch (error) {
    if (isTradePulseError(error)) throw usageError(option, error.message)
    throw error
  }
}

export function parseIntegerOption(
  option: string,
  text: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = Number(text)
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw usageError(option, `must be an integer from ${min} to ${max}, was ${JSON.stringify(text)}`)
  }
  return value
}

/** The last instant a `Date` (and so `formatIso`) can show: 100 million days after the epoch. */
export const LATEST_TIME_MS = 8_640_000_000_000_000

const ISO_TIME =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:[T ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d{1,3}))?)?)?(?:Z|(?<sign>[+-])(?<zoneHours>\d{2}):?(?<zoneMinutes>\d{2}))?$/i

/**
 * `2024-01-02`, `2024-01-02T09:30:00Z`, `2024-01-02 09:30` or epoch milliseconds; times without a
 * zone are UTC. Only ISO 8601 is read: `Date.parse` would also take `1 2 3` or `March 5`, in the
 * machine's time zone, and give a time nobody meant. Impossible dates (`2024-02-30`) are refused
 * rather than rolled over.
 */
export function parseTimeOption(option: string, text: string): number {
  const trimmed = text.trim()
  if (/^\d{10,16}$/.test(trimmed)) {
    const t = Number(trimmed)
    if (t > LATEST_TIME_MS)
      throw usageError(option, `${trimmed} is after the latest time there is, ${formatIso(LATEST_TIME_MS)}`)
    return t
  }
  const t = isoToMillis(trimmed)
  if (t === undefined)
    throw usageError(
      option,
      `not a date or time: ${JSON.stringify(text)} (use ISO 8601, e.g. 2024-01-02T09:30:00Z, or epoch milliseconds)`,
    )
  return t
}

function isoToMillis(text: string): number | undefined {
  const groups = ISO_TIME.exec(text)?.groups
  if (groups === undefined) return undefined
  const field = (name: string): number => Number(groups[name] ?? 0)
  const [year, month, day, hour, minute, second] = [
    field('year'),
    field('month'),
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  ] as const
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, Number((groups.fraction ?? '').padEnd(3, '0')))
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  const offsetMinutes = (groups.sign === '-' ? -1 : 1) * (field('zoneHours') * 60 + field('zoneMinutes'))
  if (!real || Math.abs(offsetMinutes) >= 24 * 60) return undefined
  return date.getTime() - offsetMinutes * 60_000
}

/** `time=Date,close=Last` → `{ time: 'Date', close: 'Last' }`. */
export function parseColumnsOption(text: string): Partial<Record<BarColumnRole, string>> {
  const mapping: Partial<Record<BarColumnRole, string>> = {}
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=')
    const role = pair.slice(0, eq).trim().toLowerCase()
    const column = pair.slice(eq + 1).trim()
    if (eq < 0 || column === '' || !(ROLES as readonly string[]).includes(role)) {
      throw usageError(
        '--columns',
        `expected ROLE=COLUMN pairs with ROLE one of ${ROLES.join(', ')}, got ${JSON.stringify(pair)}`,
      )
    }
    mapping[role as BarColumnRole] = column
  }
  return mapping
}

/** The options every command that reads a bar file accepts. */
export function readerOptions(): Option[] {
  return [
    new Option(
      '--policy <policy>',
      'strict: the first problem is an error; repair: fix or drop by documented rules',
    )
      .choices(['strict', 'repair'])
      .default('strict'),
    new Option('--delimiter <char>', 'field delimiter (default: detected)').choices([',', ';', 'tab']),
    new Option(
      '--columns <mapping>',
      'map columns to roles, e.g. time=Date,close=Last (names or 1-based numbers)',
    ),
    new Option(
      '--date-format <format>',
      'timestamp format, tokens YYYY YY MM MMM DD HH mm ss SSS, e.g. "DD/MM/YYYY HH:mm" (UTC)',
    ),
    new Option(
      '--interval <interval>',
      'bar interval, e.g. 1m, 1h, 1d (default: inferred from the timestamps)',
    ),
    new Option(
      '--calendar <calendar>',
      'trading calendar for gaps: days it is closed miss no bar (auto: inferred from the data)',
    )
      .choices(['auto', 'nyse', 'nasdaq', 'weekdays', '24x7', 'continuous'])
      .default('auto'),
  ]
}

export interface ReaderFlags {
  readonly policy: ValidationPolicy
  readonly delimiter?: ',' | ';' | 'tab'
  readonly columns?: string
  readonly dateFormat?: string
  readonly interval?: string
  readonly calendar: GapCalendar | 'auto'
}

/** The reader options every file kind shares: policy, calendar, delimiter, date format, interval. */
export function sharedReaderOptions(flags: ReaderFlags): Omit<CsvReadOptions, 'columns'> {
  return {
    policy: flags.policy,
    calendar: flags.calendar,
    ...(flags.delimiter === undefined
      ? {}
      : { delimiter: flags.delimiter === 'tab' ? '\t' : flags.delimiter }),
    ...(flags.dateFormat === undefined ? {} : { dateFormat: flags.dateFormat }),
    ...(flags.interval === undefined ? {} : { interval: parseIntervalOption('--interval', flags.interval) }),
  }
}

export function csvOptionsFrom(flags: ReaderFlags): CsvReadOptions {
  return {
    ...sharedReaderOptions(flags),
    ...(flags.columns === undefined ? {} : { columns: parseColumnsOption(flags.columns) }),
  }
}
