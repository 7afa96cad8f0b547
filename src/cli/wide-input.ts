/**
 * Wide files on the command line: `--wide`, the detection the commands that read one run first
 * (`data validate`, `data info`, `analyze`), and the reader options the shared flags map to. A
 * wide file has a time column and symbols, so of `--columns` only `time=COLUMN` applies.
 */
import { Option } from 'commander'
import { barFileFormat } from '../data/bar-file.ts'
import type { BarSeries } from '../data/bar-series.ts'
import { isWideCsv, readUniverseCsv } from '../data/wide/read-universe.ts'
import type { UniverseReadOptions } from '../data/wide/types.ts'
import { TradePulseError, isTradePulseError } from '../domain/errors.ts'
import { type ReaderFlags, parseColumnsOption, sharedReaderOptions, usageError } from './options.ts'

export interface WideFlags extends ReaderFlags {
  readonly wide?: boolean
}

export function wideOption(): Option {
  return new Option(
    '--wide',
    'read a wide file: a time column, then one close column per symbol (default: detected)',
  )
}

export function universeOptionsFrom(flags: ReaderFlags): UniverseReadOptions {
  let timeColumn: string | undefined
  if (flags.columns !== undefined) {
    const { time, ...others } = parseColumnsOption(flags.columns)
    const roles = Object.keys(others)
    if (roles.length > 0) {
      throw usageError(
        '--columns',
        `a wide file has a time column and symbols; only time=COLUMN applies, got ${roles.join(', ')}`,
      )
    }
    timeColumn = time
  }
  return { ...sharedReaderOptions(flags), ...(timeColumn === undefined ? {} : { timeColumn }) }
}

/**
 * Whether to read `path` as a wide file: when `--wide` says so, or when it is a CSV file that
 * looks wide and no `--columns` mapping says it holds bars.
 */
export async function readsWide(path: string, flags: WideFlags): Promise<boolean> {
  if (flags.wide === true) {
    universeOptionsFrom(flags)
    return true
  }
  if (flags.columns !== undefined) return false
  try {
    if (barFileFormat(path) !== 'csv') return false
  } catch (error) {
    // An unknown extension: the bar reader says so.
    if (isTradePulseError(error)) return false
    throw error
  }
  return isWideCsv(path, universeOptionsFrom(flags))
}

/** The symbols of a wide file that have at least one close, as named series. */
export async function universeSeries(
  path: string,
  flags: ReaderFlags,
): Promise<{ name: string; series: BarSeries }[]> {
  const { universe } = await readUniverseCsv(path, universeOptionsFrom(flags))
  const listed = universe.filter((member) => member.series.length > 0)
  if (listed.length === 0) throw new TradePulseError('DATA_EMPTY', 'no symbol has a close', { file: path })
  return listed.map((member) => ({ name: member.symbol, series: member.series }))
}
