/**
 * `tradepulse/data`: reading, writing, validating, resampling and simulating bar data.
 */
export { type FileContent, type FileSink, writeFileAtomically } from './atomic-file.ts'
export {
  type BarFile,
  type BarFileFormat,
  type BarFileKind,
  type BarFileValidation,
  barFileFormat,
  readBarFile,
  sniffBarFile,
  validateBarFile,
  writeBarFile,
} from './bar-file.ts'
export { type BarColumns, BarSeries } from './bar-series.ts'
export { BarSeriesBuilder } from './bar-series-builder.ts'
export {
  type BarColumnRole,
  type CsvReadOptions,
  type IngestIssue,
  type IngestReport,
  type ValidationPolicy,
  readBarsCsv,
  validateBarsCsv,
  writeBarsCsv,
} from './csv/index.ts'
export { readBarsParquet, writeBarsParquet } from './parquet/index.ts'
export { BarResampler, type ResampleOptions, type ResampleResult, resampleBars } from './resample.ts'
export { type SimulatedUniverse, type UniverseSpec, simulateUniverse } from './simulator/index.ts'
export { type SeriesSummary, type SummaryOptions, summarizeSeries } from './summary.ts'
export type { SymbolReport, UniverseMember, UniverseReadOptions, UniverseReport } from './wide/types.ts'
export { isWideCsv, readUniverseCsv, validateUniverseCsv } from './wide/read-universe.ts'
