/**
 * Reads bars from Parquet with hyparquet, column by column into `Float64Array`s. Files written
 * by TradePulse carry their interval and symbol in key-value metadata; files from other tools
 * are read by column name (see schema.ts, or pass `columns`) and their interval is the most
 * common step between timestamps. Timestamps may be TIMESTAMP or DATE columns, plain integers
 * (epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude) or ISO
 * strings. What comes in is checked: times must strictly increase.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet'
import type { FileMetaData } from 'hyparquet'
import { TradePulseError } from '../../domain/errors.ts'
import {
  HIGH_BELOW_BODY,
  LOW_ABOVE_BODY,
  ROLE_CLOSE,
  ROLE_HIGH,
  ROLE_LOW,
  ROLE_OPEN,
  ROLE_VOLUME,
  envelopeProblems,
  highBelowBodyMessage,
  lowAboveBodyMessage,
  valueProblem,
} from '../bar-rules.ts'
import { type Interval, intervalFromMillis, parseInterval } from '../../domain/time.ts'
import { BarSeries } from '../bar-series.ts'
import { ALIASES, METADATA_INTERVAL, METADATA_KNOWN_AT, METADATA_SYMBOL, type ParquetBarRole, normaliseName } from './schema.ts'

export interface ParquetReadOptions {
  /** Column name per role, for files whose names are unusual. */
  readonly columns?: Partial<Record<ParquetBarRole, string>>
}

const ROLES: readonly ParquetBarRole[] = ['time', 'open', 'high', 'low', 'close', 'volume']

/** Volume may be absent (bars then carry zero volume); every other role is required. */
type ChosenColumns = Record<Exclude<ParquetBarRole, 'volume'>, string> & { volume: string | null }

export async function readBarsParquet(path: string, options: ParquetReadOptions = {}): Promise<{ series: BarSeries; symbol: string | null }> {
  const fail = (message: string): TradePulseError => new TradePulseError('DATA_PARQUET', message, { file: path })
  let metadata: FileMetaData
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>
  try {
    file = await asyncBufferFromFile(path)
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : ''
    throw new TradePulseError('DATA_FILE_NOT_FOUND', `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code || 'unreadable'}`, {
      file: path,
    })
  }
  try {
    metadata = await parquetMetadataAsync(file)
  } catch (error) {
    throw fail(`not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`)
  }
  const keyValue = new Map((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? '']))
  const available = metadata.schema.slice(1).map((element) => element.name)
  const chosen = chooseColumns(available, options.columns ?? {}, fail)
  const knownAtColumn = keyValue.get(METADATA_KNOWN_AT)
  const wanted = [...Object.values(chosen).filter((name): name is string => name !== null), ...(knownAtColumn === undefined ? [] : [knownAtColumn])]

  const rows = Number(metadata.num_rows)
  const raw = new Map<string, unknown[]>()
  try {
    await parquetRead({
      file,
      metadata,
      columns: wanted,
      onChunk(chunk) {
        let target = raw.get(chunk.columnName)
        if (target === undefined) {
          target = new Array<unknown>(rows)
          raw.set(chunk.columnName, target)
        }
        const data = chunk.columnData as ArrayLike<unknown>
        for (let i = 0; i < data.length; i++) target[chunk.rowStart + i] = data[i]
      },
    })
  } catch (error) {
    throw fail(`cannot decode the bar columns (${error instanceof Error ? error.message : String(error)})`)
  }

  const column = (name: string): unknown[] => raw.get(name) ?? new Array<unknown>(rows).fill(undefined)
  const openTime = toTimes(column(chosen.time), chosen.time, fail)
  for (let i = 1; i < rows; i++) {
    if (!(openTime[i]! > openTime[i - 1]!)) {
      throw fail(`row ${i + 1}: ${chosen.time} ${new Date(openTime[i]!).toISOString()} does not follow ${new Date(openTime[i - 1]!).toISOString()}; times must strictly increase`)
    }
  }
  const prices = (role: ParquetBarRole): Float64Array => {
    const name = chosen[role]
    return name === null ? new Float64Array(rows) : toNumbers(column(name), name, fail)
  }
  const interval = resolveInterval(keyValue.get(METADATA_INTERVAL), openTime, fail)
  const knownAt = knownAtColumn === undefined ? openTime.map((t) => t + interval.ms) : toTimes(column(knownAtColumn), knownAtColumn, fail)
  const columns = { openTime, knownAt, open: prices('open'), high: prices('high'), low: prices('low'), close: prices('close'), volume: prices('volume') }
  checkBars(columns, chosen, path)
  const series = new BarSeries(columns, interval)
  return { series, symbol: keyValue.get(METADATA_SYMBOL) ?? null }
}

const ROLE_OF_INDEX: readonly ParquetBarRole[] = ['time', 'open', 'high', 'low', 'close', 'volume']

/**
 * The same bar rules the CSV reader applies (see bar-rules.ts), strictly: a Parquet file is typed
 * data from another program, so a broken bar is a bug upstream to fix there, not to patch here.
 */
