/**
 * Bar files by extension: `.csv`, `.tsv` and `.txt` go through the CSV reader, `.parquet`
 * through the Parquet reader. One place decides, so every command accepts both.
 */
import { extname } from 'node:path'
import { TradePulseError } from '../domain/errors.ts'
import { MS_PER_DAY } from '../domain/time.ts'
import type { BarSeries } from './bar-series.ts'
import { type CsvReadOptions, type IngestReport, readBarsCsv, writeBarsCsv } from './csv/index.ts'
import { readBarsParquet, writeBarsParquet } from './parquet/index.ts'

export type BarFileFormat = 'csv' | 'parquet'

export function barFileFormat(path: string): BarFileFormat {
  const extension = extname(path).toLowerCase()
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt') return 'csv'
  if (extension === '.parquet' || extension === '.pq') return 'parquet'
  throw new TradePulseError(
    'DATA_UNSUPPORTED_FORMAT',
    `cannot tell the format of ${path} from its extension "${extension}": use .csv, .tsv, .txt or .parquet`,
    { file: path },
  )
}

export interface BarFile {
  readonly series: BarSeries
  readonly format: BarFileFormat
  /** The ingestion report, for CSV input; Parquet files are typed and validated on read. */
  readonly report: IngestReport | null
}

export async function readBarFile(path: string, options: CsvReadOptions = {}): Promise<BarFile> {
  const format = barFileFormat(path)
  if (format === 'parquet') {
    const { series } = await readBarsParquet(path, options.columns === undefined ? {} : { columns: options.columns })
    return { series, format, report: null }
  }
  const { series, report } = await readBarsCsv(path, options)
  return { series, format, report }
}

export async function writeBarFile(series: BarSeries, path: string, options: { symbol?: string } = {}): Promise<void> {
  if (barFileFormat(path) === 'parquet') {
    await writeBarsParquet(series, path, options.symbol === undefined ? {} : { symbol: options.symbol })
    return
  }
  await writeBarsCsv(series, path, { timeFormat: csvTimeFormatFor(series) })
}

/** Dates alone when every bar opens at 00:00 UTC (daily and weekly bars), full times otherwise. */
export function csvTimeFormatFor(series: BarSeries): 'date' | 'iso' {
  for (let i = 0; i < series.length; i++) {
    if (series.openTime[i]! % MS_PER_DAY !== 0) return 'iso'
  }
  return series.length > 0 && series.interval.ms % MS_PER_DAY === 0 ? 'date' : 'iso'
}
