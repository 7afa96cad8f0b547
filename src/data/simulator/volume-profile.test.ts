import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../../domain/time.ts'
import { intradayVolumeFactor } from './volume-profile.ts'

const DAY = Date.UTC(2024, 0, 2)

describe('intradayVolumeFactor', () => {
  it('averages to one over a day and stays between 0.4 and 1.7', () => {
    let sum = 0
    let min = Infinity
    let max = 0
    for (let m = 0; m < 1440; m++) {
      const f = intradayVolumeFactor(DAY + m * MS_PER_MINUTE)
      sum += f
      min = Math.min(min, f)
      max = Math.max(max, f)
    }
    expect(sum / 1440).toBeCloseTo(1, 10)
    expect(min).toBeGreaterThan(0.4)
    expect(max).toBeLessThan(1.7)
  })

  it('peaks in the Europe–US overlap and bottoms out in the Asian night', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => intradayVolumeFactor(DAY + h * MS_PER_HOUR, MS_PER_HOUR))
    const busiest = hourly.indexOf(Math.max(...hourly))
    const quietest = hourly.indexOf(Math.min(...hourly))
    expect(busiest).toBeGreaterThanOrEqual(13)
    expect(busiest).toBeLessThanOrEqual(15)
    expect(quietest).toBeGreaterThanOrEqual(2)
    expect(quietest).toBeLessThanOrEqual(5)
  })

  it('gives a bar the mean of the profile over its span', () => {
    for (const hour of [0, 7, 14, 23]) {
      const open = DAY + hour * MS_PER_HOUR
      let sum = 0
      for (let s = 0; s < 3600; s++) sum += intradayVolumeFactor(open + (s + 0.5) * 1000)
      expect(intradayVolumeFactor(open, MS_PER_HOUR), `hour ${hour}`).toBeCloseTo(sum / 3600, 6)
    }
  })

  it('gives daily and weekly bars exactly one, and is periodic in the day', () => {
    expect(intradayVolumeFactor(DAY, MS_PER_DAY)).toBe(1)
    expect(intradayVolumeFactor(DAY + 5 * MS_PER_HOUR, 7 * MS_PER_DAY)).toBe(1)
    expect(intradayVolumeFactor(DAY + 3 * MS_PER_HOUR)).toBeCloseTo(intradayVolumeFactor(DAY - 21 * MS_PER_HOUR), 12)
    expect(intradayVolumeFactor(-MS_PER_HOUR)).toBeCloseTo(intradayVolumeFactor(23 * MS_PER_HOUR), 12)
  })
})
