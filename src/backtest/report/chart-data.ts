/**
 * The series the page's charts draw, in lightweight-charts' shape: times in UTC seconds, values
 * as numbers. Prices before an instrument's first bar (NaN in the result) are left out. Trade
 * markers sit at the first equity time at or after the fill (the equity may be sampled less
 * often than fills happen), so each marker lands on a point of the price series.
 */
import type { BacktestResult, TradeRecord } from '../result.ts'
import { drawdownSeries } from '../metrics/drawdown.ts'

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

function tradeMarkers(trade: TradeRecord, times: readonly number[]): ChartMarker[] {
  const long = trade.direction === 'long'
  const markers: ChartMarker[] = [
    {
      time: seconds(times[atOrAfter(times, trade.entryTime)]!),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color: long ? LONG_COLOUR : SHORT_COLOUR,
      text: long ? 'Long' : 'Short',
    },
  ]
  if (trade.exitTime !== null) {
    markers.push({
      time: seconds(times[atOrAfter(times, trade.exitTime)]!),
      position: long ? 'aboveBar' : 'belowBar',
      shape: 'circle',
      color: EXIT_COLOUR,
      text: 'Exit',
    })
  }
  return markers
}

export function reportChartData(result: BacktestResult): ReportChartData {
  const times = result.equity.map((point) => point.time)
  const drawdowns = drawdownSeries(result.equity.map((point) => point.equity))
  const instruments = Object.keys(result.closes)
    .sort()
    .map((instrumentId): InstrumentChart => {
      const closes = result.closes[instrumentId]!
      const prices: ChartPoint[] = []
      for (let i = 0; i < times.length; i++) {
        const close = closes[i]
        if (close !== undefined && Number.isFinite(close))
          prices.push({ time: seconds(times[i]!), value: close })
      }
      const markers =
        times.length === 0
          ? []
          : result.trades
              .filter((trade) => trade.instrumentId === instrumentId)
              .flatMap((trade) => tradeMarkers(trade, times))
      // lightweight-charts wants markers in time order.
      markers.sort((a, b) => a.time - b.time)
      return { instrumentId, prices, markers }
    })
  return {
    equity: result.equity.map((point) => ({ time: seconds(point.time), value: point.equity })),
    benchmark: result.benchmark.map((point) => ({ time: seconds(point.time), value: point.equity })),
    drawdown: drawdowns.map((drawdown, i) => ({
      time: seconds(times[i]!),
      value: drawdown === 0 ? 0 : -drawdown * 100,
    })),
    instruments,
    intraday: times.some((time) => time % 86_400_000 !== 0),
  }
}
