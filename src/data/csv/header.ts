/**
 * Which column holds which part of a bar. With a header, names are matched case-insensitively
 * against the aliases vendors use (`Date`, `<DATE>`, `Gmt time`, `Adj Close`, `Vol.`…), after
 * dropping punctuation and spaces. Without one, columns are taken by position:
 * time, open, high, low, close[, volume] — or date, time-of-day, open, … when the second column
 * holds times of day (MetaTrader exports). A `columns` mapping overrides either, by name or by
 * 1-based number. A header that names no time column gets one by content when exactly one free
 * column holds timestamps (time-column-by-content.ts).
 *
 * An adjusted close is never taken for the close: its open/high/low are unadjusted, so mixing
 * them breaks the bar. It is listed as ignored.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { timeColumnByContent } from './time-column-by-content.ts'
import type { BarColumnRole } from './types.ts'

import { ROLE_CLOSE, ROLE_HIGH, ROLE_LOW, ROLE_OPEN, ROLE_TIME, ROLE_VOLUME } from '../bar-rules.ts'

export { ROLE_CLOSE, ROLE_HIGH, ROLE_LOW, ROLE_OPEN, ROLE_TIME, ROLE_VOLUME }
/** The time-of-day half of a timestamp split over two columns. */
export const ROLE_TIME_OF_DAY = 6
export const ROLE_NONE = -1

export const BAR_ROLES: readonly BarColumnRole[] = ['time', 'open', 'high', 'low', 'close', 'volume']
const REQUIRED: readonly BarColumnRole[] = ['time', 'open', 'high', 'low', 'close']

/** Aliases by role, in order of preference, in compact form (lowercase letters and digits only). */
const ALIASES: Readonly<Record<BarColumnRole, readonly string[]>> = {
  time: [
    'timestamp',
    'datetime',
    'time',
    'date',
    'opentime',
    'gmttime',
    'utctime',
    'timeutc',
    'localtime',
    'bartime',
    'tradedate',
    'tradingdate',
    'day',
    'dt',
    'ts',
    'unixtime',
    'epoch',
    // German, French, Spanish, Italian and Russian broker exports
    'datum',
    'zeit',
    'fecha',
    'data',
    'дата',
  ],
  open: ['open', 'o', 'openprice', 'opening', 'openingprice', 'first', 'eroffnung', 'erster', 'ouverture', 'apertura', 'открытие'],
  high: ['high', 'h', 'highprice', 'highest', 'max', 'hoch', 'plushaut', 'maximo', 'massimo', 'максимум'],
  low: ['low', 'l', 'lowprice', 'lowest', 'min', 'tief', 'plusbas', 'minimo', 'минимум'],
  close: ['close', 'c', 'closeprice', 'closing', 'closingprice', 'last', 'lastprice', 'price', 'schluss', 'schlusskurs', 'letzter', 'cloture', 'cierre', 'chiusura', 'закрытие'],
  // `объем` is `Объём` without its diaeresis, as compactName leaves it.
  volume: ['volume', 'vol', 'v', 'realvolume', 'tickvol', 'tickvolume', 'qty', 'quantity', 'basevolume', 'volumen', 'volumi', 'объем'],
}
const ADJUSTED_CLOSE = new Set(['adjclose', 'adjustedclose', 'closeadj', 'closeadjusted', 'adjclosing'])
const DATE_ONLY_NAMES = new Set(['date', 'day', 'tradedate', 'tradingdate', 'datum', 'fecha', 'data', 'дата'])
const TIME_OF_DAY_NAMES = new Set(['time', 'zeit', 'hora', 'ora', 'heure', 'время'])

/**
 * `Adj. Close*` → `adjclose`; `<DATE>` → `date`; `Time (UTC)` → `timeutc`; `Eröffnung` → `eroffnung`;
 * `Объём` → `объем`. Letters of every script are kept, so non-Latin names stay distinct.
 */
