/**
 * Writes a bar series to Parquet with hyparquet-writer: `open_time` as INT64 TIMESTAMP(MILLIS,
 * UTC), prices and volume as DOUBLE, the interval and symbol in the file's key-value metadata so
 * a round trip keeps them. `knownAt` is stored only when some bar departs from the default rule
 * (openTime + interval), so files stay plain for other tools.
 */
import { parquetWriteFile } from 'hyparquet-writer'
import { TradePulseError } from '../../domain/errors.ts'
import type { BarSeries } from '../bar-series.ts'
import { METADATA_INTERVAL, METADATA_KNOWN_AT, METADATA_SYMBOL, WRITTEN_NAMES } from './schema.ts'

export interface ParquetWriteOptions {
  readonly symbol?: string
  /** Rows per row group; default 100,000 (large groups compress and scan best). */
  readonly rowGroupSize?: number
}

export function writeBarsParquet(series: BarSeries, path: string, options: ParquetWriteOptions = {}): Promise<void> {
  const n = series.length
  const openTime = new BigInt64Array(n)
  let knownAtIsDefault = true
  for (let i = 0; i < n; i++) {
    openTime[i] = BigInt(series.openTime[i]!)
    if (series.knownAt[i] !== series.openTime[i]! + series.interval.ms) knownAtIsDefault = false
  }
  const doubleNames = ['open', 'high', 'low', 'close', 'volume'] as const
  const columnData = [
    { name: WRITTEN_NAMES.time, data: openTime, nullable: false },
    ...doubleNames.map((role) => ({ name: WRITTEN_NAMES[role], data: series[role], nullable: false })),
  ]
  const schema = [
    { name: 'root', num_children: columnData.length + (knownAtIsDefault ? 0 : 1) },
    {
      name: WRITTEN_NAMES.time,
      type: 'INT64' as const,
      repetition_type: 'REQUIRED' as const,
      logical_type: { type: 'TIMESTAMP' as const, isAdjustedToUTC: true, unit: 'MILLIS' as const },
    },
    ...doubleNames.map((role) => ({ name: WRITTEN_NAMES[role], type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const })),
  ]
  if (!knownAtIsDefault) {
    const knownAt = new BigInt64Array(n)
    for (let i = 0; i < n; i++) knownAt[i] = BigInt(series.knownAt[i]!)
    columnData.push({ name: 'known_at', data: knownAt, nullable: false })
    schema.push({
      name: 'known_at',
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    })
  }
  const kvMetadata = [{ key: METADATA_INTERVAL, value: series.interval.label }]
  if (options.symbol !== undefined) kvMetadata.push({ key: METADATA_SYMBOL, value: options.symbol })
  if (!knownAtIsDefault) kvMetadata.push({ key: METADATA_KNOWN_AT, value: 'known_at' })
  try {
    parquetWriteFile({
      filename: path,
      columnData,
      schema,
      kvMetadata,
      rowGroupSize: options.rowGroupSize ?? 100_000,
      createdBy: 'tradepulse',
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return Promise.reject(new TradePulseError('DATA_PARQUET', `cannot write ${path}: ${reason}`, { file: path }))
  }
  return Promise.resolve()
}
