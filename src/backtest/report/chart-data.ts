/**
 * The series the page's charts draw, in lightweight-charts' shape: times in UTC seconds, values
 * as numbers. Prices before an instrument's first bar (NaN in the result) are left out. A series
 * longer than MAX_CHART_POINTS is thinned, keeping each stretch's extremes (downsample.ts). Trade
 * markers sit on the first drawn price at or after the fill (the equity may be sampled less often
 * than fills happen, and a long series is thinned), so each marker lands on a point of its series.
 */
import type { BacktestResult, TradeRecord } from '../result.ts'
import { drawdownSeries } from '../metrics/drawdown.ts'
import { downsampleMinMax } from './downsample.ts'

export interface ChartPoint {
  readonly time: number
  readonly value: number
}

export interface ChartMarker {
  readonly time: number
  readonly position: 'aboveBar' | 'belowBar'
  readonly shape: 'arrowUp' | 'arrowDown' | 'circle'
  readonly color: string
  readonly text: string
}

export interface InstrumentChart {
  readonly instrumentId: string
  readonly prices: readonly ChartPoint[]
  readonly markers: readonly ChartMarker[]
}

export interface ReportChartData {
  readonly equity: readonly ChartPoint[]
  readonly benchmark: readonly ChartPoint[]
  /** Drawdown in percent, 0 or below. */
  readonly drawdown: readonly ChartPoint[]
  readonly instruments: readonly InstrumentChart[]
  /** Whether the time axis should show times of day. */
  readonly intraday: boolean
  /** Equity points in the run; the series hold fewer when they were thinned for drawing. */
  readonly points: number
}

const LONG_COLOUR = '#15803d'
const SHORT_COLOUR = '#b91c1c'
const EXIT_COLOUR = '#374151'

function seconds(time: number): number {
  return Math.floor(time / 1000)
}

/** Index of the first time ≥ target, or the last index when every time is earlier. */
function atOrAfter(times: readonly number[], target: number): number {
  let low = 0
  let high = times.length - 1
  while (low < high) {
    const middle = (low + high) >>> 1
    if (times[middle]! < target) low = middle + 1
    else high = middle
  }
  return low
}

/** Markers sit on the first drawn price at or after the fill (`times` in seconds, ascending). */
function tradeMarkers(trade: TradeRecord, times: readonly number[]): ChartMarker[] {
  const long = trade.direction === 'long'
  const markers: ChartMarker[] = [
    {
      time: times[atOrAfter(times, trade.entryTime / 1000)]!,
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color: long ? LONG_COLOUR : SHORT_COLOUR,
      text: long ? 'Long' : 'Short',
    },
  ]
  if (trade.exitTime !== null) {
    markers.push({
      time: times[atOrAfter(times, trade.exitTime / 1000)]!,
      position: long ? 'aboveBar' : 'belowBar',
      shape: 'circle',
      color: EXIT_COLOUR,
      text: 'Exit',
    })
  }
  return markers
}

/** Points a chart series draws at most; longer series are thinned by downsampleMinMax. */
export const MAX_CHART_POINTS = 20_000

export function reportChartData(
  result: BacktestResult,
  maxPoints: number = MAX_CHART_POINTS,
): ReportChartData {
  const times = result.equity.map((point) => point.time)
  const drawdowns = drawdownSeries(result.equity.map((point) => point.equity))
  const instruments = Object.keys(result.closes)
    .sort()
    .map((instrumentId): InstrumentChart => {
      const closes = result.closes[instrumentId]!
      const allPrices: ChartPoint[] = []
      for (let i = 0; i < times.length; i++) {
        const close = closes[i]
        if (close !== undefined && Number.isFinite(close))
          allPrices.push({ time: seconds(times[i]!), value: close })
      }
      const prices = downsampleMinMax(allPrices, maxPoints)
      const priceTimes = prices.map((point) => point.time)
      const markers =
        priceTimes.length === 0
          ? []
          : result.trades
              .filter((trade) => trade.instrumentId === instrumentId)
              .flatMap((trade) => tradeMarkers(trade, priceTimes))
      // lightweight-charts wants markers in time order.
      markers.sort((a, b) => a.time - b.time)
      return { instrumentId, prices, markers }
    })
  return {
    equity: downsampleMinMax(
      result.equity.map((point) => ({ time: seconds(point.time), value: point.equity })),
      maxPoints,
    ),
    benchmark: downsampleMinMax(
      result.benchmark.map((point) => ({ time: seconds(point.time), value: point.equity })),
      maxPoints,
    ),
    drawdown: downsampleMinMax(
      drawdowns.map((drawdown, i) => ({
        time: seconds(times[i]!),
        value: drawdown === 0 ? 0 : -drawdown * 100,
      })),
      maxPoints,
    ),
    instruments,
    intraday: times.some((time) => time % 86_400_000 !== 0),
    points: times.length,
  }
}
