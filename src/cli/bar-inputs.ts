/**
 * Reading what a command is pointed at as a set of named bar series: one bar file, a directory of
 * them (side files without bars are passed over), or a wide file with one close column per symbol.
 * `analyze` and `backtest` read their inputs this way.
 */
import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { readBarFile } from '../data/bar-file.ts'
import type { BarSeries } from '../data/bar-series.ts'
import { errnoCode, fileErrorReason } from '../data/file-error.ts'
import { TradePulseError, isTradePulseError } from '../domain/errors.ts'
import { csvOptionsFrom } from './options.ts'
import { type WideFlags, readsWide, universeSeries } from './wide-input.ts'

const BAR_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.parquet'])

export interface BarInput {
  readonly name: string
  readonly series: BarSeries
  readonly notes: readonly string[]
}

export async function readBarInputs(path: string, flags: WideFlags): Promise<BarInput[]> {
  const info = await stat(path).catch((error: unknown) => {
    const code = errnoCode(error)
    const reason =
      code === undefined || code === 'ENOENT' ? 'no such file or directory' : fileErrorReason(code)
    throw new TradePulseError('DATA_FILE_NOT_FOUND', reason, { file: path })
  })
  if (!info.isDirectory()) {
    if (await readsWide(path, flags)) {
      return (await universeSeries(path, flags)).map((member) => ({ ...member, notes: [] }))
    }
    const { series, notes } = await readBarFile(path, csvOptionsFrom(flags))
    return [{ name: path, series, notes }]
  }
  const names = (await readdir(path)).filter((n) => BAR_EXTENSIONS.has(extname(n).toLowerCase())).sort()
  const files: BarInput[] = []
  for (const name of names) {
    try {
      const { series, notes } = await readBarFile(join(path, name), csvOptionsFrom(flags))
      files.push({ name, series, notes })
    } catch (error) {
      // A directory may hold side files (regimes.csv, labels): only bar files take part.
      if (isTradePulseError(error) && error.code === 'DATA_CSV_HEADER') continue
      throw error
    }
  }
  if (files.length === 0)
    throw new TradePulseError('DATA_EMPTY', 'no bar files in the directory', { file: path })
  return files
}
