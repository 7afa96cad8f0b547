/**
 * An instrument for a series that came without one (a CSV of bars): a tick size on which the
 * series' prices lie, so that no price from the data moves when it becomes ticks, and a lot of
 * one unit.
 *
 * The tick is the coarsest of 0.01, 0.001, … 0.000001 that holds every open, high, low and close
 * exactly (within 1e-9 of a tick). Prices that fit no such grid (generated data with full float
 * precision) get a tick with at least six significant digits at the smallest price, between
 * 0.01 and 0.00000001.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import { type Instrument, defineInstrument } from '../../domain/instrument.ts'

const MIN_DECIMALS = 2
const MAX_GRID_DECIMALS = 6
const MAX_DECIMALS = 8

function fitsGrid(column: Float64Array, decimals: number): boolean {
  const scale = 10 ** decimals
  for (let i = 0; i < column.length; i++) {
    const scaled = column[i]! * scale
    if (Math.abs(scaled - Math.round(scaled)) > 1e-9 * Math.max(1, Math.abs(scaled)) + 1e-7) return false
  }
  return true
}

/** Decimals of the tick for `series`: see the module comment. */
export function tickDecimals(series: BarSeries): number {
  const columns = [series.open, series.high, series.low, series.close]
  for (let d = MIN_DECIMALS; d <= MAX_GRID_DECIMALS; d++) {
    if (columns.every((c) => fitsGrid(c, d))) return d
  }
  let smallest = Number.POSITIVE_INFINITY
  for (const c of columns)
    for (let i = 0; i < c.length; i++) if (c[i]! > 0 && c[i]! < smallest) smallest = c[i]!
  const digits = Number.isFinite(smallest) ? 5 - Math.floor(Math.log10(smallest)) : MIN_DECIMALS
  return Math.min(MAX_DECIMALS, Math.max(MIN_DECIMALS, digits))
}

export function instrumentForSeries(symbol: string, series: BarSeries, currency = 'USD'): Instrument {
  const decimals = tickDecimals(series)
  return defineInstrument({
    symbol,
    venue: 'BACKTEST',
    assetClass: 'equity',
    quoteCurrency: currency,
    tickSize: `0.${'0'.repeat(decimals - 1)}1`,
    lotSize: '1',
  })
}
