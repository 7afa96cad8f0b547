import { describe, expect, it } from 'vitest'
import { MS_PER_MINUTE, parseInterval } from '../domain/time.ts'
import { BarSeries, lowerBound, upperBound } from './bar-series.ts'
import { BarSeriesBuilder } from './bar-series-builder.ts'

const ONE_MINUTE = parseInterval('1m')
const T0 = Date.UTC(2024, 0, 2)

function series(n: number): BarSeries {
  const builder = new BarSeriesBuilder(2)
  for (let i = 0; i < n; i++) {
    const t = T0 + i * MS_PER_MINUTE
    builder.push(t, t + MS_PER_MINUTE, 100 + i, 101 + i, 99 + i, 100.5 + i, 10 * i)
  }
  return builder.build(ONE_MINUTE)
}

describe('BarSeries', () => {
  it('grows past its initial capacity and reads bars back', () => {
    const s = series(10)
    expect(s.length).toBe(10)
    expect(s.at(9)).toEqual({
      openTime: T0 + 9 * MS_PER_MINUTE,
      interval: ONE_MINUTE,
      knownAt: T0 + 10 * MS_PER_MINUTE,
      open: 109,
      high: 110,
      low: 108,
      close: 109.5,
      volume: 90,
    })
    expect(() => s.at(10)).toThrow(/outside 0..9/)
  })

  it('slices by time without copying', () => {
    const s = series(10)
    const window = s.sliceByTime(T0 + 2 * MS_PER_MINUTE, T0 + 5 * MS_PER_MINUTE)
    expect(window.length).toBe(3)
    expect(window.open[0]).toBe(102)
    expect(window.close.buffer, 'the slice shares the parent buffer').toBe(s.close.buffer)
    expect(s.sliceByTime(T0 + 100 * MS_PER_MINUTE, T0 + 200 * MS_PER_MINUTE).length).toBe(0)
    expect(s.slice(8).length).toBe(2)
    expect(s.slice(5, 2).length, 'an inverted range is empty').toBe(0)
  })

  it('shows only bars already closed at a given time', () => {
    const s = series(10)
    expect(s.knownBy(T0 + 3 * MS_PER_MINUTE - 1).length, 'bar 2 closes at 3m').toBe(2)
    expect(s.knownBy(T0 + 3 * MS_PER_MINUTE).length).toBe(3)
    expect(s.knownBy(T0).length).toBe(0)
  })

  it('finds a bar by open time', () => {
    const s = series(5)
    expect(s.indexOfOpenTime(T0 + 3 * MS_PER_MINUTE)).toBe(3)
    expect(s.indexOfOpenTime(T0 + 1)).toBe(-1)
  })

  it('iterates bars in order', () => {
    expect([...series(3)].map((b) => b.open)).toEqual([100, 101, 102])
  })

  it('rejects columns of different lengths, unordered or duplicate times, and knowledge before the open', () => {
    const one = new Float64Array([1])
    const cols = { openTime: new Float64Array([T0, T0 + 60_000]), knownAt: new Float64Array([T0 + 60_000, T0 + 120_000]) }
    const prices = { open: one, high: one, low: one, close: one, volume: one }
    expect(() => new BarSeries({ ...cols, ...prices }, ONE_MINUTE)).toThrow(/column open has 1 values, openTime has 2/)
    const two = new Float64Array([1, 1])
    const p2 = { open: two, high: two, low: two, close: two, volume: two }
    expect(() => new BarSeries({ ...p2, openTime: new Float64Array([T0, T0]), knownAt: new Float64Array([T0, T0]) }, ONE_MINUTE)).toThrow(
      /does not follow/,
    )
    expect(
      () => new BarSeries({ ...p2, openTime: new Float64Array([T0, T0 + 1]), knownAt: new Float64Array([T0 - 1, T0 + 2]) }, ONE_MINUTE),
    ).toThrow(/before its openTime/)
    expect(
      () => new BarSeries({ ...p2, openTime: new Float64Array([T0, T0 + 1]), knownAt: new Float64Array([T0 + 9, T0 + 2]) }, ONE_MINUTE),
    ).toThrow(/before knownAt\[0\]/)
    expect(() => new BarSeries({ ...p2, openTime: new Float64Array([T0, 0.5]), knownAt: new Float64Array([T0, T0]) }, ONE_MINUTE)).toThrow(
      /not an integer millisecond/,
    )
    expect(BarSeries.empty(ONE_MINUTE).length).toBe(0)
  })
})

describe('binary search', () => {
  it('finds lower and upper bounds', () => {
    const v = new Float64Array([1, 2, 2, 3])
    expect(lowerBound(v, 2)).toBe(1)
    expect(upperBound(v, 2)).toBe(3)
    expect(lowerBound(v, 0)).toBe(0)
    expect(upperBound(v, 9)).toBe(4)
  })
})
