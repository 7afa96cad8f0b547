import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type InstrumentId } from '../../domain/instrument.ts'
import { runBacktest } from '../engine.ts'
import type { BacktestConfigInput } from '../config.ts'
import type { BacktestInput } from '../input.ts'
import { DAY_MS, equity, seriesOf } from './testing/bars.ts'
import { scripted } from './testing/scripted-strategy.ts'

const X = equity('X')
const Y = equity('Y')
const HOUR_MS = 3_600_000
/** Frictions off, so every number below is prices times quantities. */
const frictionless: BacktestConfigInput = {
  slippage: { model: 'none' },
  liquidity: { participation: 1 },
}

const xBars = seriesOf([
  [100, 101, 99, 100.5, 1_000_000],
  [101, 102, 100, 101.5, 1_000_000],
  [102, 103, 101, 102, 1_000_000],
])

const xFourBars = seriesOf([
  [100, 101, 99, 100.5, 1_000_000],
  [101, 102, 100, 101.5, 1_000_000],
  [102, 103, 101, 102, 1_000_000],
  [103, 104, 102, 103, 1_000_000],
])

/** sha256 of float64 little-endian columns, written out value by value. */
function fingerprintByHand(columns: readonly (readonly number[])[]): string {
  const values = columns.flat()
  const view = new DataView(new ArrayBuffer(values.length * 8))
  values.forEach((v, i) => {
    view.setFloat64(i * 8, v, true)
  })
  return createHash('sha256').update(new Uint8Array(view.buffer)).digest('hex')
}

function buyOnFirstBar(lots: number): BacktestInput['strategy'] {
  return scripted('first-bar', () => ({
    onBar(ctx, event) {
      if (event.index === 0)
        ctx.submit({ instrumentId: event.instrumentId, side: 'buy', type: 'market', quantity: lots })
    },
  }))
}

