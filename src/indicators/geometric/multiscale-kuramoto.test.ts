/**
 * Multi-scale Kuramoto against a deliberately naive reference — rebuild every scale series from
 * scratch at every bar, detrend and FFT every window — which checks the incremental window
 * sums, the bucket logic and the output formulas at once. Plus the warm-up formula on
 * contiguous minute bars, flat data, invariances and parameter validation.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { bucketStart, parseInterval } from '../../domain/time.ts'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { weekdayOpenTimes } from '../testing/bar-times.ts'
import { bothFaces, spikeDepartures } from '../testing/spikes.ts'
import { analyticSignal } from './analytic-signal.ts'
import { MultiscaleKuramoto, multiscaleKuramoto, multiscaleKuramotoIndicator } from './multiscale-kuramoto.ts'

const START = Date.UTC(2024, 0, 2)

/** The scale series at bar t: last close of every earlier bucket, then close[t]. */
function scaleSeries(time: Float64Array, close: Float64Array, t: number, timeframe: string): number[] {
  const interval = parseInterval(timeframe)
  const series: number[] = []
  const current = bucketStart(time[t]!, interval)
  for (let i = 0; i < t; i++) {
    const bucket = bucketStart(time[i]!, interval)
    if (bucket === current) break
    if (bucketStart(time[i + 1]!, interval) !== bucket) series.push(close[i]!)
  }
  series.push(close[t]!)
  return series
}

function reference(
  time: Float64Array,
  close: Float64Array,
  timeframes: string[],
  window: number,
  t: number,
): { consensus: number; coherence: number; dominantScale: number; r: number[] } {
  const r: number[] = []
  let cos = 0
  let sin = 0
  for (const timeframe of timeframes) {
    const series = scaleSeries(time, close, t, timeframe)
    if (series.length < window) return { consensus: NaN, coherence: NaN, dominantScale: NaN, r: [] }
    const z = analyticSignal(series.slice(series.length - window))
    let c = 0
    let s = 0
    for (let j = 0; j < window; j++) {
      const a = Math.hypot(z.re[j]!, z.im[j]!)
      c += z.re[j]! / a
      s += z.im[j]! / a
    }
    r.push(Math.hypot(c, s) / window)
    const last = Math.atan2(z.im[window - 1]!, z.re[window - 1]!)
    cos += Math.cos(last)
    sin += Math.sin(last)
  }
  const best = r.indexOf(Math.max(...r))
  return {
    consensus: r.reduce((a, b) => a + b, 0) / r.length,
    coherence: Math.hypot(cos, sin) / r.length,
    dominantScale: best,
    r,
  }
}

/** Minute bars with random gaps of 1 to 4 minutes, starting at `start`. */
function gappyBars(length: number, seed: number, start = START): { time: Float64Array; close: Float64Array } {
  const rng = new SeededRandom(seed)
  const close = randomInputs({ length, seed }).close
  const time = new Float64Array(length)
  let t = start
  for (let i = 0; i < length; i++) {
    time[i] = t
    t += 60_000 * (rng.nextFloat() < 0.8 ? 1 : 1 + Math.floor(rng.nextFloat() * 4))
  }
  return { time, close }
}

function firstDefinedRow(out: Record<string, Float64Array>): number {
  const columns = Object.values(out)
  const n = columns[0]!.length
  for (let i = 0; i < n; i++) if (columns.every((c) => !Number.isNaN(c[i]))) return i
  return -1
}

