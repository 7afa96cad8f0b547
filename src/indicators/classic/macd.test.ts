/**
 * MACD against hand-computed values, technicalindicators with EMA oscillator and signal (the same
 * SMA-seeded EMAs: agreement to rounding), and trading-signals, whose first-value EMA seeds make
 * it differ early and converge later.
 */
import { MACD as TiMacd } from 'technicalindicators'
import { EMA as TsEma, MACD as TsMacd } from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { ema } from './ema.ts'
import { Macd, macd, macdIndicator } from './macd.ts'

function alignRight(theirs: readonly (number | undefined)[], length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN)
  out.set(
    theirs.map((x) => x ?? Number.NaN),
    length - theirs.length,
  )
  return out
}

describe('macd', () => {
  it('is EMA(fast) − EMA(slow), with an EMA signal seeded from the first signal MACD values', () => {
    const values = Float64Array.of(1, 3, 2, 6, 4, 8, 5)
    const { macd: line, signal, histogram } = macd(values, { fast: 2, slow: 3, signal: 2 })
    // EMA(2): –, 2, 2 + (2/3)(2 − 2) = 2, 2 + (2/3)(6 − 2) = 14/3, … EMA(3): –, –, 2, 4, 4, 6, 5.5
    expect(line[1]).toBeNaN()
    expect(line[2]).toBeCloseTo(0, 14)
    expect(line[3]).toBeCloseTo(14 / 3 - 4, 14)
    expect(signal[2]).toBeNaN()
    expect(signal[3]).toBeCloseTo((0 + 2 / 3) / 2, 14)
    expect(histogram[3]).toBeCloseTo(2 / 3 - 1 / 3, 14)
    const slow = ema(values, { period: 3 })
    const fast = ema(values, { period: 2 })
    for (let i = 2; i < values.length; i++) expect(line[i]).toBeCloseTo(fast[i]! - slow[i]!, 14)
    const stream = new Macd({ fast: 2, slow: 3, signal: 2 })
    const rows = Array.from(values, (x) => ({ ...stream.update(x) }))
    expect(rows[6]!.histogram).toBeCloseTo(histogram[6]!, 14)
  })

  it('refuses fast ≥ slow, naming fast', () => {
    const error = (() => {
      try {
        macdIndicator.resolve({ fast: 26, slow: 12 })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(TradePulseError)
    expect((error as TradePulseError).code).toBe('INDICATOR_INVALID_PARAMS')
    expect((error as TradePulseError).location.field).toBe('macd.fast')
    expect(() => macdIndicator.resolve({ fast: 12, slow: 12 })).toThrow(/macd\.fast: must be less than slow/)
  })

  it('matches technicalindicators (EMA oscillator and signal) to 1e-9', () => {
    const close = randomInputs({ length: 3000, seed: 111 }).close
    for (const [fast, slow, signal] of [
      [12, 26, 9],
      [3, 10, 16],
      [1, 2, 1],
    ] as const) {
      const ours = macd(close, { fast, slow, signal })
      const theirs = TiMacd.calculate({
        values: Array.from(close),
        fastPeriod: fast,
        slowPeriod: slow,
        signalPeriod: signal,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      })
      const n = close.length
      const label = `${fast}/${slow}/${signal}`
      expect(
        firstMismatch(
          ours.macd,
          alignRight(
            theirs.map((r) => r.MACD),
            n,
          ),
        ),
        label,
      ).toBe(-1)
      expect(
        firstMismatch(
          ours.signal,
          alignRight(
            theirs.map((r) => r.signal),
            n,
          ),
        ),
        label,
      ).toBe(-1)
      expect(
        firstMismatch(
          ours.histogram,
          alignRight(
            theirs.map((r) => r.histogram),
            n,
          ),
        ),
        label,
      ).toBe(-1)
    }
  })

  it('converges to trading-signals, which seeds its EMAs with their first input', () => {
    const close = randomInputs({ length: 2000, seed: 112 }).close
    const ours = macd(close)
    const ts = new TsMacd(new TsEma(12), new TsEma(26), new TsEma(9))
    const theirs = { macd: new Float64Array(close.length), signal: new Float64Array(close.length) }
    close.forEach((x, i) => {
      const r = ts.add(x)
      theirs.macd[i] = r?.macd ?? Number.NaN
      theirs.signal[i] = r?.signal ?? Number.NaN
    })
    expect(Math.abs(ours.signal[33]! - theirs.signal[33]!)).toBeGreaterThan(1e-4)
    expect(firstMismatch(ours.macd.subarray(600), theirs.macd.subarray(600))).toBe(-1)
    expect(firstMismatch(ours.signal.subarray(600), theirs.signal.subarray(600))).toBe(-1)
  })
})
