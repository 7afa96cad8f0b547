import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Bar } from '../domain/market-data.ts'
import { MS_PER_MINUTE, parseInterval } from '../domain/time.ts'
import { BarSeries } from './bar-series.ts'
import { BarSeriesBuilder } from './bar-series-builder.ts'
import { resampleBars } from './resample.ts'

const ONE_MINUTE = parseInterval('1m')
const FIVE_MINUTES = parseInterval('5m')
const ONE_HOUR = parseInterval('1h')
const T0 = Date.UTC(2024, 0, 2, 9, 0)

/** Minute bars at the given minute offsets from T0, with integer prices and volumes. */
function minuteBars(rows: readonly { minute: number; open: number; high: number; low: number; close: number; volume: number }[]): BarSeries {
  const builder = new BarSeriesBuilder()
  for (const r of rows) {
    const t = T0 + r.minute * MS_PER_MINUTE
    builder.push(t, t + MS_PER_MINUTE, r.open, r.high, r.low, r.close, r.volume)
  }
  return builder.build(ONE_MINUTE)
}

const barRows = fc
  .uniqueArray(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 200 })
  .chain((minutes) =>
    fc.tuple(
      ...[...minutes]
        .sort((a, b) => a - b)
        .map((minute) =>
          fc
            .tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.nat(50), fc.nat(50), fc.nat(10_000))
            .map(([open, close, up, down, volume]) => ({
              minute,
              open,
              close,
              high: Math.max(open, close) + up,
              low: Math.max(0, Math.min(open, close) - down),
              volume,
            })),
        ),
    ),
  )

function allBars(series: BarSeries, partial: Bar | null): Bar[] {
  return [...series, ...(partial === null ? [] : [partial])]
}

