/**
 * DEMA against a hand-computed series, the zero-lag property on a straight line, the composition
 * 2·EMA − EMA(EMA) built from technicalindicators' EMA (same SMA seeds: agreement to rounding),
 * and trading-signals' DEMA, whose first-value seeds make it differ early and converge later.
 */
import { EMA as TiEma } from 'technicalindicators'
import { DEMA as TsDema } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Dema, dema, demaIndicator } from './dema.ts'
import { alignRight } from '../testing/align.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { textbookEma, textbookEmaFrom } from '../testing/recursions.ts'

describe('dema', () => {
  it('is 2·EMA − EMA(EMA), defined from 2(period − 1)', () => {
    // period 2, α = 2/3. EMA: –, 3/2, 19/6, 115/18; EMA(EMA): –, –, 7/3, 136/27.
    const out = dema(Float64Array.of(1, 2, 4, 8), { period: 2 })
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(4, 14)
    expect(out[3]).toBeCloseTo(209 / 27, 14)
    const d = new Dema({ period: 2 })
    expect([1, 2, 4, 8].map((x) => d.update(x))[3]).toBeCloseTo(209 / 27, 14)
  })

  it('has no lag on a straight line', () => {
    const line = Float64Array.from({ length: 60 }, (_, i) => 3 + 0.5 * i)
    const out = dema(line, { period: 9 })
    for (let i = 16; i < line.length; i++) expect(out[i]).toBeCloseTo(line[i]!, 10)
  })

  it('matches 2·EMA − EMA(EMA) composed from technicalindicators to 1e-9', () => {
    const close = randomInputs({ length: 3000, seed: 105 }).close
    for (const period of [1, 5, 20]) {
      const e1 = TiEma.calculate({ period, values: Array.from(close) })
      const e2 = TiEma.calculate({ period, values: e1 })
      const reference = alignRight(
        e2.map((x, k) => 2 * e1[k + period - 1]! - x),
        close.length,
      )
      expect(firstMismatch(dema(close, { period }), reference), `period ${period}`).toBe(-1)
    }
  })

  it('converges to trading-signals, which seeds its EMAs with their first input', () => {
    const close = randomInputs({ length: 2000, seed: 106 }).close
    const period = 20
    const ours = dema(close, { period })
    const ts = new TsDema(period)
    const theirs = Float64Array.from(close, (x) => ts.add(x) ?? Number.NaN)
    expect(Math.abs(ours[2 * (period - 1)]! - theirs[2 * (period - 1)]!)).toBeGreaterThan(1e-3)
    expect(firstMismatch(ours.subarray(800), theirs.subarray(800))).toBe(-1)
  })
})

describe('dema after a spike', () => {
  it('carries a 1e308 or 1e15 value exactly as the plain recursion does, with nothing else left', () => {
    // A recursion has no window: the spike's weight decays by (1 − α) per bar in both.
    const clean = randomInputs({ length: 600, seed: 177 }).close
    for (const period of [2, 10, 20]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200,
        faces: (value) => {
          const { batch, stream } = bothFaces(demaIndicator, { value }, { period }, 'value')
          return [batch, stream]
        },
        reference: (value) => {
          const inner = textbookEma(value, period)
          const outer = textbookEmaFrom(inner, period - 1, period)
          return inner.map((e, i) => 2 * e - outer[i]!)
        },
        // 2·EMA − EMA(EMA) crosses zero as a spike decays: measure against the terms' size.
        scale: (value) => textbookEma(value, period).map((e) => 2 * e),
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })
})
