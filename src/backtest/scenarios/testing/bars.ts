/** Small hand-made series and a fast-check arbitrary of valid ones, for the scenario tests. */
import fc from 'fast-check'
import { BarSeries } from '../../../data/bar-series.ts'
import { type UnixMillis, parseInterval } from '../../../domain/time.ts'

export const MINUTE_BARS = parseInterval('1m')
export const T0 = Date.UTC(2026, 0, 5, 14, 30)

export interface BarValues {
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** One-minute bars from `T0`, each known at its close. */
export function minuteSeries(bars: readonly BarValues[]): BarSeries {
  return BarSeries.fromBars(
    bars.map((b, i) => ({
      ...b,
      openTime: (T0 + i * 60_000) as UnixMillis,
      knownAt: (T0 + (i + 1) * 60_000) as UnixMillis,
      interval: MINUTE_BARS,
    })),
    MINUTE_BARS,
  )
}

/** `count` identical bars: open = close = 100, high 101, low 99, volume 1000. */
export function flatSeries(count: number): BarSeries {
  return minuteSeries(
    Array.from({ length: count }, () => ({ open: 100, high: 101, low: 99, close: 100, volume: 1000 })),
  )
}

const price = fc.double({ min: 0.01, max: 1e6, noNaN: true, noDefaultInfinity: true })

/** A valid bar: the envelope holds and the volume is ≥ 0. */
export const barValues: fc.Arbitrary<BarValues> = fc
  .tuple(
    price,
    price,
    fc.double({ min: 1, max: 1.5, noNaN: true }),
    fc.double({ min: 0.5, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1e9, noNaN: true }),
  )
  .map(([open, close, up, down, volume]) => ({
    open,
    close,
    high: Math.max(open, close) * up,
    low: Math.min(open, close) * down,
    volume,
  }))

export const validSeries: fc.Arbitrary<BarSeries> = fc
  .array(barValues, { minLength: 1, maxLength: 60 })
  .map(minuteSeries)
