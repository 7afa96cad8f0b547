import { describe, expect, it } from 'vitest'
import { type BacktestConfigInput, resolveBacktestConfig } from '../config.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { BacktestResult, RunEvent } from '../result.ts'
import {
  type ExpectationContext,
  type ScenarioInstrument,
  checkEquityFinite,
  checkKillSwitch,
  checkNoFillInHalt,
  checkPositionLimit,
  checkStopFillsAtGap,
} from './expectations.ts'
import { T0, flatSeries, minuteSeries } from './testing/bars.ts'
import { equityAt, fillAt, resultWith, stopOrder } from './testing/result.ts'

const MIN = 60_000
const iso = (t: number): string => new Date(t).toISOString()

const ACME: ScenarioInstrument = {
  instrumentId: 'ACME.SIM',
  series: flatSeries(3),
  start: T0 + MIN,
  halts: [],
  multiplier: 1,
}

function context(
  result: BacktestResult,
  config: BacktestConfigInput = {},
  instruments = [ACME],
): ExpectationContext {
  return { config: resolveBacktestConfig(config), instruments, result }
}

describe('equity-finite', () => {
  it('passes when every point is a number', () => {
    const outcome = checkEquityFinite(
      context(resultWith({ equity: [equityAt(T0, 1e6), equityAt(T0 + MIN, 9e5)] })),
    )
    expect(outcome).toEqual({
      expectation: 'equity-finite',
      passed: true,
      message: 'all 2 equity points are finite',
    })
  })

  it('names the field and the time of the first value that is not', () => {
    const broken = { ...equityAt(T0 + MIN, 1e6), cash: Number.NaN }
    const outcome = checkEquityFinite(context(resultWith({ equity: [equityAt(T0, 1e6), broken] })))
    expect(outcome).toEqual({
      expectation: 'equity-finite',
      passed: false,
      message: `cash is NaN at ${iso(T0 + MIN)}`,
    })
  })
})

describe('position-within-limit', () => {
  // 0.1 × 1,000,000 = 100,000 of position value: 1,000 units at 100, 800 at 125
  const risk = { risk: { maxPositionFraction: 0.1 } }

  it('passes a position that reaches the limit exactly', () => {
    const fills = [fillAt('t1', T0, 'buy', 600, 100), fillAt('t2', T0 + MIN, 'buy', 400, 100)]
    expect(checkPositionLimit(context(resultWith({ fills }), risk))).toEqual({
      expectation: 'position-within-limit',
      passed: true,
      message: '2 fills, none above the position limit',
    })
  })

  it('names the fill that takes the position past the limit', () => {
    const fills = [fillAt('t1', T0, 'buy', 600, 100), fillAt('t2', T0 + MIN, 'buy', 500, 100)]
    const outcome = checkPositionLimit(context(resultWith({ fills }), risk))
    expect(outcome.passed).toBe(false)
    expect(outcome.message).toBe(
      `fill t2 (order o-t2, buy 500 ACME.SIM) at ${iso(T0 + MIN)} leaves the position at 1100, above the limit 1000 (maxPositionFraction 0.1 × initial capital 1000000 / price 100)`,
    )
  })

  it('judges each fill at its own price, shorts by their size, and counts the other breaches', () => {
    const fills = [
      fillAt('t1', T0, 'buy', 900, 100),
      fillAt('t2', T0 + MIN, 'buy', 10, 125),
      // 910 − 1,911 = −1,001: a short one unit past the limit at 100
      fillAt('t3', T0 + 2 * MIN, 'sell', 1_911, 100),
    ]
    const outcome = checkPositionLimit(context(resultWith({ fills }), risk))
    expect(outcome.passed).toBe(false)
    expect(outcome.message).toBe(
      `fill t2 (order o-t2, buy 10 ACME.SIM) at ${iso(T0 + MIN)} leaves the position at 910, above the limit 800 (maxPositionFraction 0.1 × initial capital 1000000 / price 125) (and 1 more)`,
    )
  })

  it('counts the contract multiplier in the position’s value', () => {
    const futures = { ...ACME, multiplier: 10 }
    const fills = [fillAt('t1', T0, 'buy', 101, 100)]
    expect(
      checkPositionLimit(context(resultWith({ fills }), risk, [futures])).passed,
      '101 × 100 × 10 > 100,000',
    ).toBe(false)
    const within = [fillAt('t1', T0, 'buy', 100, 100)]
    expect(checkPositionLimit(context(resultWith({ fills: within }), risk, [futures])).passed).toBe(true)
  })
})

