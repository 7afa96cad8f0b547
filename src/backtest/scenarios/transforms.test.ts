import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BAR_FIELDS, type BarSeries } from '../../data/bar-series.ts'
import { T0, flatSeries, minuteSeries, validSeries } from './testing/bars.ts'
import {
  flashCrash,
  gap,
  halt,
  liquidityDrought,
  resolveStart,
  spreadBlowout,
  staleData,
} from './transforms.ts'

const MIN = 60_000

function column(series: BarSeries, field: (typeof BAR_FIELDS)[number]): number[] {
  return Array.from(series[field])
}

function snapshot(series: BarSeries): number[][] {
  return BAR_FIELDS.map((f) => column(series, f))
}

/** The envelope of every bar, with the first offending bar named. */
function expectValidBars(series: BarSeries): void {
  for (let i = 0; i < series.length; i++) {
    const [o, h, l, c, v] = [
      series.open[i]!,
      series.high[i]!,
      series.low[i]!,
      series.close[i]!,
      series.volume[i]!,
    ]
    expect(h >= Math.max(o, c), `bar ${i}: high ${h} below open ${o} or close ${c}`).toBe(true)
    expect(l <= Math.min(o, c), `bar ${i}: low ${l} above open ${o} or close ${c}`).toBe(true)
    expect(l > 0 && Number.isFinite(h), `bar ${i}: prices ${l}..${h}`).toBe(true)
    expect(v >= 0, `bar ${i}: volume ${v}`).toBe(true)
    expect(series.knownAt[i]! - series.openTime[i]!, `bar ${i} known one interval after it opens`).toBe(MIN)
  }
}

/** Bars before `start` are the input's, value for value. */
function expectPrefixKept(before: BarSeries, after: BarSeries, start: number): void {
  for (const field of BAR_FIELDS) {
    expect(column(after, field).slice(0, start), field).toEqual(column(before, field).slice(0, start))
  }
}

type Transform = (series: BarSeries, start: number, seed: number) => BarSeries

const TRANSFORMS: Readonly<Record<string, Transform>> = {
  flashCrash: (s, index, k) =>
    flashCrash(s, {
      start: { index },
      dropFraction: 0.01 + (k % 98) / 100,
      dropBars: 1 + (k % 7),
      recoveryBars: 1 + (k % 5),
      volumeFactor: (k % 11) / 10,
    }),
  gap: (s, index, k) =>
    gap(s, { start: { index }, gapFraction: (k % 2 === 0 ? 1 : -1) * ((k % 90) / 100 + 0.01) }),
  liquidityDrought: (s, index, k) =>
    liquidityDrought(s, { start: { index }, bars: 1 + (k % 9), volumeFactor: (k % 5) / 4 }),
  spreadBlowout: (s, index, k) =>
    spreadBlowout(s, { start: { index }, bars: 1 + (k % 9), factor: 1 + (k % 8) }),
  staleRepeated: (s, index, k) =>
    staleData(s, { start: { index: Math.max(1, index) }, bars: 1 + (k % 9), mode: 'repeated' }),
  staleMissing: (s, index, k) => staleData(s, { start: { index }, bars: 1 + (k % 9), mode: 'missing' }),
}

const seriesWithStart = validSeries
  .filter((s) => s.length >= 2)
  .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.nat(10_000)))

describe('every scenario transformation', () => {
  for (const [name, transform] of Object.entries(TRANSFORMS)) {
    it(`${name} keeps every bar a valid envelope, leaves the bars before the start and its input alone`, () => {
      fc.assert(
        fc.property(seriesWithStart, ([series, start, seed]) => {
          const input = snapshot(series)
          const out = transform(series, start, seed)
          expectValidBars(out)
          expectPrefixKept(series, out, name === 'staleRepeated' ? Math.max(1, start) : start)
          expect(snapshot(series), 'the input series is not written to').toEqual(input)
        }),
        { numRuns: 150 },
      )
    })
  }

  it('halt keeps every bar valid, the bars before the start, and reopens inside the series', () => {
    const arbitrary = validSeries
      .filter((s) => s.length >= 3)
      .chain((s) =>
        fc
          .tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 2 }))
          .chain(([series, start]) =>
            fc.tuple(
              fc.constant(series),
              fc.constant(start),
              fc.integer({ min: 1, max: series.length - 1 - start }),
              fc.double({ min: -0.9, max: 2, noNaN: true }),
            ),
          ),
      )
    fc.assert(
      fc.property(arbitrary, ([series, start, bars, reopenFraction]) => {
        const out = halt(series, { start: { index: start }, bars, reopenFraction })
        expectValidBars(out.series)
        expectPrefixKept(series, out.series, start)
        expect(out.halts).toEqual([
          {
            from: series.openTime[start],
            to: series.openTime[start + bars],
            reopenPrice: out.series.open[start + bars],
          },
        ])
      }),
      { numRuns: 150 },
    )
  })
})

