/**
 * Bars for strategy tests: one-minute bars from rows of prices (by hand) or a seeded random walk
 * (from the indicators' test inputs), and the test instrument (a share: tick 0.01, lot 1).
 */
import { BarSeries } from '../../data/bar-series.ts'
import { type Instrument, defineInstrument } from '../../domain/instrument.ts'
import { parseInterval } from '../../domain/time.ts'
import { randomInputs } from '../../indicators/testing/random-inputs.ts'
import type { DriverInstrument } from './driver.ts'

export const TEST_INSTRUMENT: Instrument = defineInstrument({
  symbol: 'TEST',
  venue: 'SIM',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

const MINUTE = parseInterval('1m')
const T0 = Date.UTC(2024, 0, 2, 14, 30)

/** One-minute bars from [open, high, low, close] rows, the first opening at 2024-01-02 14:30 UTC. */
export function minuteBars(rows: readonly (readonly [number, number, number, number])[]): BarSeries {
  return BarSeries.fromBars(
    rows.map(([open, high, low, close], i) => ({
      openTime: (T0 + i * 60_000) as never,
      interval: MINUTE,
      knownAt: (T0 + (i + 1) * 60_000) as never,
      open,
      high,
      low,
      close,
      volume: 1000,
    })),
    MINUTE,
  )
}

/** Bars whose open, high, low and close are all `close` (for tests of close-only rules). */
export function flatBars(closes: readonly number[]): BarSeries {
  return minuteBars(closes.map((c) => [c, c, c, c] as const))
}

/** A seeded geometric random walk of `length` one-minute bars (volatility per bar as given). */
export function randomWalkBars(length: number, seed: number, volatility = 0.01): BarSeries {
  const c = randomInputs({ length, seed, volatility })
  const knownAt = new Float64Array(length)
  for (let i = 0; i < length; i++) knownAt[i] = c.time[i]! + 60_000
  return new BarSeries(
    { openTime: c.time, knownAt, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume },
    MINUTE,
  )
}

export function single(bars: BarSeries, instrument: Instrument = TEST_INSTRUMENT): DriverInstrument[] {
  return [{ instrument, bars }]
}