function checkBars(columns: Record<'open' | 'high' | 'low' | 'close' | 'volume', Float64Array>, chosen: ChosenColumns, path: string): void {
  const { open, high, low, close, volume } = columns
  const values = new Float64Array(6)
  for (let i = 0; i < open.length; i++) {
    values[ROLE_OPEN] = open[i]!
    values[ROLE_HIGH] = high[i]!
    values[ROLE_LOW] = low[i]!
    values[ROLE_CLOSE] = close[i]!
    values[ROLE_VOLUME] = volume[i]!
    const problem = valueProblem(values)
    let field: ParquetBarRole | null = problem === null ? null : ROLE_OF_INDEX[problem.role]!
    let message = problem?.message ?? ''
    if (problem === null) {
      const envelope = envelopeProblems(open[i]!, high[i]!, low[i]!, close[i]!)
      if (envelope & HIGH_BELOW_BODY) {
        field = 'high'
        message = highBelowBodyMessage(high[i]!, Math.max(open[i]!, close[i]!))
      } else if (envelope & LOW_ABOVE_BODY) {
        field = 'low'
        message = lowAboveBodyMessage(low[i]!, Math.min(open[i]!, close[i]!))
      }
    }
    if (field !== null) {
      throw new TradePulseError('DATA_INVALID_BAR', `row ${i + 1}: ${message}`, { file: path, field: chosen[field] ?? field })
    }
  }
}

function chooseColumns(
  available: readonly string[],
  mapping: Partial<Record<ParquetBarRole, string>>,
  fail: (message: string) => TradePulseError,
): ChosenColumns {
  const byNormalised = new Map(available.map((name) => [normaliseName(name), name]))
  const pick = (role: ParquetBarRole): string | null => {
    const asked = mapping[role]
    if (asked !== undefined) {
      const found = available.find((name) => name.toLowerCase() === asked.toLowerCase())
      if (found === undefined) throw fail(`column "${asked}" given for ${role} is not in the file (columns: ${available.join(', ')})`)
      return found
    }
    for (const alias of ALIASES[role]) {
      const found = byNormalised.get(alias)
      if (found !== undefined) return found
    }
    return null
  }
  const chosen = Object.fromEntries(ROLES.map((role) => [role, pick(role)])) as Record<ParquetBarRole, string | null>
  for (const role of ROLES) {
    if (role !== 'volume' && chosen[role] === null) {
      throw fail(`no ${role} column (columns: ${available.join(', ')}); map one with columns: { ${role}: 'NAME' }`)
    }
  }
  return chosen as ChosenColumns
}

/** Epoch integers by magnitude: seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, else nanoseconds. */
function epochToMillis(value: number): number {
  const magnitude = Math.abs(value)
  if (magnitude < 1e11) return Math.round(value * 1000)
  if (magnitude < 1e14) return Math.round(value)
  if (magnitude < 1e17) return Math.floor(value / 1000)
  return Math.floor(value / 1e6)
}

function toTimes(values: readonly unknown[], name: string, fail: (message: string) => TradePulseError): Float64Array {
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    let t = NaN
    if (v instanceof Date) t = v.getTime()
    else if (typeof v === 'bigint') t = epochToMillis(Number(v))
    else if (typeof v === 'number') t = epochToMillis(v)
    else if (typeof v === 'string') t = parseIsoUtc(v)
    if (!Number.isFinite(t)) throw fail(`row ${i + 1}: ${name} ${String(v)} is not a timestamp`)
    out[i] = t
  }
  return out
}

/** ISO 8601 text; without a zone it is UTC (Date.parse would read `2024-01-02 09:30` as local time). */
function parseIsoUtc(text: string): number {
  const iso = text.trim().replace(' ', 'T')
  const zoned = /[zZ]$|[+-]\d\d:?\d\d$/.test(iso) || !iso.includes('T')
  return Date.parse(zoned ? iso : `${iso}Z`)
}

function toNumbers(values: readonly unknown[], name: string, fail: (message: string) => TradePulseError): Float64Array {
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : NaN
    if (Number.isNaN(x) && !(typeof v === 'number')) throw fail(`row ${i + 1}: ${name} ${String(v)} is not a number`)
    out[i] = x
  }
  return out
}

function resolveInterval(label: string | undefined, openTime: Float64Array, fail: (message: string) => TradePulseError): Interval {
  if (label !== undefined) {
    try {
      return parseInterval(label)
    } catch {
      throw fail(`metadata ${METADATA_INTERVAL} = ${JSON.stringify(label)} is not an interval`)
    }
  }
  const counts = new Map<number, number>()
  for (let i = 1; i < openTime.length; i++) {
    const step = openTime[i]! - openTime[i - 1]!
    counts.set(step, (counts.get(step) ?? 0) + 1)
  }
  let best = 0
  let bestCount = 0
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step
      bestCount = count
    }
  }
  if (bestCount === 0) throw fail('one row and no interval metadata: cannot tell the bar interval')
  try {
    return intervalFromMillis(best)
  } catch {
    throw fail(`the most common step between timestamps, ${best} ms, is not a whole number of seconds`)
  }
}
