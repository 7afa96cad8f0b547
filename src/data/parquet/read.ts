/**
 * Reads bars from Parquet with hyparquet, column by column, straight into `Float64Array`s (a
 * DOUBLE column is copied page by page, never boxed row by row). Files written by TradePulse
 * carry their interval and symbol in key-value metadata; files from other tools are read by
 * column name (see schema.ts, or pass `columns`) and their interval is the most common step
 * between timestamps. Time columns are read as time-column.ts describes.
 *
 * What comes in is checked, strictly: times must strictly increase, every value must be a number
 * (null, blank or text that is not a number names its row), a stored `known_at` must not precede
 * its bar's open or go back, and every bar must obey the bar rules (bar-rules.ts).
 *
 * Limits: the file is read whole into memory (its columns, not its bytes as text), and only
 * uncompressed and Snappy files can be read: hyparquet needs the separate hyparquet-compressors
 * package for ZSTD, GZIP and the rest, which TradePulse does not ship.
 */
import { type ColumnData, type FileMetaData, type SchemaElement, asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
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
import { errnoCode, fileErrorReason } from '../file-error.ts'
import { openInputFile } from '../input-file.ts'
import { ALIASES, METADATA_INTERVAL, METADATA_KNOWN_AT, METADATA_SYMBOL, type ParquetBarRole, normaliseName } from './schema.ts'
import { MILLISECOND_PARSERS, describeValue, toMillis } from './time-column.ts'
import { mostCommonStep } from '../common-step.ts'

export interface ParquetReadOptions {
  /** Column name per role (case-insensitive), for files whose names are unusual. */
  readonly columns?: Partial<Record<ParquetBarRole, string>>
  /**
   * How a text or plain-integer time column writes its times, when detection cannot tell (as for
   * CSV): a pattern such as `DD/MM/YYYY HH:mm`, or `iso-8601`, `epoch-s`, `epoch-ms`, `epoch-us`,
   * `epoch-ns`. Ignored for TIMESTAMP and DATE columns, whose type says.
   */
  readonly dateFormat?: string
}

const ROLES: readonly ParquetBarRole[] = ['time', 'open', 'high', 'low', 'close', 'volume']
const VALUE_ROLES = ['open', 'high', 'low', 'close', 'volume'] as const
type ValueRole = (typeof VALUE_ROLES)[number]

/** Volume may be absent (bars then carry zero volume); every other role is required. */
type ChosenColumns = Record<Exclude<ParquetBarRole, 'volume'>, string> & { volume: string | null }

type Fail = (message: string, field?: string) => TradePulseError

export async function readBarsParquet(path: string, options: ParquetReadOptions = {}): Promise<{ series: BarSeries; symbol: string | null }> {
  const fail: Fail = (message, field) => new TradePulseError('DATA_PARQUET', message, field === undefined ? { file: path } : { file: path, field })
  // The checks every reader makes (a regular file, opened without blocking) before hyparquet reads it.
  await (await openInputFile(path)).handle.close()
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>
  try {
    file = await asyncBufferFromFile(path)
  } catch (error) {
    // Gone or changed between the check and the read.
    const code = errnoCode(error)
    throw new TradePulseError('DATA_FILE_NOT_FOUND', `cannot read: ${code === undefined ? 'unreadable' : fileErrorReason(code)}`, { file: path })
  }
  let metadata: FileMetaData
  let elements: SchemaElement[]
  try {
    metadata = await parquetMetadataAsync(file)
    elements = parquetSchema(metadata).children.map((child) => child.element)
  } catch (error) {
    throw fail(`not a readable Parquet file (${messageOf(error)})`)
  }
  const keyValue = new Map((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? '']))
  const available = elements.map((element) => element.name)
  const chosen = chooseColumns(available, options.columns ?? {}, fail)
  const clash = VALUE_ROLES.find((role) => chosen[role] === chosen.time)
  if (clash !== undefined) throw fail(`column "${chosen.time}" cannot be both the time and the ${clash}`)
  const knownAtColumn = keyValue.get(METADATA_KNOWN_AT)
  if (knownAtColumn !== undefined && !available.includes(knownAtColumn)) {
    throw fail(`metadata ${METADATA_KNOWN_AT} names column "${knownAtColumn}", which is not in the file`)
  }
  const rows = Number(metadata.num_rows)

  // Value columns are decoded straight into their Float64Array; time columns are kept as decoded
  // (numbers, bigints or strings) until the whole column is in, because their unit is decided once.
  const values = new Map<string, Float64Array>()
  const rawTimes = new Map<string, unknown[]>()
  const collectors = new Map<string, (chunk: ColumnData) => void>()
  for (const role of VALUE_ROLES) {
    const name = chosen[role]
    if (name === null || collectors.has(name)) continue
    const target = new Float64Array(rows)
    values.set(name, target)
    collectors.set(name, (chunk) => {
      copyNumbers(chunk, target, fail)
    })
  }
  for (const name of knownAtColumn === undefined ? [chosen.time] : [chosen.time, knownAtColumn]) {
    const target = new Array<unknown>(rows)
    rawTimes.set(name, target)
    collectors.set(name, (chunk) => {
      checkChunkBounds(chunk, rows, fail)
      const data = chunk.columnData
      for (let i = 0; i < data.length; i++) target[chunk.rowStart + i] = data[i]
    })
  }
  // hyparquet calls onChunk from inside its own promise chains, where a throw would surface as an
  // unhandled rejection rather than reject parquetRead: keep the first problem and raise it after.
  const failure: { error: Error | null } = { error: null }
  try {
    await parquetRead({
      file,
      metadata,
      columns: [...collectors.keys()],
      parsers: MILLISECOND_PARSERS,
      onChunk(chunk) {
        if (failure.error !== null) return
        try {
          collectors.get(chunk.columnName)?.(chunk)
        } catch (error) {
          failure.error = error instanceof Error ? error : new Error(String(error))
        }
      },
    })
  } catch (error) {
    const reason = messageOf(error)
    const hint = /compression codec/i.test(reason) ? '; TradePulse reads uncompressed and Snappy-compressed Parquet only' : ''
    throw fail(`cannot decode the bar columns (${reason})${hint}`)
  }
  if (failure.error !== null) throw failure.error

  const elementOf = (name: string): SchemaElement => elements[available.indexOf(name)]!
  const times = (name: string): Float64Array =>
    toMillis(rawTimes.get(name)!, { file: path, name, element: elementOf(name), dateFormat: options.dateFormat })
  const openTime = times(chosen.time)
  for (let i = 1; i < rows; i++) {
    if (!(openTime[i]! > openTime[i - 1]!)) {
      throw fail(
        `row ${i + 1}: ${new Date(openTime[i]!).toISOString()} does not follow ${new Date(openTime[i - 1]!).toISOString()}; times must strictly increase`,
        chosen.time,
      )
    }
  }
  const interval = resolveInterval(keyValue.get(METADATA_INTERVAL), openTime, fail)
  let knownAt: Float64Array
  if (knownAtColumn === undefined) knownAt = openTime.map((t) => t + interval.ms)
  else {
    knownAt = times(knownAtColumn)
    checkKnownAt(openTime, knownAt, knownAtColumn, fail)
  }
  const column = (role: ValueRole): Float64Array => {
    const name = chosen[role]
    return name === null ? new Float64Array(rows) : values.get(name)!
  }
  const columns = { openTime, knownAt, open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume') }
  checkBars(columns, chosen, path)
  const series = new BarSeries(columns, interval)
  return { series, symbol: keyValue.get(METADATA_SYMBOL) ?? null }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function checkChunkBounds(chunk: ColumnData, rows: number, fail: Fail): void {
  if (chunk.rowStart < 0 || chunk.rowStart + chunk.columnData.length > rows) {
    throw fail(`column ${chunk.columnName} holds more values than the file's ${rows} rows`)
  }
}

/** Copies one decoded chunk into `target`: typed arrays in one move, anything else value by value. */
function copyNumbers(chunk: ColumnData, target: Float64Array, fail: Fail): void {
  checkChunkBounds(chunk, target.length, fail)
  const data = chunk.columnData
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array) {
    target.set(data, chunk.rowStart)
    return
  }
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i]
    let x = NaN
    if (typeof v === 'number') x = v
    else if (typeof v === 'bigint') x = Number(v)
    else if (typeof v === 'string' && v.trim() !== '') x = Number(v)
    if (Number.isNaN(x) && typeof v !== 'number') {
      throw fail(`row ${chunk.rowStart + i + 1}: ${describeValue(v)} is not a number`, chunk.columnName)
    }
    target[chunk.rowStart + i] = x
  }
}