describe('resampleBars', () => {
  it('aggregates five one-minute bars into one five-minute bar', () => {
    const src = minuteBars([
      { minute: 0, open: 10, high: 12, low: 9, close: 11, volume: 100 },
      { minute: 1, open: 11, high: 15, low: 10, close: 14, volume: 200 },
      { minute: 2, open: 14, high: 14, low: 8, close: 9, volume: 50 },
      { minute: 3, open: 9, high: 10, low: 9, close: 10, volume: 25 },
      { minute: 4, open: 10, high: 11, low: 10, close: 10.5, volume: 25 },
    ])
    const { bars, partial } = resampleBars(src, FIVE_MINUTES)
    expect(partial, 'the last source bar closes at the bucket end, so nothing is forming').toBeNull()
    expect(bars.at(0)).toEqual({
      openTime: T0,
      interval: FIVE_MINUTES,
      knownAt: T0 + 5 * MS_PER_MINUTE,
      open: 10,
      high: 15,
      low: 8,
      close: 10.5,
      volume: 400,
    })
  })

  it('keeps gaps as gaps: an hour without bars yields no bar', () => {
    const src = minuteBars([
      { minute: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 },
      { minute: 125, open: 2, high: 2, low: 2, close: 2, volume: 1 },
    ])
    const { bars, partial } = resampleBars(src, ONE_HOUR)
    expect(bars.length).toBe(1)
    expect(bars.openTime[0]).toBe(T0)
    expect(partial?.openTime, 'the 11:00 bucket is still forming').toBe(T0 + 120 * MS_PER_MINUTE)
  })

  it('marks the last bucket partial, known at its last source bar, until the clock passes its end', () => {
    const src = minuteBars([
      { minute: 0, open: 1, high: 2, low: 1, close: 2, volume: 3 },
      { minute: 1, open: 2, high: 3, low: 2, close: 3, volume: 4 },
    ])
    const forming = resampleBars(src, FIVE_MINUTES)
    expect(forming.bars.length).toBe(0)
    expect(forming.partial).toMatchObject({ openTime: T0, knownAt: T0 + 2 * MS_PER_MINUTE, close: 3, volume: 7 })

    const afterClose = resampleBars(src, FIVE_MINUTES, { asOf: T0 + 5 * MS_PER_MINUTE })
    expect(afterClose.partial).toBeNull()
    expect(afterClose.bars.at(0)).toMatchObject({ openTime: T0, knownAt: T0 + 5 * MS_PER_MINUTE, volume: 7 })
  })

  it('aligns buckets to the calendar, not to the first bar', () => {
    const src = minuteBars([{ minute: 7, open: 1, high: 1, low: 1, close: 1, volume: 1 }])
    expect(resampleBars(src, FIVE_MINUTES).partial?.openTime).toBe(T0 + 5 * MS_PER_MINUTE)
  })

  it('aligns weekly buckets to Monday 00:00 UTC', () => {
    const day = parseInterval('1d')
    const wednesday = Date.UTC(2024, 0, 3)
    const src = BarSeries.fromBars(
      [{ openTime: wednesday, knownAt: wednesday + day.ms, interval: day, open: 1, high: 1, low: 1, close: 1, volume: 1 } as Bar],
      day,
    )
    expect(resampleBars(src, parseInterval('1w')).partial?.openTime).toBe(Date.UTC(2024, 0, 1))
  })

  it('refuses a target that is not a multiple of the source interval', () => {
    const src = minuteBars([{ minute: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }])
    expect(() => resampleBars(src, parseInterval('90s'))).toThrow(/whole multiple/)
  })

  it('refuses source bars that straddle a bucket boundary', () => {
    const threeMin = parseInterval('3m')
    const src = BarSeries.fromBars(
      [{ openTime: T0 + 3 * MS_PER_MINUTE, knownAt: T0 + 6 * MS_PER_MINUTE, interval: threeMin, open: 1, high: 1, low: 1, close: 1, volume: 1 } as Bar],
      threeMin,
    )
    expect(() => resampleBars(src, parseInterval('6m'))).not.toThrow()
    const offGrid = BarSeries.fromBars(
      [{ openTime: T0 + 4 * MS_PER_MINUTE, knownAt: T0 + 7 * MS_PER_MINUTE, interval: threeMin, open: 1, high: 1, low: 1, close: 1, volume: 1 } as Bar],
      threeMin,
    )
    expect(() => resampleBars(offGrid, parseInterval('6m'))).toThrow(/straddles/)
  })

  it('conserves volume and takes first open, max high, min low, last close per bucket', () => {
    fc.assert(
      fc.property(barRows, fc.constantFrom(FIVE_MINUTES, parseInterval('15m'), ONE_HOUR), (rows, to) => {
        const src = minuteBars(rows)
        const { bars, partial } = resampleBars(src, to)
        const out = allBars(bars, partial)
        const totalIn = rows.reduce((sum, r) => sum + r.volume, 0)
        expect(out.reduce((sum, b) => sum + b.volume, 0)).toBe(totalIn)
        for (const bar of out) {
          const members = rows.filter((r) => {
            const t = T0 + r.minute * MS_PER_MINUTE
            return t >= bar.openTime && t < bar.openTime + to.ms
          })
          expect(members.length).toBeGreaterThan(0)
          expect(bar.open).toBe(members[0]!.open)
          expect(bar.close).toBe(members.at(-1)!.close)
          expect(bar.high).toBe(Math.max(...members.map((m) => m.high)))
          expect(bar.low).toBe(Math.min(...members.map((m) => m.low)))
        }
      }),
    )
  })

  it('gives a prefix of the output for a prefix of the input: appending never changes a finished bar', () => {
    fc.assert(
      fc.property(barRows, fc.nat(), (rows, cut) => {
        const full = resampleBars(minuteBars(rows), FIVE_MINUTES).bars
        const prefix = resampleBars(minuteBars(rows.slice(0, cut % (rows.length + 1))), FIVE_MINUTES).bars
        expect(prefix.length).toBeLessThanOrEqual(full.length)
        expect([...prefix]).toEqual([...full.slice(0, prefix.length)])
      }),
    )
  })

  it('never knows a finished bar before its bucket has ended', () => {
    fc.assert(
      fc.property(barRows, (rows) => {
        const { bars } = resampleBars(minuteBars(rows), FIVE_MINUTES)
        for (let i = 0; i < bars.length; i++) expect(bars.knownAt[i]!).toBeGreaterThanOrEqual(bars.openTime[i]! + FIVE_MINUTES.ms)
      }),
    )
  })

  it('is the identity when source and target intervals are equal', () => {
    fc.assert(
      fc.property(barRows, (rows) => {
        const src = minuteBars(rows)
        const { bars, partial } = resampleBars(src, ONE_MINUTE)
        expect(partial).toBeNull()
        expect([...bars]).toEqual([...src])
      }),
    )
  })
})
