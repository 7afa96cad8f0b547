/**
 * TEMA against a straight line (no lag), the composition 3·EMA − 3·EMA² + EMA³ built from
 * technicalindicators' EMA (agreement to rounding), and trading-signals' TEMA, which seeds each
 * EMA with its first input and converges to ours.
 */
import { EMA as TiEma } from 'technicalindicators'
import { TEMA as TsTema } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Tema, tema, temaIndicator } from './tema.ts'
import { alignRight } from '../testing/align.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { textbookEma, textbookEmaFrom } from '../testing/recursions.ts'

describe('tema', () => {
  it('is 3·EMA − 3·EMA² + EMA³, defined from 3(period − 1)', () => {
    // period 2, α = 2/3 over 1, 2, 4, 8, 16; each EMA is seeded with the mean of its first two inputs.
    const step = (previous: number, x: number): number => previous + (2 / 3) * (x - previous)
    const e1 = [Number.NaN, 3 / 2, 19 / 6, 115 / 18, 691 / 54]
    expect(step(step(step(1.5, 4), 8), 16)).toBeCloseTo(e1[4]!, 14)
    const e2 = [Number.NaN, Number.NaN, 7 / 3, 136 / 27, 827 / 81]
    expect(step(step(7 / 3, e1[3]!), e1[4]!)).toBeCloseTo(e2[4]!, 14)
    const e3First = (e2[2]! + e2[3]!) / 2
    const e3 = step(e3First, e2[4]!)
    const out = tema(Float64Array.of(1, 2, 4, 8, 16), { period: 2 })
    expect(out[2]).toBeNaN()
    expect(out[3]).toBeCloseTo(3 * e1[3]! - 3 * e2[3]! + e3First, 12)
    expect(out[4]).toBeCloseTo(3 * e1[4]! - 3 * e2[4]! + e3, 12)
    const t = new Tema({ period: 2 })
    expect([1, 2, 4, 8, 16].map((x) => t.update(x))[4]).toBeCloseTo(3 * e1[4]! - 3 * e2[4]! + e3, 12)
  })

  it('has no lag on a straight line', () => {
    const line = Float64Array.from({ length: 80 }, (_, i) => 50 - 0.25 * i)
    const out = tema(line, { period: 7 })
    for (let i = 18; i < line.length; i++) expect(out[i]).toBeCloseTo(line[i]!, 10)
  })

  it('matches 3·EMA − 3·EMA² + EMA³ composed from technicalindicators to 1e-9', () => {
    const close = randomInputs({ length: 3000, seed: 107 }).close
    for (const period of [1, 4, 20]) {
      const e1 = TiEma.calculate({ period, values: Array.from(close) })
      const e2 = TiEma.calculate({ period, values: e1 })
      const e3 = TiEma.calculate({ period, values: e2 })
      const lag = period - 1
      const reference = alignRight(
        e3.map((x, k) => 3 * e1[k + 2 * lag]! - 3 * e2[k + lag]! + x),
        close.length,
      )
      expect(firstMismatch(tema(close, { period }), reference), `period ${period}`).toBe(-1)
    }
  })

  it('converges to trading-signals, which seeds its EMAs with their first input', () => {
    const close = randomInputs({ length: 2000, seed: 108 }).close
    const period = 20
    const ours = tema(close, { period })
    const ts = new TsTema(period)
    const theirs = Float64Array.from(close, (x) => ts.add(x) ?? Number.NaN)
    expect(Math.abs(ours[3 * (period - 1)]! - theirs[3 * (period - 1)]!)).toBeGreaterThan(1e-3)
    expect(firstMismatch(ours.subarray(900), theirs.subarray(900))).toBe(-1)
  })
})

describe('tema after a spike', () => {
  it('carries a 1e308 or 1e15 value exactly as the plain recursion does, with nothing else left', () => {
    const clean = randomInputs({ length: 600, seed: 178 }).close
    for (const period of [2, 10, 20]) {
      const problems = spikeDepartures({
        clean,
        at: 200,
        from: 200,
        faces: (value) => {
          const { batch, stream } = bothFaces(temaIndicator, { value }, { period }, 'value')
          return [batch, stream]
        },
        reference: (value) => {
          const e1 = textbookEma(value, period)
          const e2 = textbookEmaFrom(e1, period - 1, period)
          const e3 = textbookEmaFrom(e2, 2 * (period - 1), period)
          return e1.map((e, i) => 3 * e - 3 * e2[i]! + e3[i]!)
        },
        scale: (value) => textbookEma(value, period).map((e) => 3 * e),
      })
      expect(problems, `period ${period}`).toEqual([])
    }
  })
})