describe('resolveStart', () => {
  const five = flatSeries(5)

  it('defaults to the middle bar', () => {
    expect(resolveStart(five, undefined, 'x')).toBe(2)
    expect(resolveStart(flatSeries(4), undefined, 'x')).toBe(2)
  })

  it('takes the first bar opening at or after a time', () => {
    expect(resolveStart(five, { time: T0 + 90_000 }, 'x')).toBe(2)
    expect(resolveStart(five, { time: T0 + 120_000 }, 'x')).toBe(2)
    expect(resolveStart(five, { time: 0 }, 'x')).toBe(0)
  })

  it('names the scenario and the field when the start is outside the series', () => {
    expect(() => resolveStart(five, { index: 5 }, 'gap')).toThrow(
      'gap.start.index must be an integer in 0..4, was 5',
    )
    expect(() => resolveStart(five, { time: T0 + 5 * MIN }, 'halt')).toThrow(
      `halt.start.time ${T0 + 5 * MIN} is after the last bar, which opens at ${T0 + 4 * MIN}`,
    )
    expect(() => resolveStart(flatSeries(0), undefined, 'gap')).toThrow('gap: the series has no bars')
  })
})

describe('flashCrash', () => {
  it('scales prices along a V to the trough and back, and thins the volume over it', () => {
    const out = flashCrash(flatSeries(6), {
      start: { index: 1 },
      dropFraction: 0.5,
      dropBars: 2,
      recoveryBars: 2,
      volumeFactor: 0.1,
    })
    // factors at the closes of bars 1..4: 0.75, 0.5, 0.75, 1; an open takes the close before it
    expect(column(out, 'open')).toEqual([100, 100, 75, 50, 75, 100])
    expect(column(out, 'close')).toEqual([100, 75, 50, 75, 100, 100])
    expect(column(out, 'high')).toEqual([101, 101, 75.75, 75.75, 101, 101])
    expect(column(out, 'low')).toEqual([99, 74.25, 49.5, 49.5, 74.25, 99])
    expect(column(out, 'volume')).toEqual([1000, 100, 100, 100, 100, 1000])
  })

  it('ends at the trough when the series ends before the recovery', () => {
    const out = flashCrash(flatSeries(3), { start: { index: 1 }, dropFraction: 0.5, dropBars: 2 })
    expect(column(out, 'close')).toEqual([100, 75, 50])
  })

  it('refuses a drop that is not a fraction in (0, 1)', () => {
    expect(() => flashCrash(flatSeries(3), { dropFraction: 1 })).toThrow(
      'flashCrash.dropFraction must be in (0, 1), was 1',
    )
    expect(() => flashCrash(flatSeries(3), { dropBars: 0 })).toThrow(
      'flashCrash.dropBars must be an integer ≥ 1, was 0',
    )
  })
})

describe('gap', () => {
  const three = minuteSeries([
    { open: 100, high: 102, low: 99, close: 101, volume: 10 },
    { open: 101, high: 103, low: 100, close: 102, volume: 20 },
    { open: 102, high: 104, low: 101, close: 103, volume: 30 },
  ])

  it('moves the start bar’s open and every price after it by the same factor', () => {
    const out = gap(three, { start: { index: 1 }, gapFraction: -0.5 })
    expect(column(out, 'open')).toEqual([100, 50.5, 51])
    expect(column(out, 'high')).toEqual([102, 51.5, 52])
    expect(column(out, 'low')).toEqual([99, 50, 50.5])
    expect(column(out, 'close')).toEqual([101, 51, 51.5])
    expect(column(out, 'volume'), 'volume is not a price').toEqual([10, 20, 30])
  })

  it('defaults to a 5% gap down at the middle bar', () => {
    expect(gap(three).open[1]).toBeCloseTo(101 * 0.95, 12)
    expect(gap(three).close[0]).toBe(101)
  })

  it('refuses a gap that would take the price to zero', () => {
    expect(() => gap(three, { gapFraction: -1 })).toThrow(
      'gap.gapFraction must be a finite number > -1, was -1',
    )
  })
})

