import { describe, expect, it } from 'vitest'
import { mostCommonStep } from './common-step.ts'

describe('mostCommonStep', () => {
  it('finds the regular step despite gaps', () => {
    expect(mostCommonStep([0, 60, 120, 300, 360, 420])).toBe(60)
  })

  it('reads descending times when told, and prefers the shorter step on a tie', () => {
    expect(mostCommonStep([400, 300, 200, 100], -1)).toBe(100)
    expect(mostCommonStep([0, 10, 30])).toBe(10)
  })

  it('is 0 when there is no positive step', () => {
    expect(mostCommonStep([5])).toBe(0)
    expect(mostCommonStep([5, 5, 4])).toBe(0)
  })
})
