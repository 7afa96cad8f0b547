/**
 * A description of a bar series a person can read at a glance: span, price range, return,
 * volatility, drawdown, volume, gaps. Pure arithmetic over the columns, one pass each.
 */
import { isWeekend } from '../domain/civil.ts'
import { formatIso } from '../domain/time.ts'
import type { BarSeries } from './bar-series.ts'
import { type GapCalendar, GapTracker, resolveGapCalendar } from './gaps.ts'

const MS_PER_YEAR = 365.25 * 86_400_000

export interface SeriesSummary {
  readonly bars: number
  readonly interval: string
  readonly first: string | null
  readonly last: string | null
  /** When the last bar became known: the earliest time a strategy could act on all of it. */
  readonly lastKnownAt: string | null
  readonly firstOpen: number
  readonly lastClose: number
  readonly lowest: number
  readonly highest: number
  readonly totalReturn: number
  /** Compound annual growth, from first open to last close over the calendar span. */
  readonly annualisedReturn: number
  /** Standard deviation of log returns of closes, scaled by the observed bars per year. */
  readonly annualisedVolatility: number
  readonly maxDrawdown: number
  readonly maxDrawdownPeak: string | null
  readonly maxDrawdownTrough: string | null
  readonly totalVolume: number
  /** Steps between consecutive bars that leave out bars of the interval, on `calendar`. */
  readonly gaps: number
  readonly missingBars: number
  /** The calendar gaps are counted on: the one asked for, or the one `auto` inferred (see gaps.ts). */
  readonly calendar: GapCalendar
  readonly largestGap: string | null
}

export interface SummaryOptions {
  /** Trading calendar for the gap count; default `auto`, inferred as the CSV reader does. */
  readonly calendar?: GapCalendar | 'auto'
}

export function summarizeSeries(series: BarSeries, options: SummaryOptions = {}): SeriesSummary {
  const n = series.length
  const { openTime, open, high, low, close, volume } = series
  let lowest = Infinity
  let highest = -Infinity
  let totalVolume = 0
  const gapTracker = new GapTracker(series.interval.ms)
  let sawWeekend = false
  let peak = -Infinity
  let peakIndex = -1
  let maxDrawdown = 0
  let ddPeak = -1
  let ddTrough = -1
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < n; i++) {
    if (low[i]! < lowest) lowest = low[i]!
    if (high[i]! > highest) highest = high[i]!
    totalVolume += volume[i]!
    const c = close[i]!
    if (c > peak) {
      peak = c
      peakIndex = i
    }
    const drawdown = peak > 0 ? 1 - c / peak : 0
    if (drawdown > maxDrawdown) {
      maxDrawdown = drawdown
      ddPeak = peakIndex
      ddTrough = i
    }
    if (isWeekend(openTime[i]!)) sawWeekend = true
    if (i > 0) {
      gapTracker.step(openTime[i - 1]!, openTime[i]!, i)
      const r = Math.log(c / close[i - 1]!)
      sum += r
      sumSq += r * r
    }
  }
  const returns = n - 1
  const variance = returns > 1 ? (sumSq - (sum * sum) / returns) / (returns - 1) : NaN
  const spanMs = n > 0 ? series.knownAt[n - 1]! - openTime[0]! : 0
  const years = spanMs / MS_PER_YEAR
  const barsPerYear = years > 0 ? n / years : NaN
  const firstOpen = n > 0 ? open[0]! : NaN
  const lastClose = n > 0 ? close[n - 1]! : NaN
  const totalReturn = lastClose / firstOpen - 1
  const calendar = resolveGapCalendar(options.calendar ?? 'auto', gapTracker, {
    sawWeekend,
    firstTime: n > 0 ? openTime[0]! : 0,
    lastTime: n > 0 ? openTime[n - 1]! : 0,
  })
  const gaps = gapTracker.tally(calendar)
  const largest = gaps.records.reduce<(typeof gaps.records)[number] | null>(
    (best, gap) => (best === null || gap.hi - gap.lo > best.hi - best.lo ? gap : best),
    null,
  )
  const iso = (i: number): string | null => (i >= 0 && i < n ? formatIso(openTime[i]!) : null)
  return {
    bars: n,
    interval: series.interval.label,
    first: iso(0),
    last: iso(n - 1),
    lastKnownAt: n > 0 ? formatIso(series.knownAt[n - 1]!) : null,
    firstOpen,
    lastClose,
    lowest: n > 0 ? lowest : NaN,
    highest: n > 0 ? highest : NaN,
    totalReturn,
    annualisedReturn: years > 0 ? Math.pow(1 + totalReturn, 1 / years) - 1 : NaN,
    annualisedVolatility: Math.sqrt(variance * barsPerYear),
    maxDrawdown,
    maxDrawdownPeak: iso(ddPeak),
    maxDrawdownTrough: iso(ddTrough),
    totalVolume,
    gaps: gaps.count,
    missingBars: gaps.missingBars,
    calendar,
    largestGap: largest === null ? null : `${formatDuration(largest.hi - largest.lo)} before ${formatIso(largest.hi)}`,
  }
}

export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ]
  const parts: string[] = []
  let rest = ms
  for (const [label, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${label}`)
      rest %= size
    }
  }
  return parts.length === 0 ? `${ms}ms` : parts.join(' ')
}
