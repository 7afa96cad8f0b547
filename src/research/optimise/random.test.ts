import { describe, expect, it } from 'vitest'
import { randomSearch } from './random.ts'

const space = {
  fast: { int: [2, 50] as const },
  fraction: { float: [0.01, 1] as const, log: true },
  average: { choice: ['sma', 'ema'] },
}

describe('random search', () => {
  it('draws the same points in the same order from the same seed', () => {
    const first = randomSearch(space, 40, 7).next()
    const second = randomSearch(space, 40, 7).next()
    expect(first).toHaveLength(40)
    expect(second).toEqual(first)
    expect(randomSearch(space, 40, 8).next()).not.toEqual(first)
  })

  it('keeps every point inside the space, with distinct points', () => {
    const points = randomSearch(space, 200, 1).next() ?? []
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(200)
    for (const p of points) {
      expect(Number.isInteger(p.fast) && (p.fast as number) >= 2 && (p.fast as number) <= 50).toBe(true)
      expect((p.fraction as number) >= 0.01 && (p.fraction as number) <= 1).toBe(true)
      expect(['sma', 'ema']).toContain(p.average)
    }
  })

  it('ends at what a small space holds, and proposes one batch only', () => {
    const search = randomSearch({ a: { int: [1, 3] as const } }, 10, 1)
    expect((search.next() ?? []).map((p) => p.a).sort()).toEqual([1, 2, 3])
    search.tell([0, 0, 0])
    expect(search.next()).toBeUndefined()
  })

  it('refuses a trial count that is not a whole number >= 1', () => {
    expect(() => randomSearch(space, 0, 1)).toThrow('trials must be a whole number >= 1, was 0')
  })
})
