import * as ti from 'technicalindicators'
import * as ts from 'trading-signals'
import { describe, expect, it } from 'vitest'
import { closeEnough, randomInputs } from '../testing/random-inputs.ts'
import { Returns, returns, simpleReturn } from './returns.ts'

describe('simple returns', () => {
  it('measures the change relative to the price period bars back', () => {
    const prices = Float64Array.of(100, 110, 99)
    const one = returns(prices)
    expect(one[0]).toBeNaN()
    expect(one[1]).toBeCloseTo(0.1, 15)
    expect(one[2]).toBeCloseTo(-0.1, 15)
    const two = returns(prices, { period: 2 })
    expect(two[1]).toBeNaN()
    expect(two[2]).toBeCloseTo(-0.01, 15)
  })

  it('is NaN where either price is not positive (an input error), never ±Infinity', () => {
    const out = returns(Float64Array.of(100, 0, 50, -5, 10, 20))
    expect(Array.from(out.subarray(0, 5)).every(Number.isNaN)).toBe(true)
    expect(out[5]).toBe(1)
    expect(simpleReturn(1e300, 1e-300)).toBeNaN()
  })

  it('is technicalindicators’ ROC / 100 and trading-signals’ ROC', () => {
    const close = randomInputs({ length: 400, seed: 91 }).close
    for (const period of [1, 5, 12]) {
      const ours = returns(close, { period })
      const theirs = ti.ROC.calculate({ period, values: Array.from(close) })
      expect(theirs.length).toBe(400 - period)
      theirs.forEach((v, k) => {
        expect(closeEnough(ours[k + period]! * 100, v, 1e-12)).toBe(true)
      })
      const roc = new ts.ROC(period)
      for (let i = 0; i < 400; i++) {
        const t = roc.update(close[i]!, false)
        if (i < period) expect(t).toBeNull()
        else expect(closeEnough(ours[i]!, t!, 1e-12)).toBe(true)
      }
    }
  })

  it('streams the same values', () => {
    const close = randomInputs({ length: 50, seed: 92 }).close
    close[20] = -1
    const batch = returns(close, { period: 3 })
    const stream = new Returns({ period: 3 })
    for (let i = 0; i < 50; i++) expect(Object.is(stream.update(close[i]!), batch[i])).toBe(true)
    expect(stream.update(Number.NaN)).toBeNaN()
    stream.reset()
    expect(stream.update(close[0]!)).toBeNaN()
  })
})
