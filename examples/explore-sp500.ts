/**
 * A first look at the library API: read the bundled S&P 500 file, see what a strategy would
 * know on the morning of 2008-10-10, resample to weekly bars and summarise the crisis year.
 *
 *   node examples/explore-sp500.ts
 */
import { fileURLToPath } from 'node:url'
import { formatIso, parseInterval, tradingCalendar } from '../src/index.ts'
import { readBarsCsv, resampleBars, summarizeSeries } from '../src/data/index.ts'

const { series, report } = await readBarsCsv(
  fileURLToPath(new URL('../data/sp500-2000.csv', import.meta.url)),
)
// The reader inferred the NYSE calendar: the weekdays without a bar are its holidays.
const day = (t: number): number => Math.floor(t / 86_400_000)
const holidays = tradingCalendar(report.calendar).closuresBetween(
  day(series.openTime[0]!),
  day(series.openTime[series.length - 1]!),
)
console.log(
  `${report.barsAccepted} daily bars, ${report.gaps.count} gaps on the ${report.calendar} calendar, ` +
    `which closed on ${holidays.length} weekdays (the first: ${holidays[0]?.name ?? 'none'})`,
)

// On 2008-10-10 at 14:30 UTC (the New York open) the close of the 10th is not known yet:
// a daily bar from a date-only file is known at 24:00 UTC of its date.
const morning = Date.UTC(2008, 9, 10, 14, 30)
const known = series.knownBy(morning)
console.log(
  `known at ${formatIso(morning)}: ${known.length} bars, the last opened ${formatIso(known.openTime[known.length - 1]!)}`,
)

// Slicing by time shares the buffers: no copy of twenty years of data.
const crisis = series.sliceByTime(Date.UTC(2008, 0, 1), Date.UTC(2009, 0, 1))
const summary = summarizeSeries(crisis)
console.log(
  `2008: ${summary.bars} bars, return ${(summary.totalReturn * 100).toFixed(1)}%, ` +
    `max drawdown ${(summary.maxDrawdown * 100).toFixed(1)}%, volatility ${(summary.annualisedVolatility * 100).toFixed(1)}% a year`,
)

const { bars: weeks, partial } = resampleBars(crisis, parseInterval('1w'))
console.log(
  `${weeks.length} finished weeks in 2008; the last one is ${partial === null ? 'finished too' : 'still forming'}`,
)
