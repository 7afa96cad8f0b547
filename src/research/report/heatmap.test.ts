import { describe, expect, it } from 'vitest'
import { defaultHeatmapParams, heatmapOf, histogram } from './heatmap.ts'

const rows = [
  { params: { fast: 2, slow: 10, average: 'sma' }, value: 1 },
  { params: { fast: 2, slow: 10, average: 'ema' }, value: 3 },
  { params: { fast: 4, slow: 10, average: 'sma' }, value: -1 },
  { params: { fast: 2, slow: 20, average: 'sma' }, value: null },
  { params: { fast: 4, slow: 20, average: 'ema' }, value: 0.5 },
]

describe('heatmapOf', () => {
  it('keeps the best value among combinations sharing the two parameters', () => {
    const map = heatmapOf(rows, 'fast', 'slow', 'max')!
    expect(map.xValues).toEqual([2, 4])
    expect(map.yValues).toEqual([10, 20])
    expect(map.cells).toEqual([
      { x: 2, y: 10, value: 3, count: 2 },
      { x: 4, y: 10, value: -1, count: 1 },
      { x: 4, y: 20, value: 0.5, count: 1 },
    ])
    expect([map.min, map.max]).toEqual([-1, 3])
  })

  it('keeps the lowest for a metric that is better low', () => {
    expect(heatmapOf(rows, 'fast', 'slow', 'min')!.cells[0]!.value).toBe(1)
  })

  it('is undefined when no combination has both parameters and a value', () => {
    expect(heatmapOf(rows, 'fast', 'average', 'max')).toBeUndefined()
  })
})

describe('defaultHeatmapParams', () => {
  it('takes the first two numeric parameters', () => {
    expect(defaultHeatmapParams(['average', 'fast', 'slow'], rows)).toEqual(['fast', 'slow'])
    expect(defaultHeatmapParams(['average', 'fast'], rows)).toBeUndefined()
  })
})

describe('histogram', () => {
  it('counts every finite value in equal-width bins, the maximum in the last', () => {
    const bins = histogram([0, 1, 2, 3, 4, Number.NaN], 4)
    expect(bins.map((b) => b.count)).toEqual([1, 1, 1, 2])
    expect(bins[0]!.lower).toBe(0)
    expect(bins[3]!.upper).toBe(4)
  })

  it('puts equal values in one bin and returns nothing for no values', () => {
    expect(histogram([2, 2], 10)).toEqual([{ lower: 2, upper: 3, count: 2 }])
    expect(histogram([], 10)).toEqual([])
  })
})
