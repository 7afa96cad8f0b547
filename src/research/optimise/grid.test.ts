import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { MAX_GRID_POINTS, gridPoint, gridSearch, gridSize } from './grid.ts'

describe('grid search', () => {
  const space = { a: { int: [1, 2] as const }, b: { choice: ['x', 'y', 'z'] } }

  it('walks the product as nested loops, the last parameter fastest', () => {
    const search = gridSearch(space)
    expect(search.total).toBe(6)
    expect(search.next()).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ])
    search.tell([1, 2, 3, 4, 5, 6])
    expect(search.next()).toBeUndefined()
  })

  it('makes any point from its index, in batches that cover the grid once', () => {
    const big = {
      fast: { int: [2, 50] as const },
      slow: { int: [10, 200] as const, step: 5 },
      average: { choice: ['sma', 'ema'] },
    }
    expect(gridSize(big)).toBe(49 * 39 * 2)
    expect(gridPoint(big, 0)).toEqual({ fast: 2, slow: 10, average: 'sma' })
    expect(gridPoint(big, 3821)).toEqual({ fast: 50, slow: 200, average: 'ema' })
    const search = gridSearch(big)
    const seen = new Set<string>()
    for (let batch = search.next(); batch !== undefined; batch = search.next()) {
      expect(batch.length).toBeLessThanOrEqual(1024)
      for (const point of batch) seen.add(JSON.stringify(point))
      search.tell(batch.map(() => 0))
    }
    expect(seen.size).toBe(3822)
  })

  it('refuses a grid too large to run', () => {
    const huge = { a: { int: [1, 10_000] as const }, b: { int: [1, 10_000] as const } }
    expect(10_000 * 10_000).toBeGreaterThan(MAX_GRID_POINTS)
    expect(() => gridSearch(huge)).toThrow(TradePulseError)
  })
})
