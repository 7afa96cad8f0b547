import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeededRandom } from '../../data/simulator/random.ts'
import type { SpaceDimension } from '../../strategy/space.ts'
import { gridLength, gridValues, mutateValue, sampleValue } from './dimension.ts'

describe('gridValues', () => {
  it('walks an int range by its step, keeping the upper bound when it is on the step', () => {
    const values = gridValues({ int: [10, 200], step: 5 })
    expect(values.length).toBe(39)
    expect([values[0], values[1], values.at(-1)]).toEqual([10, 15, 200])
    expect(gridValues({ int: [1, 10], step: 4 })).toEqual([1, 5, 9])
  })

  it('writes float steps as decimals, not as accumulated binary error', () => {
    expect(gridValues({ float: [0.1, 0.5], step: 0.1 })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5])
    expect(gridValues({ float: [0.05, 0.5], step: 0.05 }).at(-1)).toBe(0.5)
  })

  it('takes five points of a float range without a step, evenly or geometrically', () => {
    expect(gridValues({ float: [0, 1] })).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(gridValues({ float: [1, 10000], log: true })).toEqual([1, 10, 100, 1000, 10000])
    expect(gridValues({ float: [1, 2], steps: 3 })).toEqual([1, 1.5, 2])
    expect(gridLength({ float: [1, 2], steps: 3 })).toBe(3)
  })

  it('gives a choice as declared', () => {
    expect(gridValues({ choice: ['sma', 'ema'] })).toEqual(['sma', 'ema'])
  })
})

const dimensions: fc.Arbitrary<SpaceDimension> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 1, max: 7 }),
    )
    .map(([lo, width, step]) => ({ int: [lo, lo + width] as const, step })),
  fc
    .tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1000 }))
    .map(([lo, width]) => ({ int: [lo, lo + width] as const, log: true })),
  fc
    .tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }))
    .map(([lo, width]) => ({ float: [lo, lo + width] as const })),
  fc
    .tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(0.05, 0.1, 0.25))
    .map(([lo, k, step]) => ({ float: [lo / 10, lo / 10 + k * step] as const, step })),
  fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 5 }).map((choice) => ({ choice })),
)

function inside(dimension: SpaceDimension, value: unknown): boolean {
  if ('choice' in dimension) return dimension.choice.includes(value as string)
  if (typeof value !== 'number') return false
  if ('int' in dimension)
    return Number.isInteger(value) && value >= dimension.int[0] && value <= dimension.int[1]
  return value >= dimension.float[0] && value <= dimension.float[1]
}

function onGrid(dimension: SpaceDimension, value: unknown): boolean {
  const stepped = 'int' in dimension ? !dimension.log : 'float' in dimension && dimension.step !== undefined
  return !stepped || gridValues(dimension).includes(value as number)
}

describe('sampling and mutation', () => {
  it('never leave the dimension or its step grid', () => {
    fc.assert(
      fc.property(dimensions, fc.integer(), (dimension, seed) => {
        const random = new SeededRandom(seed)
        const normal = (): number => 4 * (random.nextFloat() - 0.5)
        let value = sampleValue(dimension, random)
        for (let i = 0; i < 20; i++) {
          expect(inside(dimension, value), JSON.stringify(value)).toBe(true)
          expect(onGrid(dimension, value), JSON.stringify(value)).toBe(true)
          value = mutateValue(dimension, value, random, normal)
        }
      }),
    )
  })

  it('moves a choice to another value and a stepped number by at least one step', () => {
    const random = new SeededRandom(3)
    const normal = (): number => 0
    for (let i = 0; i < 20; i++)
      expect(mutateValue({ choice: ['a', 'b', 'c'] }, 'b', random, normal)).not.toBe('b')
    expect(mutateValue({ int: [0, 100], step: 5 }, 50, random, normal)).toBe(55)
  })
})
