/**
 * Indicator inputs from a bar series: every column by name, `value` bound to the field the caller
 * picks (the close by default), `time` to the open times, and `benchmark` to a second series'
 * closes when the indicator needs one (correlation, beta). Zero-copy: the columns are the series'
 * own arrays.
 */
import type { BarSeries } from '../data/bar-series.ts'
import { TradePulseError } from '../domain/errors.ts'
import { formatIso } from '../domain/time.ts'
import type { InputName } from './core/definition.ts'

export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume'

export const PRICE_FIELDS: readonly PriceField[] = ['open', 'high', 'low', 'close', 'volume']

export function inputsFromSeries(
  series: BarSeries,
  field: PriceField = 'close',
  benchmark?: BarSeries,
): Record<InputName, Float64Array> {
  if (benchmark !== undefined) checkAligned(series, benchmark)
  return {
    value: series[field],
    open: series.open,
    high: series.high,
    low: series.low,
    close: series.close,
    volume: series.volume,
    time: series.openTime,
    benchmark: benchmark?.close ?? new Float64Array(series.length).fill(Number.NaN),
  }
}

function checkAligned(series: BarSeries, benchmark: BarSeries): void {
  const n = Math.min(series.length, benchmark.length)
  for (let i = 0; i < n; i++) {
    if (series.openTime[i] !== benchmark.openTime[i]) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `benchmark bar ${i} opens at ${formatIso(benchmark.openTime[i]!)}, the series' at ${formatIso(series.openTime[i]!)}`,
        { field: 'benchmark' },
      )
    }
  }
  if (series.length !== benchmark.length) {
    throw new TradePulseError(
      'INDICATOR_INVALID_INPUT',
      `benchmark has ${benchmark.length} bars, the series ${series.length}`,
      { field: 'benchmark' },
    )
  }
}
