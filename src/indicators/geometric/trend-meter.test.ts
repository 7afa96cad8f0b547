import { describe, expect, it } from 'vitest'
import { TrendMeter } from './trend-meter.ts'

function feed(meter: TrendMeter, prices: readonly number[]): number[] {
  return prices.map((p) => meter.update(p))
}

describe('TrendMeter', () => {
  it('is NaN until it holds a window of returns', () => {
    expect(feed(new TrendMeter(3), [1, 2, 3])).toEqual([Number.NaN, Number.NaN, Number.NaN])
  })

  it('calls a noiseless rise +1, a noiseless fall −1 and a flat window 0', () => {
    expect(feed(new TrendMeter(3), [1, 2, 4, 8]).at(-1)).toBe(1)
    expect(feed(new TrendMeter(3), [8, 4, 2, 1]).at(-1)).toBe(-1)
    expect(feed(new TrendMeter(3), [5, 5, 5, 5]).at(-1)).toBe(0)
  })

  it('measures the move in units of its own noise', () => {
    // Returns +a, −a, +a, +a: move 2a, σ = sample std of (a, −a, a, a), z = 2a / (σ·2).
    const a = 0.01
    const prices = [100, 100 * Math.exp(a), 100, 100 * Math.exp(a), 100 * Math.exp(2 * a)]
    const mean = a / 2
    const sigma = Math.sqrt((3 * (a - mean) ** 2 + (-a - mean) ** 2) / 3)
    expect(feed(new TrendMeter(4), prices).at(-1)).toBeCloseTo(Math.tanh((2 * a) / (sigma * 2)), 12)
  })

  it('forgets everything on reset', () => {
    const meter = new TrendMeter(2)
    feed(meter, [1, 2, 3])
    meter.reset()
    expect(meter.update(3)).toBeNaN()
  })
})