describe('kill-switch-on-loss', () => {
  // peak 1,020,000 then 960,000: a drawdown of 60,000 against a limit of 0.05 × 1,000,000
  const equity = [equityAt(T0, 1_000_000), equityAt(T0 + MIN, 1_020_000), equityAt(T0 + 2 * MIN, 960_000)]
  const drawdownLimit = { risk: { maxDrawdownFraction: 0.05 } }
  const trip = (time: number): RunEvent => ({
    time: time as UnixMillis,
    kind: 'kill-switch',
    message: 'drawdown',
  })

  it('has nothing to check without a loss limit', () => {
    expect(checkKillSwitch(context(resultWith({ equity })))).toEqual({
      expectation: 'kill-switch-on-loss',
      passed: true,
      message: 'no loss limit is configured; nothing to check',
    })
  })

  it('passes when the switch trips at the breach and nothing fills after it', () => {
    const result = resultWith({
      equity,
      events: [trip(T0 + 2 * MIN)],
      fills: [fillAt('t1', T0 + 2 * MIN, 'sell', 10, 96)],
    })
    expect(checkKillSwitch(context(result, drawdownLimit))).toEqual({
      expectation: 'kill-switch-on-loss',
      passed: true,
      message: `the drawdown 60000 exceeds the limit 50000 (maxDrawdownFraction 0.05) at ${iso(T0 + 2 * MIN)}; the kill switch tripped at ${iso(T0 + 2 * MIN)} and nothing filled after it`,
    })
  })

  it('fails when the limit is breached and the switch never trips', () => {
    const outcome = checkKillSwitch(context(resultWith({ equity }), drawdownLimit))
    expect(outcome.passed).toBe(false)
    expect(outcome.message).toBe(
      `the drawdown 60000 exceeds the limit 50000 (maxDrawdownFraction 0.05) at ${iso(T0 + 2 * MIN)}, and the kill switch never tripped`,
    )
  })

  it('fails when the switch trips after the breach', () => {
    const outcome = checkKillSwitch(
      context(resultWith({ equity, events: [trip(T0 + 3 * MIN)] }), drawdownLimit),
    )
    expect(outcome.message).toBe(
      `the drawdown 60000 exceeds the limit 50000 (maxDrawdownFraction 0.05) at ${iso(T0 + 2 * MIN)}, but the kill switch tripped only at ${iso(T0 + 3 * MIN)}`,
    )
    expect(outcome.passed).toBe(false)
  })

  it('names a fill after the trip', () => {
    const result = resultWith({
      equity,
      events: [trip(T0 + 2 * MIN)],
      fills: [fillAt('t9', T0 + 3 * MIN, 'buy', 5, 97)],
    })
    const outcome = checkKillSwitch(context(result, drawdownLimit))
    expect(outcome).toEqual({
      expectation: 'kill-switch-on-loss',
      passed: false,
      message: `fill t9 (order o-t9, buy 5 ACME.SIM) at ${iso(T0 + 3 * MIN)} comes after the kill switch tripped at ${iso(T0 + 2 * MIN)}`,
    })
  })

  it('measures the daily loss from the previous day’s last equity', () => {
    const day2 = T0 + 86_400_000
    // from the initial capital, 975,000 would already be a loss of 25,000; from the day's start (990,000) it is 15,000
    const days = [
      equityAt(T0, 1_000_000),
      equityAt(T0 + MIN, 990_000),
      equityAt(day2, 975_000),
      equityAt(day2 + MIN, 965_000),
    ]
    const outcome = checkKillSwitch(
      context(resultWith({ equity: days }), { risk: { maxDailyLossFraction: 0.02 } }),
    )
    expect(outcome.message).toBe(
      `the daily loss 25000 exceeds the limit 20000 (maxDailyLossFraction 0.02) at ${iso(day2 + MIN)}, and the kill switch never tripped`,
    )
  })

  it('passes a run whose recorded equity stays inside the limit', () => {
    const outcome = checkKillSwitch(context(resultWith({ equity: equity.slice(0, 2) }), drawdownLimit))
    expect(outcome).toEqual({
      expectation: 'kill-switch-on-loss',
      passed: true,
      message: 'the recorded equity never breached the loss limit',
    })
  })
})

