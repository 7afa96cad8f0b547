/**
 * The Parquet layout TradePulse writes, and the names it recognises when reading files written
 * by other tools (pandas, polars, DuckDB, vendors' exports).
 */
import type { SchemaElement } from 'hyparquet'

export const METADATA_INTERVAL = 'tradepulse.interval'
export const METADATA_SYMBOL = 'tradepulse.symbol'
export const METADATA_KNOWN_AT = 'tradepulse.knownAt'

export type ParquetBarRole = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume'

/** Column names we write, by role. */
export const WRITTEN_NAMES: Readonly<Record<ParquetBarRole, string>> = {
  time: 'open_time',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
}
export const KNOWN_AT_NAME = 'known_at'

/**
 * Names accepted when reading, compared after lower-casing and dropping everything but letters
 * and digits, in order of preference. `indexlevel0` is pandas' name for an unnamed index (a
 * DatetimeIndex saved with `to_parquet`); `t`, `o`, `h`, `l`, `c`, `v` are Polygon's aggregates.
 */
export const ALIASES: Readonly<Record<ParquetBarRole, readonly string[]>> = {
  time: ['opentime', 'timestamp', 'datetime', 'time', 'date', 'ts', 't', 'index', 'dt', 'indexlevel0'],
  open: ['open', 'o', 'openprice'],
  high: ['high', 'h', 'highprice'],
  low: ['low', 'l', 'lowprice'],
  close: ['close', 'c', 'closeprice', 'last', 'price'],
  volume: ['volume', 'vol', 'v', 'basevolume'],
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** A column whose type already says it holds instants (TIMESTAMP, DATE, or the legacy INT96). */
export function isTemporalElement(element: SchemaElement): boolean {
  const converted = element.converted_type
  const logical = element.logical_type?.type
  return (
    logical === 'TIMESTAMP' ||
    logical === 'DATE' ||
    converted === 'TIMESTAMP_MILLIS' ||
    converted === 'TIMESTAMP_MICROS' ||
    converted === 'DATE' ||
    (element.type === 'INT96' && converted === undefined)
  )
}
