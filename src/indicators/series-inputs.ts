/**
 * Indicator inputs from a bar series: every column by name, `value` bound to the field the caller
 * picks (the close by default), `time` to the open times, `benchmark` to a second series' closes
 * when the indicator needs one (correlation, beta), and the order flow a bar series can give:
 * `buyVolume` and `sellVolume` classified from the bars (tick rule by default, or bulk volume
 * classification; volume-classification.ts). Bars carry no quotes, so `bid`, `ask`, `bidSize`
 * and `askSize` are absent unless the caller supplies them from quote data (`orderFlow`), and
 * `inputsFor` refuses an indicator that reads a missing column, naming it. Zero-copy for the bar
 * columns: they are the series' own arrays.
 */
import type { BarSeries } from '../data/bar-series.ts'
import { TradePulseError } from '../domain/errors.ts'
import { formatIso } from '../domain/time.ts'
import { type AnyIndicator, type InputName, type OrderFlowInputName, missingHint } from './core/definition.ts'
import { type VolumeClassification, classifyVolume } from './microstructure/volume-classification.ts'

export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume'

export const PRICE_FIELDS: readonly PriceField[] = ['open', 'high', 'low', 'close', 'volume']

/** Input columns by name; a column the data does not have is absent. */
export type SeriesInputs = Partial<Record<InputName, Float64Array>>

export interface SeriesInputOptions {
  /** How bar volume is split into bought and sold volume (default `tick-rule`). */
  readonly classification?: VolumeClassification
  /** Order-flow columns from trade or quote data on the same bars; they replace the classified ones. */
  readonly orderFlow?: Partial<Record<OrderFlowInputName, Float64Array>>
}

export function inputsFromSeries(
  series: BarSeries,
  field: PriceField = 'close',
  benchmark?: BarSeries,
  options: SeriesInputOptions = {},
): SeriesInputs {
  if (benchmark !== undefined) checkAligned(series, benchmark)
  const classified = classifyVolume(series.close, series.volume, options.classification)
  const inputs: SeriesInputs = {
    value: series[field],
    open: series.open,
    high: series.high,
    low: series.low,
    close: series.close,
    volume: series.volume,
    time: series.openTime,
    benchmark: benchmark?.close ?? new Float64Array(series.length).fill(Number.NaN),
    buyVolume: classified.buyVolume,
    sellVolume: classified.sellVolume,
  }
  for (const [name, column] of Object.entries(options.orderFlow ?? {}) as [
    OrderFlowInputName,
    Float64Array,
  ][]) {
    if (column.length !== series.length) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `order-flow column "${name}" has ${column.length} values, the series ${series.length}`,
        { field: name },
      )
    }
    inputs[name] = column
  }
  return inputs
}

/**
 * The columns `indicator` reads, picked from `inputs`; INDICATOR_INVALID_INPUT naming the first
 * missing column (and where it comes from) when the data lacks one.
 */
export function inputsFor(indicator: AnyIndicator, inputs: SeriesInputs): Record<InputName, Float64Array> {
  const picked = {} as Record<InputName, Float64Array>
  for (const name of indicator.inputs) {
    const column = inputs[name]
    if (column === undefined) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `${indicator.name} reads "${name}", which this data does not have${missingHint(name)}`,
        { field: name },
      )
    }
    picked[name] = column
  }
  return picked
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
