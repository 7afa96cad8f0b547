/**
 * Hand-made bar series for the engine's tests: rows of open, high, low, close, volume, one per
 * interval from a start time, so every price in an expected value can be read off the fixture.
 */
import { BarSeries } from '../../../data/bar-series.ts'
import { type Instrument, defineInstrument } from '../../../domain/instrument.ts'
import type { Bar } from '../../../domain/market-data.ts'
import { type UnixMillis, parseInterval } from '../../../domain/time.ts'

export type Row = readonly [open: number, high: number, low: number, close: number, volume: number]

export const DAY_MS = 86_400_000

/** Bars of `interval` opening at `start`, `start + interval`, … (or at the given open times). */
export function seriesOf(
  rows: readonly Row[],
  interval = '1d',
  start = 0,
  openTimes?: readonly number[],
): BarSeries {
  const step = parseInterval(interval)
  const bars: Bar[] = rows.map(([open, high, low, close, volume], i) => {
    const openTime = (openTimes?.[i] ?? start + i * step.ms) as UnixMillis
    return {
      openTime,
      interval: step,
      knownAt: (openTime + step.ms) as UnixMillis,
      open,
      high,
      low,
      close,
      volume,
    }
  })
  return BarSeries.fromBars(bars, step)
}

/** Flat bars at `price` (open = high = low = close), `volume` each. */
export function flatRows(prices: readonly number[], volume = 1_000_000): Row[] {
  return prices.map((p) => [p, p, p, p, volume] as const)
}

export function equity(symbol: string, tickSize = '0.01'): Instrument {
  return defineInstrument({
    symbol,
    venue: 'BACKTEST',
    assetClass: 'equity',
    quoteCurrency: 'USD',
    tickSize,
    lotSize: '1',
  })
}
