import fc from 'fast-check'
import * as ts from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { randomInputs, rowAt } from '../testing/random-inputs.ts'
import { DONCHIAN_OUTPUTS, Donchian, donchian } from './donchian.ts'

describe('Donchian Channels', () => {
  it('takes the highest high and lowest low of the window, and their midpoint', () => {
    const high = Float64Array.of(3, 5, 4, 2, 6)
    const low = Float64Array.of(1, 2, 0.5, 1, 3)
    const out = donchian(high, low, { period: 3 })
    expect(Array.from(out.upper)).toEqual([NaN, NaN, 5, 5, 6])
    expect(Array.from(out.lower)).toEqual([NaN, NaN, 0.5, 0.5, 0.5])
    expect(Array.from(out.middle)).toEqual([NaN, NaN, 2.75, 2.75, 3.25])
  })

  it('agrees exactly with trading-signals DonchianChannels', () => {
    const bars = randomInputs({ length: 400, seed: 51 })
    for (const period of [1, 7, 20]) {
      const ours = donchian(bars.high, bars.low, { period })
      const theirs = new ts.DonchianChannels(period)
      for (let i = 0; i < 400; i++) {
        const t = theirs.update({ high: bars.high[i]!, low: bars.low[i]! }, false)
        if (i < period - 1) continue
        expect([ours.upper[i], ours.lower[i], ours.middle[i]]).toEqual([t!.upper, t!.lower, t!.middle])
      }
    }
  })

  it('equals a rescan of the window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 20 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 10 }),
        (bars, period) => {
          const high = Float64Array.from(bars, ([mid, half]) => mid + half)
          const low = Float64Array.from(bars, ([mid, half]) => mid - half)
          const out = donchian(high, low, { period })
          for (let i = period - 1; i < bars.length; i++) {
            expect(out.upper[i]).toBe(Math.max(...high.subarray(i - period + 1, i + 1)))
            expect(out.lower[i]).toBe(Math.min(...low.subarray(i - period + 1, i + 1)))
          }
        },
      ),
    )
  })

  it('streams the same values into one reused object', () => {
    const bars = randomInputs({ length: 120, seed: 52 })
    const batch = donchian(bars.high, bars.low, { period: 11 })
    const stream = new Donchian({ period: 11 })
    const first = stream.update(rowAt(bars, 0))
    for (let i = 1; i < 120; i++) {
      const row = stream.update(rowAt(bars, i))
      expect(row).toBe(first)
      for (const name of DONCHIAN_OUTPUTS) expect(row[name]).toBe(batch[name][i])
    }
    expect(stream.update({ high: Number.NaN, low: 1 }).upper).toBeNaN()
    stream.reset()
    expect(stream.update(rowAt(bars, 0)).upper).toBeNaN()
  })
})