describe('halt', () => {
  const five = minuteSeries([
    { open: 100, high: 101, low: 99, close: 100, volume: 10 },
    { open: 100, high: 102, low: 99, close: 101, volume: 20 },
    { open: 101, high: 103, low: 100, close: 102, volume: 30 },
    { open: 100, high: 104, low: 99, close: 103, volume: 40 },
    { open: 103, high: 105, low: 102, close: 104, volume: 50 },
  ])

  it('freezes the halted bars at the last close, reopens at the reopen price and carries the move on', () => {
    const out = halt(five, { start: { index: 1 }, bars: 2, reopenFraction: -0.5 })
    expect(column(out.series, 'open')).toEqual([100, 100, 100, 50, 51.5])
    expect(column(out.series, 'high')).toEqual([101, 100, 100, 52, 52.5])
    expect(column(out.series, 'low')).toEqual([99, 100, 100, 49.5, 51])
    expect(column(out.series, 'close')).toEqual([100, 100, 100, 51.5, 52])
    expect(column(out.series, 'volume')).toEqual([10, 0, 0, 40, 50])
    expect(out.halts).toEqual([{ from: T0 + MIN, to: T0 + 3 * MIN, reopenPrice: 50 }])
  })

  it('refuses a halt that leaves no bar to reopen on', () => {
    expect(() => halt(five, { start: { index: 2 }, bars: 3 })).toThrow(
      'halt: 3 bars from bar 2 leave no bar to reopen on (the series has 5)',
    )
  })
})

describe('liquidityDrought', () => {
  it('multiplies the volume over the window and nothing else', () => {
    const out = liquidityDrought(flatSeries(4), { start: { index: 1 }, bars: 2, volumeFactor: 0.25 })
    expect(column(out, 'volume')).toEqual([1000, 250, 250, 1000])
    expect(column(out, 'close')).toEqual([100, 100, 100, 100])
  })
})

describe('spreadBlowout', () => {
  const bar = minuteSeries([{ open: 2, high: 4, low: 1, close: 3, volume: 7 }])

  it('raises the high–low ratio to the factor around the geometric midpoint', () => {
    // √(4·1) = 2; (4/1)^(2/2) = 4 → 2·4 and 2/4
    const twice = spreadBlowout(bar, { start: { index: 0 }, factor: 2 })
    expect([twice.high[0], twice.low[0], twice.open[0], twice.close[0], twice.volume[0]]).toEqual([
      8, 0.5, 2, 3, 7,
    ])
    // (4/1)^(3/2) = 8
    const thrice = spreadBlowout(bar, { start: { index: 0 }, factor: 3 })
    expect([thrice.high[0], thrice.low[0]]).toEqual([16, 0.25])
  })

  it('widens a narrow bar’s range about factor times', () => {
    const out = spreadBlowout(flatSeries(1), { start: { index: 0 }, factor: 5 })
    expect(out.high[0]! - out.low[0]!).toBeCloseTo(10, 2)
  })

  it('refuses a factor that would narrow the range', () => {
    expect(() => spreadBlowout(bar, { factor: 0.5 })).toThrow(
      'spreadBlowout.factor must be a finite number ≥ 1, was 0.5',
    )
  })
})

describe('staleData', () => {
  const five = minuteSeries(
    [1, 2, 3, 4, 5].map((p) => ({ open: p, high: p + 1, low: p - 0.5, close: p + 0.5, volume: p * 10 })),
  )

  it('missing: removes the bars, keeping each remaining bar’s times', () => {
    const out = staleData(five, { start: { index: 1 }, bars: 2, mode: 'missing' })
    expect(column(out, 'openTime')).toEqual([T0, T0 + 3 * MIN, T0 + 4 * MIN])
    expect(column(out, 'knownAt')).toEqual([T0 + MIN, T0 + 4 * MIN, T0 + 5 * MIN])
    expect(column(out, 'open')).toEqual([1, 4, 5])
  })

  it('repeated: the last close before the start, flat, with zero volume', () => {
    const out = staleData(five, { start: { index: 1 }, bars: 2, mode: 'repeated' })
    expect(column(out, 'open')).toEqual([1, 1.5, 1.5, 4, 5])
    expect(column(out, 'high')).toEqual([2, 1.5, 1.5, 5, 6])
    expect(column(out, 'low')).toEqual([0.5, 1.5, 1.5, 3.5, 4.5])
    expect(column(out, 'close')).toEqual([1.5, 1.5, 1.5, 4.5, 5.5])
    expect(column(out, 'volume')).toEqual([10, 0, 0, 40, 50])
  })

  it('repeated needs a bar before the start', () => {
    expect(() => staleData(five, { start: { index: 0 } })).toThrow(
      'staleData: mode repeated needs a bar before the start to repeat',
    )
  })
})