export function compactName(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/** The bar field a header name stands for under the aliases above (`Last` → close), or null. */
export function barRoleOfName(name: string): BarColumnRole | null {
  const compact = compactName(name)
  return BAR_ROLES.find((role) => ALIASES[role].includes(compact)) ?? null
}

/**
 * A first line with letters (of any script: `Дата`, `日期`) and no field starting with a digit is a
 * header. Column names do not start with digits; every data row has prices, which do — so a first
 * row that is broken (`2024-01-02,abc,…`) is still taken for data, and reported. Bytes that are not
 * UTF-8 (a legacy code page) decode to U+FFFD and count as letters: they are names we cannot read,
 * not numbers.
 */
export function looksLikeHeader(fields: readonly string[]): boolean {
  return fields.some((f) => /[\p{L}\uFFFD]/u.test(f)) && !fields.some((f) => /^\s*"?\s*[+-]?\.?\d/.test(f))
}

export interface ColumnPlan {
  readonly fieldCount: number
  /** The role of each column (`ROLE_*`), `ROLE_NONE` for columns not read. */
  readonly roleOfColumn: Int8Array
  /** 0-based column of each `ROLE_*` (index 0–6), -1 when absent. */
  readonly columnOfRole: readonly number[]
  /** How issues name each column: its header name, or the role name without a header. */
  readonly fieldNames: readonly string[]
  /** For the report. */
  readonly columns: Readonly<Record<BarColumnRole, string | null>>
  readonly ignoredColumns: readonly string[]
  readonly notes: readonly string[]
}

export interface PlanInput {
  readonly file: string
  /** Header names, or null when the file has none. */
  readonly header: readonly string[] | null
  readonly fieldCount: number
  readonly mapping?: Partial<Record<BarColumnRole, string>>
  /** Whether the sampled values of a column are times of day. */
  readonly isTimeOfDay: (column: number) => boolean
  /** Whether every sampled value of a column is a timestamp: finds a time column no name points at. */
  readonly readsAsTimestamps?: (column: number) => boolean
}

export function planColumns(input: PlanInput): ColumnPlan {
  const { header, fieldCount, file } = input
  const names = header === null ? null : header.map((h) => h.trim())
  const columnOfRole: number[] = [-1, -1, -1, -1, -1, -1, -1]
  const taken = new Map<number, string>()
  const claim = (column: number, role: number, label: string): void => {
    const other = taken.get(column)
    if (other !== undefined) {
      throw new TradePulseError('DATA_CSV_HEADER', `column ${describeColumn(names, column)} is mapped to both ${other} and ${label}`, { file })
    }
    taken.set(column, label)
    columnOfRole[role] = column
  }
  for (const role of BAR_ROLES) {
    const wanted = input.mapping?.[role]
    if (wanted === undefined) continue
    const roleIndex = BAR_ROLES.indexOf(role)
    const single = findColumn(wanted, names, fieldCount)
    if (single !== undefined) {
      claim(single, roleIndex, role)
      continue
    }
    const parts = wanted.split('+').map((p) => findColumn(p, names, fieldCount))
    if (role === 'time' && parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) {
      claim(parts[0], ROLE_TIME, 'time')
      claim(parts[1], ROLE_TIME_OF_DAY, 'time of day')
      continue
    }
    const where = names === null ? `the file has no header and ${fieldCount} columns` : `the header is ${names.join(', ')}`
    throw new TradePulseError('DATA_CSV_HEADER', `column ${JSON.stringify(wanted)} for ${role} is not in the file: ${where}`, { file })
  }
  const notes: string[] = []
  if (names === null) planByPosition(columnOfRole, fieldCount, taken, input.isTimeOfDay)
  else planByName(columnOfRole, names, taken, input.isTimeOfDay)
  if (names !== null && columnOfRole[ROLE_TIME]! < 0 && input.readsAsTimestamps !== undefined) {
    const found = timeColumnByContent(file, names, (column) => !taken.has(column), input.readsAsTimestamps)
    if (found !== null) {
      claim(found.column, ROLE_TIME, 'time')
      notes.push(found.note)
    }
  }

  const missing = REQUIRED.filter((role) => columnOfRole[BAR_ROLES.indexOf(role)]! < 0)
  const adjusted = names?.findIndex((n) => ADJUSTED_CLOSE.has(compactName(n))) ?? -1
  if (missing.length > 0) {
    const found = names === null ? `the file has no header and ${fieldCount} columns` : `the header is ${names.join(', ')}`
    const encodingHint = names?.some((n) => n.includes('\uFFFD')) === true ? ' (it is not UTF-8 text: save the file as UTF-8)' : ''
    const adjustedHint =
      missing.includes('close') && adjusted >= 0
        ? ` (${names![adjusted]!} is an adjusted close, which is not mixed with unadjusted open/high/low; map it with columns.close if that is what you want)`
        : ''
    throw new TradePulseError(
      'DATA_CSV_HEADER',
      `no ${missing.join(', ')} column: ${found}${encodingHint}${adjustedHint}; name the columns with a mapping such as time=Date,close=Last`,
      { file },
    )
  }

  const roleOfColumn = new Int8Array(fieldCount).fill(ROLE_NONE)
  columnOfRole.forEach((column, role) => {
    if (column >= 0) roleOfColumn[column] = role
  })
  const fieldNames = Array.from({ length: fieldCount }, (_, column) => {
    const name = names?.[column]
    if (name !== undefined && name !== '') return name
    const role = roleOfColumn[column]!
    return role === ROLE_TIME_OF_DAY ? 'time of day' : role >= 0 ? BAR_ROLES[role]! : `column ${column + 1}`
  })
  const label = (column: number): string => (names === null ? `${column + 1}` : names[column]!)
  const timeColumn = columnOfRole[ROLE_TIME]!
  const timeOfDayColumn = columnOfRole[ROLE_TIME_OF_DAY]!
  const columns = {
    time: timeOfDayColumn >= 0 ? `${label(timeColumn)}+${label(timeOfDayColumn)}` : label(timeColumn),
    open: label(columnOfRole[ROLE_OPEN]!),
    high: label(columnOfRole[ROLE_HIGH]!),
    low: label(columnOfRole[ROLE_LOW]!),
    close: label(columnOfRole[ROLE_CLOSE]!),
    volume: columnOfRole[ROLE_VOLUME]! >= 0 ? label(columnOfRole[ROLE_VOLUME]!) : null,
  }
  const ignoredColumns: string[] = []
  for (let column = 0; column < fieldCount; column++) {
    if (roleOfColumn[column] !== ROLE_NONE) continue
    ignoredColumns.push(label(column))
    if (column === adjusted) notes.push(`column ${label(column)} (adjusted close) is ignored: close is read from ${columns.close}`)
  }
  if (columns.volume === null) notes.push('no volume column: every bar has volume 0')
  return { fieldCount, roleOfColumn, columnOfRole, fieldNames, columns, ignoredColumns, notes }
}

function describeColumn(names: readonly string[] | null, column: number): string {
  return names === null ? `${column + 1}` : `${column + 1} (${names[column]!})`
}

/** 0-based column for a mapping value: a 1-based number, or a header name (exact, then compact). */
function findColumn(wanted: string, names: readonly string[] | null, fieldCount: number): number | undefined {
  const text = wanted.trim()
  if (/^\d+$/.test(text)) {
    const n = Number(text)
    return n >= 1 && n <= fieldCount ? n - 1 : undefined
  }
  if (names === null) return undefined
  const lower = text.toLowerCase()
  const exact = names.findIndex((n) => n.toLowerCase() === lower)
  if (exact >= 0) return exact
  const compact = compactName(text)
  const loose = compact === '' ? -1 : names.findIndex((n) => compactName(n) === compact)
  return loose >= 0 ? loose : undefined
}

function planByName(
  columnOfRole: number[],
  names: readonly string[],
  taken: Map<number, string>,
  isTimeOfDay: (column: number) => boolean,
): void {
  const compact = names.map(compactName)
  const free = (column: number): boolean => !taken.has(column)
  if (columnOfRole[ROLE_TIME]! < 0) {
    const date = compact.findIndex((n, column) => DATE_ONLY_NAMES.has(n) && free(column))
    const time = compact.findIndex((n, column) => TIME_OF_DAY_NAMES.has(n) && free(column))
    if (date >= 0 && time >= 0 && isTimeOfDay(time)) {
      columnOfRole[ROLE_TIME] = date
      columnOfRole[ROLE_TIME_OF_DAY] = time
      taken.set(date, 'time').set(time, 'time of day')
    }
  }
  BAR_ROLES.forEach((role, roleIndex) => {
    if (columnOfRole[roleIndex]! >= 0) return
    for (const alias of ALIASES[role]) {
      const column = compact.findIndex((n, c) => n === alias && free(c))
      if (column >= 0) {
        columnOfRole[roleIndex] = column
        taken.set(column, role)
        return
      }
    }
  })
}

function planByPosition(
  columnOfRole: number[],
  fieldCount: number,
  taken: Map<number, string>,
  isTimeOfDay: (column: number) => boolean,
): void {
  // Roles the mapping left out take their usual position, if that column is still free.
  const split =
    columnOfRole[ROLE_TIME_OF_DAY]! >= 0 || (columnOfRole[ROLE_TIME]! < 0 && fieldCount >= 6 && !taken.has(0) && !taken.has(1) && isTimeOfDay(1))
  const first = split ? 2 : 1
  const defaults = [0, first, first + 1, first + 2, first + 3, first + 4, split ? 1 : -1]
  defaults.forEach((column, role) => {
    if (columnOfRole[role]! >= 0 || column < 0 || column >= fieldCount || taken.has(column)) return
    columnOfRole[role] = column
    taken.set(column, String(role))
  })
}
