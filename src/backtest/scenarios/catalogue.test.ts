import { describe, expect, it } from 'vitest'
import { SCENARIOS, type ScenarioData } from './catalogue.ts'
import { T0, flatSeries } from './testing/bars.ts'

const MIN = 60_000
// 40 flat bars at 100 (high 101, low 99, volume 1,000): every scenario starts at bar 20
const SERIES = flatSeries(40)

function apply(name: string): ScenarioData {
  const scenario = SCENARIOS.find((s) => s.name === name)
  if (scenario === undefined) throw new Error(`no scenario ${name}`)
  return scenario.transform(SERIES)
}

describe('the scenario catalogue applies the documented defaults', () => {
  it('flash-crash: 10% down over 5 bars, back over 5, volume at a tenth', () => {
    const { series } = apply('flash-crash')
    expect(series.close[19]).toBe(100)
    expect(series.close[24], 'the trough').toBeCloseTo(90, 12)
    expect(series.close[29], 'recovered').toBeCloseTo(100, 12)
    expect(Array.from(series.volume.subarray(19, 31))).toEqual([1000, ...Array<number>(10).fill(100), 1000])
  })

  it('gap-down: the middle bar opens 5% below the close before it', () => {
    const { series, start } = apply('gap-down')
    expect(start).toBe(T0 + 20 * MIN)
    expect(series.close[19]).toBe(100)
    expect(series.open[20]).toBeCloseTo(95, 12)
  })

  it('halt: 10 bars without volume, reopening 5% lower', () => {
    const { series, halts } = apply('halt')
    expect(halts).toEqual([{ from: T0 + 20 * MIN, to: T0 + 30 * MIN, reopenPrice: 95 }])
    expect(Array.from(series.volume.subarray(19, 31))).toEqual([1000, ...Array<number>(10).fill(0), 1000])
  })

  it('liquidity-drought: a twentieth of the volume for 20 bars', () => {
    const { series } = apply('liquidity-drought')
    expect(Array.from(series.volume.subarray(18, 40))).toEqual([1000, 1000, ...Array<number>(20).fill(50)])
  })

  it('spread-blowout: the range about five times wider for 20 bars', () => {
    const { series } = apply('spread-blowout')
    expect(series.high[19]! - series.low[19]!).toBe(2)
    expect(series.high[20]! - series.low[20]!).toBeCloseTo(10, 2)
    expect(series.high[39]! - series.low[39]!).toBeCloseTo(10, 2)
  })

  it('stale-missing: 10 bars gone, the next one arriving late', () => {
    const { series } = apply('stale-missing')
    expect(series.length).toBe(30)
    expect(series.openTime[20]).toBe(T0 + 30 * MIN)
  })

  it('stale-repeated: 10 bars stuck at the last close with no volume', () => {
    const { series } = apply('stale-repeated')
    expect(series.length).toBe(40)
    expect(Array.from(series.high.subarray(20, 30))).toEqual(Array<number>(10).fill(100))
    expect(Array.from(series.volume.subarray(20, 30))).toEqual(Array<number>(10).fill(0))
  })
})
