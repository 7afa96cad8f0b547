import * as ti from 'technicalindicators'
import * as ts from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs, rowAt } from '../testing/random-inputs.ts'
import { atr } from './atr.ts'
import { ema } from './ema.ts'
import { KELTNER_OUTPUTS, Keltner, keltner, keltnerIndicator } from './keltner.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { textbookAtr, textbookEma } from '../testing/recursions.ts'

describe('Keltner Channels', () => {
  it('puts the bands at EMA ± multiplier × ATR', () => {
    // Closes 9, 10.5, 13.5; true ranges 2, 2, 3.5. EMA(2) seeds at 9.75 and moves 2/3 of the way
    // to 13.5; ATR(2) seeds at 2 and moves half of the way to 3.5.
    const high = Float64Array.of(10, 11, 14)
    const low = Float64Array.of(8, 9, 13)
    const close = Float64Array.of(9, 10.5, 13.5)
    const out = keltner(high, low, close, { period: 2, atrPeriod: 2, multiplier: 1 })
    expect([out.middle[0], out.upper[0], out.lower[0]]).toEqual([NaN, NaN, NaN])
    expect(out.middle[1]).toBeCloseTo(9.75, 14)
    expect(out.upper[1]).toBeCloseTo(11.75, 14)
    expect(out.lower[1]).toBeCloseTo(7.75, 14)
    expect(out.middle[2]).toBeCloseTo(12.25, 14)
    expect(out.upper[2]).toBeCloseTo(15, 14)
    expect(out.lower[2]).toBeCloseTo(9.5, 14)
  })

  it('is the EMA and ATR of this library, NaN until both are defined', () => {
    const bars = randomInputs({ length: 300, seed: 41 })
    const out = keltner(bars.high, bars.low, bars.close, { period: 8, atrPeriod: 15, multiplier: 1.5 })
    const middle = ema(bars.close, { period: 8 })
    const range = atr(bars.high, bars.low, bars.close, { period: 15 })
    expect(keltnerIndicator.warmup(keltnerIndicator.resolve({ period: 8, atrPeriod: 15 }))).toBe(14)
    for (let i = 0; i < 300; i++) {
      if (i < 14) {
        expect(Number.isNaN(out.middle[i]!) && Number.isNaN(out.upper[i]!)).toBe(true)
        continue
      }
      expect(out.middle[i]).toBe(middle[i])
      expect(out.upper[i]).toBe(middle[i]! + 1.5 * range[i]!)
      expect(out.lower[i]).toBe(middle[i]! - 1.5 * range[i]!)
    }
  })

  it('has trading-signals’ band width exactly; its EMA, seeded with the first close, converges', () => {
    const bars = randomInputs({ length: 600, seed: 42 })
    const ours = keltner(bars.high, bars.low, bars.close)
    const theirs = new ts.KeltnerChannels({ emaInterval: 20, atrInterval: 10, multiplier: 2 })
    for (let i = 0; i < 600; i++) {
      const t = theirs.update({ high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]! }, false)
      if (i < 19) {
        expect(t).toBeNull()
        continue
      }
      expect(closeEnough(ours.upper[i]! - ours.middle[i]!, t!.upper - t!.middle, 1e-9)).toBe(true)
      // (19/21)^k: the first-close seed is forgotten to 1e-9 after about 250 bars.
      if (i >= 250) expect(closeEnough(ours.middle[i]!, t!.middle, 1e-9), `row ${i}`).toBe(true)
    }
  })

  it('has technicalindicators’ middle exactly; its ATR, which drops the first bar, converges', () => {
    const bars = randomInputs({ length: 600, seed: 43 })
    const ours = keltner(bars.high, bars.low, bars.close)
    const theirs = ti.KeltnerChannels.calculate({
      maPeriod: 20,
      atrPeriod: 10,
      useSMA: false,
      multiplier: 2,
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
    })
    expect(theirs.length).toBe(600 - 19)
    theirs.forEach((t, k) => {
      const i = k + 19
      expect(closeEnough(ours.middle[i]!, t.middle, 1e-12)).toBe(true)
      if (i >= 250) expect(closeEnough(ours.upper[i]!, t.upper, 1e-9), `row ${i}`).toBe(true)
    })
    expect(Math.abs(ours.upper[19]! - theirs[0]!.upper)).toBeGreaterThan(1e-6)
  })

  it('streams the same values into one reused object', () => {
    const bars = randomInputs({ length: 150, seed: 44 })
    const batch = keltner(bars.high, bars.low, bars.close, { period: 6, atrPeriod: 4 })
    const stream = new Keltner({ period: 6, atrPeriod: 4 })
    const first = stream.update(rowAt(bars, 0))
    for (let i = 1; i < 150; i++) {
      const row = stream.update(rowAt(bars, i))
      expect(row).toBe(first)
      // The batch EMA takes two steps at a time, so the two faces agree to rounding, not to the bit.
      for (const name of KELTNER_OUTPUTS)
        expect(closeEnough(row[name], batch[name][i]!), `${name} ${i}`).toBe(true)
    }
    expect(stream.update({ high: 1, low: 1, close: Number.NaN }).middle).toBeNaN()
  })
})

describe('Keltner Channels after a spike', () => {
  it('carry a 1e308 or 1e15 close exactly as the plain EMA and ATR recursions do', () => {
    const bars = randomInputs({ length: 600, seed: 179 })
    const params = { period: 20, atrPeriod: 10, multiplier: 2 }
    const bands = (close: Float64Array): { middle: Float64Array; atr: Float64Array } => ({
      middle: textbookEma(close, params.period),
      atr: textbookAtr(bars.high, bars.low, close, params.atrPeriod),
    })
    for (const name of KELTNER_OUTPUTS) {
      const sign = name === 'upper' ? 1 : name === 'lower' ? -1 : 0
      const problems = spikeDepartures({
        clean: bars.close,
        at: 200,
        from: 200,
        faces: (close) => {
          const { batch, stream } = bothFaces(keltnerIndicator, { ...bars, close }, params, name)
          return [batch, stream]
        },
        reference: (close) => {
          const { middle, atr } = bands(close)
          return middle.map((m, i) => m + sign * params.multiplier * atr[i]!)
        },
        scale: (close) => {
          const { middle, atr } = bands(close)
          return middle.map((m, i) => Math.abs(m) + params.multiplier * atr[i]!)
        },
      })
      expect(problems, name).toEqual([])
    }
  })
})