describe('runBacktest: time', () => {
  it('fills an order decided at a bar’s close at the next bar’s open, never at that close', () => {
    const result = runBacktest({
      strategy: buyOnFirstBar(10),
      data: [{ instrument: X, series: xBars, source: 'x.csv' }],
      config: frictionless,
    })
    expect(result.orders.map((o) => [o.createdAt, o.status, o.averagePrice])).toEqual([
      [DAY_MS, 'filled', 101],
    ])
    // Stamped when it happened, at bar 1's open (the instant bar 0 closed), not when bar 1 closed.
    expect(result.fills.map((f) => [f.time, f.price, f.lots, f.fee, f.slippage])).toEqual([
      [DAY_MS, 101, 10, 0, 0],
    ])
    // 1,000,000 − 10 × 101 in cash; the position marked at each close.
    expect(result.equity).toEqual([
      { time: DAY_MS, equity: 1_000_000, cash: 1_000_000, grossExposure: 0 },
      { time: 2 * DAY_MS, equity: 998_990 + 1015, cash: 998_990, grossExposure: 1015 },
      { time: 3 * DAY_MS, equity: 998_990 + 1020, cash: 998_990, grossExposure: 1020 },
    ])
    expect(result.trades).toEqual([
      {
        instrumentId: X.id,
        direction: 'long',
        entryTime: DAY_MS,
        exitTime: null,
        entryPrice: 101,
        exitPrice: 102,
        quantity: 10,
        pnl: 10,
        fees: 0,
        returnPct: 10 / 1010,
        bars: 2,
      },
    ])
  })

  it('fills at the next bar’s close under next-close, still never the deciding bar', () => {
    const result = runBacktest({
      strategy: buyOnFirstBar(10),
      data: [{ instrument: X, series: xBars, source: 'x.csv' }],
      config: { ...frictionless, fill: 'next-close' },
    })
    expect(result.fills.map((f) => [f.time, f.price])).toEqual([[2 * DAY_MS, 101.5]])
  })

  it('delivers misaligned series only at each instrument’s own times, ties in input order', () => {
    const seen: string[] = []
    // Y starts a day later and skips a day: no bar of Y is ever invented.
    const yBars = seriesOf(
      [
        [50, 51, 49, 50.5, 1000],
        [52, 53, 51, 52.5, 1000],
      ],
      '1d',
      0,
      [DAY_MS, 3 * DAY_MS],
    )
    const xFour = seriesOf([
      [100, 101, 99, 100, 1000],
      [100, 101, 99, 101, 1000],
      [100, 101, 99, 102, 1000],
      [100, 101, 99, 103, 1000],
    ])
    const result = runBacktest({
      strategy: scripted('watch', () => ({
        onBar(ctx, event) {
          const h = ctx.history(event.instrumentId)
          seen.push(
            `${event.instrumentId}@${ctx.now / DAY_MS} #${event.index} of ${h.length} close ${h.close[h.length - 1]}`,
          )
        },
      })),
      data: [
        { instrument: X, series: xFour, source: 'x' },
        { instrument: Y, series: yBars, source: 'y' },
      ],
      config: frictionless,
    })
    expect(seen).toEqual([
      'X.BACKTEST@1 #0 of 1 close 100',
      'X.BACKTEST@2 #1 of 2 close 101',
      'Y.BACKTEST@2 #0 of 1 close 50.5',
      'X.BACKTEST@3 #2 of 3 close 102',
      'X.BACKTEST@4 #3 of 4 close 103',
      'Y.BACKTEST@4 #1 of 2 close 52.5',
    ])
    expect(result.barEvents).toBe(6)
    expect(result.equity.map((p) => p.time)).toEqual([1, 2, 3, 4].map((d) => d * DAY_MS))
    expect(result.closes).toEqual({
      'X.BACKTEST': [100, 101, 102, 103],
      'Y.BACKTEST': [Number.NaN, 50.5, 50.5, 52.5],
    })
    // Half the capital in each at its first close; Y's half is cash until then.
    expect(result.benchmark.map((p) => p.equity)).toEqual([
      1_000_000,
      (500_000 / 100) * 101 + 500_000,
      (500_000 / 100) * 102 + 500_000,
      (500_000 / 100) * 103 + (500_000 / 50.5) * 52.5,
    ])
  })

  it('runs onStart before the first bar, timers between bars, reports before the bar at their time, onStop last', () => {
    const log: string[] = []
    runBacktest({
      strategy: scripted('order-of-events', () => ({
        onStart(ctx) {
          log.push(`start@${ctx.now / HOUR_MS}h history ${ctx.history(X.id).length}`)
          ctx.setTimer((DAY_MS + 12 * HOUR_MS) as never, 'noon')
        },
        onBar(ctx, event) {
          log.push(`bar ${event.index}@${ctx.now / HOUR_MS}h`)
          if (event.index === 0) ctx.submit({ instrumentId: X.id, side: 'buy', type: 'market', quantity: 1 })
        },
        onTimer(ctx, timer) {
          log.push(`timer ${timer.name}@${ctx.now / HOUR_MS}h`)
        },
        onOrderUpdate(ctx, order) {
          log.push(`order ${order.status}@${ctx.now / HOUR_MS}h`)
        },
        onFill(ctx, fill) {
          log.push(`fill ${fill.quantity}@${ctx.now / HOUR_MS}h position ${ctx.position(X.id)}`)
        },
        onStop(ctx) {
          log.push(`stop@${ctx.now / HOUR_MS}h`)
        },
      })),
      data: [{ instrument: X, series: xBars, source: 'x' }],
      config: frictionless,
    })
    expect(log).toEqual([
      'start@0h history 0',
      'bar 0@24h',
      'order pending-new@24h',
      'order accepted@24h',
      'timer noon@36h',
      'fill 1@48h position 1',
      'order filled@48h',
      'bar 1@48h',
      'bar 2@72h',
      'stop@72h',
    ])
  })

  it('delays reports to the strategy by ackMs and bars by marketDataMs', () => {
    const log: string[] = []
    const result = runBacktest({
      strategy: scripted('slow', () => ({
        onBar(ctx, event) {
          log.push(`bar ${event.index}@${ctx.now / HOUR_MS}h`)
          if (event.index === 0) ctx.submit({ instrumentId: X.id, side: 'buy', type: 'market', quantity: 1 })
        },
        onFill(ctx) {
          log.push(`fill@${ctx.now / HOUR_MS}h`)
        },
      })),
      data: [{ instrument: X, series: xFourBars, source: 'x' }],
      config: { ...frictionless, latency: { ackMs: 2 * HOUR_MS, marketDataMs: HOUR_MS } },
    })
    // Decided at 25h, after bar 1 opened at 24h: the first bar opening later is bar 2 (48h),
    // known at 72h; the fill is stamped at that open, and the strategy hears of it two hours
    // after the bar is known, never while it is forming.
    expect(result.fills.map((f) => [f.time, f.price])).toEqual([[2 * DAY_MS, 102]])
    expect(log).toEqual(['bar 0@25h', 'bar 1@49h', 'bar 2@73h', 'fill@74h', 'bar 3@97h'])
  })

  it('stamps a fill at its bar’s open, yet tells the strategy only once that bar is known', () => {
    const heard: [number, number, number][] = []
    runBacktest({
      strategy: scripted('hears', () => ({
        onBar(ctx, event) {
          if (event.index === 0) ctx.submit({ instrumentId: X.id, side: 'buy', type: 'market', quantity: 1 })
        },
        onFill(ctx, fill) {
          heard.push([fill.time, ctx.now, ctx.history(X.id).length])
        },
      })),
      data: [{ instrument: X, series: xBars, source: 'x' }],
      config: frictionless,
    })
    // Filled at bar 1's open (day 1); heard at bar 1's close (day 2), when bar 1 is known — just
    // before `onBar` delivers it (reports come first at one time) — never while bar 1 is forming.
    expect(heard).toEqual([[DAY_MS, 2 * DAY_MS, 1]])
  })

  it('holds an order back by submitMs: eligible only on a bar opening after decision + submitMs', () => {
    const result = runBacktest({
      strategy: buyOnFirstBar(1),
      data: [{ instrument: X, series: xBars, source: 'x' }],
      config: { ...frictionless, latency: { submitMs: 1 } },
    })
    expect(result.fills.map((f) => [f.time, f.price])).toEqual([[2 * DAY_MS, 102]])
  })

  it('numbers client orders by strategy, converts prices to ticks against the trader, and keeps tags', () => {
    const result = runBacktest({
      strategy: scripted('ticks', () => ({
        onBar(ctx, event) {
          if (event.index !== 0) return
          ctx.submit({
            instrumentId: X.id,
            side: 'buy',
            type: 'limit',
            quantity: 1,
            price: 90.123,
            tag: 'low bid',
          })
          ctx.submit({ instrumentId: X.id, side: 'sell', type: 'limit', quantity: 1, price: 110.129 })
        },
      })),
      data: [{ instrument: X, series: xBars, source: 'x' }],
      config: frictionless,
    })
    expect(result.orders.map((o) => [o.clientOrderId, o.side, o.price, o.status, o.tag])).toEqual([
      ['ticks-1', 'buy', 90.13, 'accepted', 'low bid'],
      ['ticks-2', 'sell', 110.12, 'accepted', null],
    ])
  })

  it('counts working orders toward a target position, and cancels those that overshoot a new one', () => {
    const results: (string | undefined)[] = []
    runBacktest({
      strategy: scripted('target', () => ({
        onBar(ctx, event) {
          if (event.index !== 0) return
          const first = ctx.targetPosition(X.id, 5)
          const again = ctx.targetPosition(X.id, 5)
          const less = ctx.targetPosition(X.id, 2)
          results.push(first?.ok === true ? 'sent' : 'none', again === undefined ? 'none' : 'sent')
          results.push(
            less?.ok === true
              ? ctx
                  .workingOrders(X.id)
                  .map((o) => `${o.side} ${o.quantity}`)
                  .join(', ')
              : 'none',
          )
        },
      })),
      data: [{ instrument: X, series: xBars, source: 'x' }],
      config: frictionless,
    })
    // The buy of 5 would overshoot a target of 2: it is cancelled and a buy of 2 takes its place.
    expect(results).toEqual(['sent', 'none', 'buy 2'])
  })

  it('cancels an order still working toward an old target instead of netting it, so no position limit refuses the flip back', () => {
    // Volume 1,000 at 10% participation fills 100 lots a bar, so a target of 500 stays working
    // for bars; the target flips 500, 0, 500, … every bar. Position limit: 600 lots at ~100.
    const thin = seriesOf(
      Array.from(
        { length: 12 },
        () => [100, 100, 100, 100, 1_000] as [number, number, number, number, number],
      ),
    )
    const result = runBacktest({
      strategy: scripted('flip-flop', () => ({
        onBar(ctx, event) {
          ctx.targetPosition(event.instrumentId, event.index % 2 === 0 ? 500 : 0)
        },
      })),
      data: [{ instrument: X, series: thin, source: 'thin' }],
      config: {
        slippage: { model: 'none' },
        liquidity: { participation: 0.1 },
        initialCapital: 100_000,
        risk: { maxPositionFraction: 0.6 },
      },
    })
    expect(result.events.filter((e) => e.kind === 'risk-reject')).toEqual([])
    expect(result.orders.filter((o) => o.status === 'rejected')).toEqual([])
    // Each flip back to 0 cancels the buy still working, and sells only what it had filled.
    const buys = result.orders.filter((o) => o.side === 'buy')
    expect(buys.every((o) => o.lots === 500 || o.status === 'cancelled')).toBe(true)
    const sold = result.fills.filter((f) => f.side === 'sell').reduce((sum, f) => sum + f.lots, 0)
    const bought = result.fills.filter((f) => f.side === 'buy').reduce((sum, f) => sum + f.lots, 0)
    expect(Math.max(...result.equity.map((p) => p.grossExposure))).toBeLessThanOrEqual(600 * 100)
    expect(bought - sold).toBeGreaterThanOrEqual(0)
  })

  it('gives a deep-equal result for the same input, and names the data it read', () => {
    const input: BacktestInput = {
      strategy: scripted('flip', () => ({
        onBar(ctx, event) {
          ctx.targetPosition(event.instrumentId, event.index % 2 === 0 ? 3 : -2)
          ctx.log(`bar ${event.index}`)
        },
      })),
      data: [{ instrument: X, series: xBars, source: 'x.csv' }],
      config: { commission: { perOrder: 1 } },
    }
    const a = runBacktest(input)
    const b = runBacktest(input)
    expect(a).toEqual(b)
    expect(a.data).toEqual([
      {
        instrumentId: 'X.BACKTEST',
        source: 'x.csv',
        fingerprint: fingerprintByHand([
          [0, DAY_MS, 2 * DAY_MS],
          [100, 101, 102],
          [101, 102, 103],
          [99, 100, 101],
          [100.5, 101.5, 102],
          [1_000_000, 1_000_000, 1_000_000],
        ]),
        bars: 3,
        firstOpenTime: 0,
        lastOpenTime: 2 * DAY_MS,
        interval: '1d',
      },
    ])
    expect(a.events.filter((e) => e.kind === 'log').map((e) => [e.time, e.message])).toEqual([
      [DAY_MS, 'bar 0'],
      [2 * DAY_MS, 'bar 1'],
      [3 * DAY_MS, 'bar 2'],
    ])
    expect(a.strategy).toEqual({ name: 'flip', params: {} })
    expect(a.config).toMatchObject({ initialCapital: 1_000_000, fill: 'ohlc-path', equityEvery: 1 })
  })

  it('records the equity every equityEvery bar times', () => {
    const result = runBacktest({
      strategy: buyOnFirstBar(1),
      data: [{ instrument: X, series: xBars, source: 'x' }],
      config: { ...frictionless, equityEvery: 2 },
    })
    expect(result.equity.map((p) => p.time)).toEqual([DAY_MS, 3 * DAY_MS])
    expect(result.closes['X.BACKTEST']).toEqual([100.5, 102])
  })

  it('refuses data quoted in another currency than the account, naming it', () => {
    const eur = { ...X, quoteCurrency: { code: 'EUR', decimals: 2 } }
    expect(() =>
      runBacktest({ strategy: buyOnFirstBar(1), data: [{ instrument: eur, series: xBars, source: 'x' }] }),
    ).toThrow('data[0]: X.BACKTEST is quoted in EUR, the account in USD')
  })

  it('refuses an instrument the run has no data for', () => {
    expect(() =>
      runBacktest({
        strategy: scripted('stray', () => ({
          onBar(ctx) {
            ctx.position('Z.BACKTEST' as InstrumentId)
          },
        })),
        data: [{ instrument: X, series: xBars, source: 'x' }],
      }),
    ).toThrow('instrument Z.BACKTEST is not in this backtest')
  })
})
