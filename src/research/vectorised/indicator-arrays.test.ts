import { describe, expect, it } from 'vitest'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { Atr } from '../../indicators/classic/atr.ts'
import { Bollinger } from '../../indicators/classic/bollinger.ts'
import { Donchian } from '../../indicators/classic/donchian.ts'
import { Ema } from '../../indicators/classic/ema.ts'
import { Rsi } from '../../indicators/classic/rsi.ts'
import { Sma } from '../../indicators/classic/sma.ts'
import {
  IndicatorArrays,
  averageTrueRange,
  bollingerLower,
  bollingerMiddle,
  bollingerUpper,
  closeEma,
  closeRsi,
  closeSma,
  donchianLower,
  donchianUpper,
} from './indicator-arrays.ts'

const series = simulateUniverse({ assets: 1, bars: 5000, seed: 11 }).series[0]!

/** Every value of `streamed` as the streaming class returned it, NaN warm-up included. */
function expectSameBits(label: string, array: Float64Array, streamed: readonly number[]): void {
  expect(array.length, label).toBe(streamed.length)
  for (let i = 0; i < streamed.length; i++) {
    // Object.is: NaN equals NaN, and a one-ulp difference is a failure.
    if (!Object.is(array[i], streamed[i])) expect(array[i], `${label} at bar ${i}`).toBe(streamed[i])
  }
}

describe('indicator arrays', () => {
  const arrays = new IndicatorArrays(series)
  const closes = Array.from(series.close)
  const bars = closes.map((close, i) => ({ high: series.high[i]!, low: series.low[i]!, close }))

  it('equal the streaming classes the strategies update, to the last bit', () => {
    for (const period of [1, 2, 10, 37]) {
      const sma = new Sma({ period })
      expectSameBits(
        `sma ${period}`,
        arrays.get(closeSma(period)),
        closes.map((c) => sma.update(c)),
      )
      const ema = new Ema({ period })
      expectSameBits(
        `ema ${period}`,
        arrays.get(closeEma(period)),
        closes.map((c) => ema.update(c)),
      )
      const rsi = new Rsi({ period })
      expectSameBits(
        `rsi ${period}`,
        arrays.get(closeRsi(period)),
        closes.map((c) => rsi.update(c)),
      )
      const atr = new Atr({ period })
      expectSameBits(
        `atr ${period}`,
        arrays.get(averageTrueRange(period)),
        bars.map((b) => atr.update(b)),
      )
      const donchian = new Donchian({ period })
      const channel = bars.map((b) => ({ ...donchian.update(b) }))
      expectSameBits(
        `donchian upper ${period}`,
        arrays.get(donchianUpper(period)),
        channel.map((c) => c.upper),
      )
      expectSameBits(
        `donchian lower ${period}`,
        arrays.get(donchianLower(period)),
        channel.map((c) => c.lower),
      )
    }
    for (const [period, multiplier] of [
      [2, 1],
      [20, 2],
      [33, 1.5],
    ] as const) {
      const bands = new Bollinger({ period, multiplier })
      const rows = closes.map((c) => ({ ...bands.update(c) }))
      const label = `bollinger ${period} ${multiplier}`
      expectSameBits(
        `${label} middle`,
        arrays.get(bollingerMiddle(period, multiplier)),
        rows.map((r) => r.middle),
      )
      expectSameBits(
        `${label} upper`,
        arrays.get(bollingerUpper(period, multiplier)),
        rows.map((r) => r.upper),
      )
      expectSameBits(
        `${label} lower`,
        arrays.get(bollingerLower(period, multiplier)),
        rows.map((r) => r.lower),
      )
    }
  })

  it('computes each distinct array once and hands every caller the same one', () => {
    const shared = new IndicatorArrays(series)
    const first = shared.get(closeSma(10))
    expect(shared.get(closeSma(10)), 'the same key, the same array').toBe(first)
    shared.get(closeEma(10))
    shared.get(bollingerLower(20, 2))
    expect(shared.size, 'sma 10, ema 10, and the three Bollinger bands computed together').toBe(5)
    shared.get(bollingerUpper(20, 2))
    shared.get(bollingerMiddle(20, 2))
    expect(shared.size, 'the other bands came with the lower one').toBe(5)
  })

  it('is NaN throughout a series shorter than the warm-up', () => {
    const short = new IndicatorArrays(series.slice(0, 3))
    expect(Array.from(short.get(closeEma(5))).every(Number.isNaN)).toBe(true)
    expect(Array.from(short.get(closeSma(5))).every(Number.isNaN)).toBe(true)
  })
})
