/**
 * The Parquet layout TradePulse writes, and the names it recognises when reading files written
 * by other tools (pandas, polars, DuckDB, vendors' exports).
 */
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

/** Names accepted when reading, compared after lower-casing and dropping non-letters. */
export const ALIASES: Readonly<Record<ParquetBarRole, readonly string[]>> = {
  time: ['opentime', 'timestamp', 'datetime', 'time', 'date', 'ts', 'index', 'dt'],
  open: ['open', 'o', 'openprice'],
  high: ['high', 'h', 'highprice'],
  low: ['low', 'l', 'lowprice'],
  close: ['close', 'c', 'closeprice', 'last', 'price'],
  volume: ['volume', 'vol', 'v', 'basevolume'],
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}