describe('multiscale-kuramoto', () => {
  it('equals a from-scratch detrend + FFT of every scale window at every bar', () => {
    for (const [timeframes, window, seed] of [
      [['1m', '3m', '10m'], 8, 1],
      [['1m', '3m', '10m'], 13, 2],
      [['2m', '5m'], 16, 3],
      [['1m', '7m', '15m'], 9, 4],
    ] as const) {
      const { time, close } = gappyBars(700, seed)
      const out = multiscaleKuramoto(time, close, { timeframes: [...timeframes], window })
      let compared = 0
      for (let t = 0; t < close.length; t++) {
        const expected = reference(time, close, [...timeframes], window, t)
        if (Number.isNaN(expected.consensus)) {
          expect(out.consensus[t], `row ${t}`).toBeNaN()
          continue
        }
        compared++
        expect(Math.abs(out.consensus[t]! - expected.consensus), `consensus, row ${t}`).toBeLessThan(1e-9)
        expect(Math.abs(out.coherence[t]! - expected.coherence), `coherence, row ${t}`).toBeLessThan(1e-9)
        const sorted = [...expected.r].sort((a, b) => b - a)
        if (sorted[0]! - sorted[1]! > 1e-9)
          expect(out.dominantScale[t], `dominant, row ${t}`).toBe(expected.dominantScale)
      }
      expect(compared).toBeGreaterThan(300)
    }
  })

  it('forgets a 1e308 or 1e15 spike the moment it leaves every scale window', () => {
    const timeframes = ['1m', '5m']
    const window = 32
    const { time, close } = gappyBars(900, 164)
    const fiveMinutes = parseInterval('5m')
    const referenceSeries = (value: Float64Array, name: 'consensus' | 'coherence'): Float64Array =>
      Float64Array.from(value, (_, t) => reference(time, value, timeframes, window, t)[name])
    // The spike's five-minute bucket leaves the window when `window` later buckets have begun.
    const leaves = (at: number): number => {
      let buckets = 0
      for (let t = at + 1; t < time.length; t++) {
        if (bucketStart(time[t]!, fiveMinutes) !== bucketStart(time[t - 1]!, fiveMinutes)) buckets++
        if (buckets === window) return t
      }
      return time.length
    }
    for (const at of [300, 301, 302, 303, 304]) {
      for (const name of ['consensus', 'coherence'] as const) {
        const problems = spikeDepartures({
          clean: close,
          at,
          from: leaves(at),
          faces: (value) => {
            const { batch, stream } = bothFaces(
              multiscaleKuramotoIndicator,
              { time, value },
              { timeframes, window },
              name,
            )
            return [batch, stream]
          },
          reference: (value) => referenceSeries(value, name),
          scale: 1,
          exact: true,
        })
        expect(problems, `${name}, spike at ${at}`).toEqual([])
      }
    }
  })

  it('stays on the reference over a long run (rounding does not accumulate)', () => {
    const { time, close } = gappyBars(6000, 9)
    const out = multiscaleKuramoto(time, close, { timeframes: ['1m', '5m'], window: 24 })
    for (let t = 200; t < 6000; t += 97) {
      const expected = reference(time, close, ['1m', '5m'], 24, t)
      expect(Math.abs(out.consensus[t]! - expected.consensus)).toBeLessThan(1e-9)
      expect(Math.abs(out.coherence[t]! - expected.coherence)).toBeLessThan(1e-9)
    }
  })

  it('streams what the batch computes (property, with gaps and non-finite closes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 8, max: 20 }),
        fc.integer({ min: 0, max: 400 }),
        (seed, window, length) => {
          const { time, close } = gappyBars(length, seed)
          const rng = new SeededRandom(seed + 1)
          for (let i = 0; i < length; i++) if (rng.nextFloat() < 0.03) close[i] = Number.NaN
          const params = { timeframes: ['1m', '2m', '4m'], window }
          const batch = multiscaleKuramoto(time, close, params)
          const stream = multiscaleKuramotoIndicator.create(params)
          for (let i = 0; i < length; i++) {
            const row = stream.update({ time: time[i]!, value: close[i]! })
            expect(
              Object.is(row.consensus, batch.consensus[i]) ||
                Math.abs(row.consensus - batch.consensus[i]!) < 1e-12,
            ).toBe(true)
            expect(
              Object.is(row.coherence, batch.coherence[i]) ||
                Math.abs(row.coherence - batch.coherence[i]!) < 1e-12,
            ).toBe(true)
            expect(Object.is(row.dominantScale, batch.dominantScale[i])).toBe(true)
          }
        },
      ),
      { numRuns: 30 },
    )
  })

  it('has an exact warm-up on contiguous minute bars aligned to the largest timeframe', () => {
    for (const [timeframes, window] of [
      [['1m', '5m', '15m', '1h'], 8],
      [['1m', '5m', '15m', '1h'], 32],
      [['30s', '1m', '2m'], 10],
      [['1m', '7m', '1h'], 9],
      [['5m', '4h'], 8],
      [['1d', '1w'], 8],
    ] as const) {
      const params = multiscaleKuramotoIndicator.resolve({ timeframes: [...timeframes], window })
      const warmup = multiscaleKuramotoIndicator.warmup(params)
      const start = bucketStart(START, parseInterval(timeframes[timeframes.length - 1]!))
      const length = warmup + 30
      const close = randomInputs({ length, seed: window }).close
      const time = Float64Array.from({ length }, (_, i) => start + 60_000 * i)
      const out = multiscaleKuramoto(time, close, params)
      expect(firstDefinedRow(out), `${timeframes.join(',')} W ${window}`).toBe(warmup)
      expect(Number.isNaN(out.coherence[length - 1])).toBe(false)
    }
    const defaults = multiscaleKuramotoIndicator.resolve({})
    expect(multiscaleKuramotoIndicator.warmup(defaults)).toBe(31 * 60)
  })

  it('counts its warm-up exactly on the bars it is given: daily with weekends, gappy minutes', () => {
    const cases = [
      // Daily bars, the case of the report: 60-day buckets over weekdays start at row 1301 here,
      // where one-minute arithmetic claimed 2,678,400.
      {
        time: weekdayOpenTimes(2000, Date.UTC(2000, 0, 3)),
        timeframes: ['1d', '5d', '15d', '60d'],
        window: 32,
      },
      { time: weekdayOpenTimes(400, Date.UTC(2021, 6, 14)), timeframes: ['1d', '1w'], window: 8 },
      { time: gappyBars(900, 12).time, timeframes: ['1m', '5m', '15m'], window: 16 },
      // Minute bars starting inside every bucket.
      { time: gappyBars(900, 13, START + 7 * 60_000).time, timeframes: ['2m', '7m'], window: 9 },
    ]
    for (const { time, timeframes, window } of cases) {
      const params = multiscaleKuramotoIndicator.resolve({ timeframes, window })
      const close = randomInputs({ length: time.length, seed: 14 }).close
      const first = firstDefinedRow(multiscaleKuramoto(time, close, params))
      expect(first, timeframes.join(' ')).toBeGreaterThan(0)
      expect(multiscaleKuramotoIndicator.warmup(params, time), timeframes.join(' ')).toBe(first)
    }
    const daily = multiscaleKuramotoIndicator.resolve({ timeframes: ['1d', '5d', '15d', '60d'] })
    expect(multiscaleKuramotoIndicator.warmup(daily, weekdayOpenTimes(2000, Date.UTC(2000, 0, 3)))).toBe(1301)
    // Without the times, the one-minute assumption stands (the catalogue's figure).
    expect(multiscaleKuramotoIndicator.warmup(daily)).toBe(31 * 60 * 24 * 60)
    // Too short to fill every window: the series' length.
    expect(multiscaleKuramotoIndicator.warmup(daily, weekdayOpenTimes(500, Date.UTC(2000, 0, 3)))).toBe(500)
  })

  it('gives consensus 0, coherence 0 and scale 0 on flat data (no phase anywhere)', () => {
    const time = Float64Array.from({ length: 100 }, (_, i) => START + 60_000 * i)
    const flat = new Float64Array(100).fill(0.1)
    const out = multiscaleKuramoto(time, flat, { timeframes: ['1m', '2m'], window: 8 })
    for (let t = 14; t < 100; t++) {
      expect(out.consensus[t]).toBe(0)
      expect(out.coherence[t]).toBe(0)
      expect(out.dominantScale[t]).toBe(0)
    }
  })

  it('does not care about the price level or scale', () => {
    const { time, close } = gappyBars(400, 12)
    const params = { timeframes: ['1m', '3m'], window: 12 }
    const a = multiscaleKuramoto(time, close, params)
    const b = multiscaleKuramoto(
      time,
      close.map((v) => 40 * v + 5000),
      params,
    )
    expect(firstMismatch(a.consensus, b.consensus, 1e-9)).toBe(-1)
    expect(firstMismatch(a.coherence, b.coherence, 1e-9)).toBe(-1)
  })

  it('keeps every output in range', () => {
    const { time, close } = gappyBars(500, 13)
    const out = multiscaleKuramoto(time, close, { timeframes: ['1m', '2m', '5m'], window: 8 })
    for (let t = 0; t < 500; t++) {
      if (Number.isNaN(out.consensus[t])) continue
      expect(out.consensus[t]).toBeGreaterThanOrEqual(0)
      expect(out.consensus[t]).toBeLessThanOrEqual(1)
      expect(out.coherence[t]).toBeGreaterThanOrEqual(0)
      expect(out.coherence[t]).toBeLessThanOrEqual(1)
      expect([0, 1, 2]).toContain(out.dominantScale[t])
    }
  })

  it('validates the timeframes and the window', () => {
    const field = (raw: unknown): string | undefined => {
      try {
        multiscaleKuramotoIndicator.resolve(raw as never)
      } catch (e) {
        expect(e).toBeInstanceOf(TradePulseError)
        expect((e as TradePulseError).code).toBe('INDICATOR_INVALID_PARAMS')
        return (e as TradePulseError).location.field
      }
      return undefined
    }
    expect(field({ timeframes: ['1m'] })).toBe('multiscale-kuramoto.timeframes')
    expect(field({ timeframes: ['5m', '1m'] })).toBe('multiscale-kuramoto.timeframes.1')
    expect(field({ timeframes: ['1m', '60s'] })).toBe('multiscale-kuramoto.timeframes.1')
    expect(field({ timeframes: ['1m', '1M'] })).toBe('multiscale-kuramoto.timeframes.1')
    expect(field({ window: 7 })).toBe('multiscale-kuramoto.window')
    expect(multiscaleKuramotoIndicator.resolve({}).timeframes).toEqual(['1m', '5m', '15m', '1h'])
  })

  it('streams with a reused row, skips non-finite rows, and resets', () => {
    const stream = new MultiscaleKuramoto({ timeframes: ['1m', '2m'], window: 8 })
    const { time, close } = gappyBars(40, 3)
    let last = stream.update({ time: time[0]!, value: close[0]! })
    for (let i = 1; i < 40; i++) last = stream.update({ time: time[i]!, value: close[i]! })
    expect(Number.isFinite(last.consensus)).toBe(true)
    expect(stream.update({ time: time[39]! + 60_000, value: Number.NaN }).consensus).toBeNaN()
    stream.reset()
    expect(stream.update({ time: time[0]!, value: close[0]! }).consensus).toBeNaN()
  })
})
