/** Parquet read and write of bar series (hyparquet, hyparquet-writer). */
export { type ParquetReadOptions, readBarsParquet } from './read.ts'
export { type ParquetWriteOptions, writeBarsParquet } from './write.ts'
