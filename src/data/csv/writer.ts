/**
 * Bars back to CSV: `time,open,high,low,close,volume` (`date,…` for date-only output), comma
 * delimited, LF line ends, no quoting (nothing written needs it). Numbers are written in the
 * shortest form that reads back to the same double unless a precision is asked for, so a file
 * written and read again gives identical columns. `knownAt` is not written: the reader derives it
 * as openTime + interval, which is what it is for every bar read from a file.
 *
 * Output goes out in blocks of about 64 KiB, waiting for each to be taken, so writing ten
 * million bars holds one block in memory. A stream passed in is not ended (it may be stdout). A
 * file is written whole or not at all (atomic-file.ts): a failure halfway leaves any previous
 * file as it was.
 */
import { once } from 'node:events'
import { TradePulseError } from '../../domain/errors.ts'
import { MS_PER_DAY, formatIso } from '../../domain/time.ts'
import { writeFileAtomically } from '../atomic-file.ts'
import type { BarSeries } from '../bar-series.ts'
import type { CsvWriteOptions } from './types.ts'

const BLOCK_ROWS = 1024

export async function writeBarsCsv(series: BarSeries, target: string | NodeJS.WritableStream, options: CsvWriteOptions = {}): Promise<void> {
  const timeFormat = options.timeFormat ?? 'iso'
  const { precision } = options
  if (precision !== undefined && (!Number.isInteger(precision) || precision < 0 || precision > 100)) {
    throw new RangeError(`precision must be an integer from 0 to 100, was ${precision}`)
  }
  if (timeFormat === 'date') {
    const i = series.openTime.findIndex((t) => t % MS_PER_DAY !== 0)
    if (i >= 0) {
      throw new TradePulseError(
        'DATA_UNSUPPORTED_FORMAT',
        `dates alone cannot hold bar ${i}, which opens at ${formatIso(series.openTime[i]!)}: write times (iso or epoch-ms)`,
      )
    }
  }
  const formatTime = timeFormat === 'iso' ? formatIso : timeFormat === 'date' ? (t: number) => formatIso(t).slice(0, 10) : String
  const formatNumber = precision === undefined ? String : (x: number) => x.toFixed(precision)
  const blocks = function* (): Generator<string> {
    let block = `${timeFormat === 'date' ? 'date' : 'time'},open,high,low,close,volume\n`
    const { openTime, open, high, low, close, volume } = series
    for (let i = 0; i < series.length; i++) {
      block += `${formatTime(openTime[i]!)},${formatNumber(open[i]!)},${formatNumber(high[i]!)},${formatNumber(low[i]!)},${formatNumber(close[i]!)},${formatNumber(volume[i]!)}\n`
      if ((i + 1) % BLOCK_ROWS === 0) {
        yield block
        block = ''
      }
    }
    if (block !== '') yield block
  }
  if (typeof target === 'string') {
    await writeFileAtomically(target, async (sink) => {
      for (const block of blocks()) await sink.write(block)
    })
    return
  }
  for (const block of blocks()) {
    if (!target.write(block)) await once(target, 'drain')
  }
}