/** A stored knowledge time must not precede its bar's open, and knowledge never goes back (BarSeries' rules, as data errors). */
function checkKnownAt(openTime: Float64Array, knownAt: Float64Array, name: string, fail: Fail): void {
  for (let i = 0; i < knownAt.length; i++) {
    if (knownAt[i]! < openTime[i]!) {
      throw fail(`row ${i + 1}: ${new Date(knownAt[i]!).toISOString()} is before the bar's open ${new Date(openTime[i]!).toISOString()}`, name)
    }
    if (i > 0 && knownAt[i]! < knownAt[i - 1]!) {
      throw fail(`row ${i + 1}: ${new Date(knownAt[i]!).toISOString()} is before the previous bar's ${new Date(knownAt[i - 1]!).toISOString()}`, name)
    }
  }
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
  fail: Fail,
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

function resolveInterval(label: string | undefined, openTime: Float64Array, fail: Fail): Interval {
  if (label !== undefined) {
    try {
      return parseInterval(label)
    } catch {
      throw fail(`metadata ${METADATA_INTERVAL} = ${JSON.stringify(label)} is not an interval`)
    }
  }
  const best = mostCommonStep(openTime)
  if (best === 0) throw fail(`${openTime.length === 0 ? 'no rows' : 'one row'} and no interval metadata: cannot tell the bar interval`)
  try {
    return intervalFromMillis(best)
  } catch {
    throw fail(`the most common step between timestamps, ${best} ms, is not a whole number of seconds`)
  }
}