describe('stop-fills-at-gap', () => {
  // bar 0 closes at 100; bar 1 gaps down to open at 90
  const gapped: ScenarioInstrument = {
    ...ACME,
    series: minuteSeries([
      { open: 100, high: 101, low: 99, close: 100, volume: 1000 },
      { open: 90, high: 91, low: 88, close: 89, volume: 1000 },
      { open: 89, high: 90, low: 88, close: 89, volume: 1000 },
    ]),
    start: T0 + MIN,
  }
  const stop = stopOrder('s1', 'sell', 95, T0)

  it('passes a sell stop that fills at the gap open or below', () => {
    const fills = [fillAt('t1', T0 + MIN, 'sell', 100, 89.9, { orderId: 's1' })]
    expect(checkStopFillsAtGap(context(resultWith({ orders: [stop], fills }), {}, [gapped]))).toEqual({
      expectation: 'stop-fills-at-gap',
      passed: true,
      message: '1 stop orders crossed by the gap filled at the gap open or worse',
    })
  })

  it('fails a sell stop filled at its stop price, which never traded', () => {
    const fills = [fillAt('t1', T0 + MIN, 'sell', 100, 95, { orderId: 's1' })]
    const outcome = checkStopFillsAtGap(context(resultWith({ orders: [stop], fills }), {}, [gapped]))
    expect(outcome).toEqual({
      expectation: 'stop-fills-at-gap',
      passed: false,
      message: `fill t1 (order s1, sell 100 ACME.SIM) at ${iso(T0 + MIN)} of sell stop s1 (stop 95) is at 95, better than the gap open 90`,
    })
  })

  it('judges buy stops the other way', () => {
    const up: ScenarioInstrument = {
      ...gapped,
      series: minuteSeries([
        { open: 100, high: 101, low: 99, close: 100, volume: 1000 },
        { open: 110, high: 112, low: 109, close: 111, volume: 1000 },
      ]),
    }
    const orders = [stopOrder('b1', 'buy', 105, T0)]
    const worse = [fillAt('t1', T0 + MIN, 'buy', 100, 110.5, { orderId: 'b1' })]
    const better = [fillAt('t1', T0 + MIN, 'buy', 100, 105, { orderId: 'b1' })]
    expect(checkStopFillsAtGap(context(resultWith({ orders, fills: worse }), {}, [up])).passed).toBe(true)
    expect(checkStopFillsAtGap(context(resultWith({ orders, fills: better }), {}, [up])).passed).toBe(false)
  })

  it('leaves out stops placed after the gap, stops the gap did not cross and fills after the gapped bar', () => {
    const orders = [stopOrder('late', 'sell', 95, T0 + MIN), stopOrder('deep', 'sell', 80, T0), stop]
    const fills = [
      fillAt('t1', T0 + MIN, 'sell', 100, 95, { orderId: 'late' }),
      fillAt('t2', T0 + MIN, 'sell', 100, 80, { orderId: 'deep' }),
      fillAt('t3', T0 + 3 * MIN, 'sell', 100, 95, { orderId: 's1' }),
    ]
    expect(checkStopFillsAtGap(context(resultWith({ orders, fills }), {}, [gapped]))).toEqual({
      expectation: 'stop-fills-at-gap',
      passed: true,
      message: 'no stop order was crossed by the gap and filled in it; nothing to check',
    })
  })
})

describe('no-fill-in-halt', () => {
  const halted: ScenarioInstrument = {
    ...ACME,
    halts: [{ from: (T0 + MIN) as UnixMillis, to: (T0 + 3 * MIN) as UnixMillis, reopenPrice: 95 }],
  }

  it('passes fills before the halt and at the reopening', () => {
    const fills = [fillAt('t1', T0, 'buy', 1, 100), fillAt('t2', T0 + 3 * MIN, 'sell', 1, 95)]
    expect(checkNoFillInHalt(context(resultWith({ fills }), {}, [halted]))).toEqual({
      expectation: 'no-fill-in-halt',
      passed: true,
      message: 'no fill inside 1 halt windows',
    })
  })

  it('names a fill inside the window, and ignores other instruments', () => {
    const fills = [
      fillAt('t1', T0 + MIN, 'buy', 1, 100),
      fillAt('t2', T0 + 2 * MIN, 'buy', 1, 100, { instrumentId: 'OTHER.SIM' }),
    ]
    expect(checkNoFillInHalt(context(resultWith({ fills }), {}, [halted]))).toEqual({
      expectation: 'no-fill-in-halt',
      passed: false,
      message: `fill t1 (order o-t1, buy 1 ACME.SIM) at ${iso(T0 + MIN)} is inside the halt from ${iso(T0 + MIN)} to ${iso(T0 + 3 * MIN)}`,
    })
  })
})
