import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OrderRateWindow } from './order-rate-window.ts'

describe('OrderRateWindow', () => {
  it('counts the times within the last second, dropping those at or before now − 1000', () => {
    const window = new OrderRateWindow()
    for (const t of [0, 500, 999]) window.record(t)
    expect(window.countAt(999)).toBe(3)
    window.record(1000)
    expect(window.size, 'recording at 1000 drops 0, which is at now − 1000').toBe(3)
    expect(window.countAt(1000)).toBe(3)
    expect(window.countAt(1999), '0, 500 and 999 are at or before 999').toBe(1)
    expect(window.countAt(2000)).toBe(0)
    expect(window.size).toBe(0)
  })

  it('keeps every time through growth and wrap-around', () => {
    const window = new OrderRateWindow()
    for (let t = 0; t < 40; t++) window.record(t)
    expect(window.countAt(1010), 'drops 0…10').toBe(29)
    for (let t = 40; t < 100; t++) window.record(t)
    expect(window.countAt(1050)).toBe(49)
    expect(window.countAt(1099)).toBe(0)
  })

  it('stays as small as the busiest second when nothing reads it', () => {
    const window = new OrderRateWindow()
    for (let t = 0; t < 100_000; t += 10) window.record(t)
    expect(window.size, 'the hundred orders of the last second').toBe(100)
  })

  it('agrees with a shifting array, pruned on every record and count, for any sequence of records and counts, times in any order', () => {
    type Step = { kind: 'record'; time: number } | { kind: 'count'; time: number }
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('record' as const), time: fc.integer({ min: 0, max: 5000 }) }),
      fc.record({ kind: fc.constant('count' as const), time: fc.integer({ min: 0, max: 5000 }) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const window = new OrderRateWindow()
        const model: number[] = []
        for (const s of steps) {
          if (s.kind === 'record') {
            window.record(s.time)
            while (model.length > 0 && model[0]! <= s.time - 1000) model.shift()
            model.push(s.time)
          } else {
            while (model.length > 0 && model[0]! <= s.time - 1000) model.shift()
            expect(window.countAt(s.time)).toBe(model.length)
          }
        }
        expect(window.size).toBe(model.length)
      }),
    )
  })
})
