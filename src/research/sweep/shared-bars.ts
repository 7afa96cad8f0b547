/**
 * Bars shared with worker threads without a copy per job or per worker: each instrument's seven
 * columns are copied once into one SharedArrayBuffer, and every worker makes its `BarSeries` over
 * views of that same memory. A series is read-only by contract (data/bar-series.ts), so the
 * workers may share it without locks.
 */
import type { InstrumentBars } from '../../backtest/input.ts'
import { BAR_FIELDS, BarSeries } from '../../data/bar-series.ts'
import type { Instrument } from '../../domain/instrument.ts'
import type { Interval } from '../../domain/time.ts'

/** What crosses to a worker: structured-clonable, the buffer shared rather than copied. */
export interface SharedInstrumentBars {
  readonly instrument: Instrument
  readonly source: string
  readonly interval: Interval
  readonly length: number
  /** BAR_FIELDS columns one after another, `length` float64 values each. */
  readonly buffer: SharedArrayBuffer
}

export function shareBars(data: readonly InstrumentBars[]): SharedInstrumentBars[] {
  return data.map(({ instrument, source, series }) => {
    const length = series.length
    const buffer = new SharedArrayBuffer(BAR_FIELDS.length * length * Float64Array.BYTES_PER_ELEMENT)
    BAR_FIELDS.forEach((field, k) => {
      new Float64Array(buffer, k * length * Float64Array.BYTES_PER_ELEMENT, length).set(series[field])
    })
    return { instrument, source, interval: series.interval, length, buffer }
  })
}

export function sharedToBars(shared: readonly SharedInstrumentBars[]): InstrumentBars[] {
  return shared.map(({ instrument, source, interval, length, buffer }) => {
    const column = (k: number): Float64Array =>
      new Float64Array(buffer, k * length * Float64Array.BYTES_PER_ELEMENT, length)
    const [openTime, knownAt, open, high, low, close, volume] = BAR_FIELDS.map((_, k) => column(k)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ]
    const series = new BarSeries({ openTime, knownAt, open, high, low, close, volume }, interval)
    return { instrument, source, series }
  })
}
