import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { BarSeries } from '../../data/bar-series.ts'
import { defineInstrument, ticksToNumber } from '../../domain/instrument.ts'
import { defineStrategy } from '../define.ts'
import type { AnyStrategy, StrategyContext, StrategyInstance } from '../types.ts'
import { TEST_INSTRUMENT, minuteBars, single } from './bars.ts'
import { decisionsThrough, driveStrategy } from './driver.ts'

const id = TEST_INSTRUMENT.id

/** A strategy made of the callbacks a test gives it. */
function scripted(make: () => StrategyInstance): AnyStrategy {
  return defineStrategy({
    name: 'scripted',
    title: 'Scripted',
    description: 'Callbacks given by the test.',
    params: z.strictObject({}),
    create: make,
  })
}

describe('driveStrategy', () => {
  it('fills a market order at the next bar open, then a stop placed on the fill within that bar', () => {
    const strategy = scripted(() => ({
      onBar(ctx, { index }) {
        if (index === 0) ctx.submit({ instrumentId: id, side: 'buy', type: 'market', quantity: 10 })
      },
      onFill(ctx, fill) {
        if (fill.side === 'buy') {
          ctx.submit({
            instrumentId: id,
            side: 'sell',
            type: 'stop',
            quantity: 10,
            stopPrice: 98,
            reduceOnly: true,
          })
        }
      },
    }))
    const bars = minuteBars([
      [99, 101, 98, 100],
      [100, 101, 97, 99],
      [99, 100, 96, 97],
    ])
    const run = driveStrategy(strategy, {}, single(bars))
    // bought 10 at bar 1's open (100), stopped out at 98 when bar 1's low (97) crossed it.
    expect(
      run.fills.map((f) => [f.side, ticksToNumber(TEST_INSTRUMENT, f.price), f.quantity, f.time]),
    ).toEqual([
      ['buy', 100, 10, bars.openTime[1]],
      ['sell', 98, 10, bars.openTime[1]],
    ])
    expect(run.cash).toBe(100_000 - 10 * 100 + 10 * 98)
    expect(run.positions.get(id)).toBe(0)
    expect(run.decisions.map((d) => [d.action, d.callback, d.time])).toEqual([
      ['submit', 'bar', bars.knownAt[0]],
      ['submit', 'fill', bars.openTime[1]],
    ])
  })

  it('fills a stop the market gaps through at the open, and marks equity at the last close', () => {
    const seen: number[] = []
    const strategy = scripted(() => ({
      onBar(ctx: StrategyContext, { index }) {
        seen.push(ctx.equity())
        if (index === 0) ctx.targetPosition(id, -5)
        if (index === 1)
          ctx.submit({ instrumentId: id, side: 'buy', type: 'stop', quantity: 5, stopPrice: 103.004 })
      },
    }))
    const bars = minuteBars([
      [100, 100, 100, 100],
      [100, 102, 100, 102],
      [104, 106, 104, 105],
    ])
    const run = driveStrategy(strategy, {}, single(bars), { cash: 1000 })
    // short 5 at 100; the buy stop rounds up to 103.01 and fills at bar 2's open, 104.
    expect(run.fills.map((f) => ticksToNumber(TEST_INSTRUMENT, f.price))).toEqual([100, 104])
    expect(seen).toEqual([1000, 1000 + 500 - 5 * 102, 1000 + 500 - 5 * 104])
    expect(run.cash).toBe(1000 + 500 - 520)
  })

  it('counts working orders toward a target and never sends an order of zero', () => {
    const results: unknown[] = []
    const strategy = scripted(() => ({
      onBar(ctx, { index }) {
        if (index === 0) {
          results.push(ctx.targetPosition(id, 3)?.ok)
          results.push(ctx.targetPosition(id, 3))
          results.push(ctx.targetPosition(id, 1)?.ok)
        }
      },
    }))
    const run = driveStrategy(
      strategy,
      {},
      single(
        minuteBars([
          [10, 10, 10, 10],
          [10, 10, 10, 10],
        ]),
      ),
    )
    expect(results).toEqual([true, undefined, true])
    expect(
      run.decisions.map((d) => (d.action === 'submit' ? `${d.order.side} ${d.order.quantity}` : d.action)),
    ).toEqual(['buy 3', 'cancel', 'buy 1'])
    expect(run.positions.get(id)).toBe(1)
  })

  it('refuses malformed orders with the execution code, and cuts a reduce-only order to the position', () => {
    const codes: string[] = []
    const strategy = scripted(() => ({
      onBar(ctx, { index }) {
        if (index !== 0) return
        for (const order of [
          { instrumentId: id, side: 'buy', type: 'market', quantity: 1.5 },
          { instrumentId: id, side: 'buy', type: 'limit', quantity: 1 },
          { instrumentId: id, side: 'buy', type: 'trailing-stop', quantity: 1 },
        ] as const) {
          const result = ctx.submit(order)
          if (!result.ok) codes.push(`${result.code} ${result.reason}`)
        }
        ctx.targetPosition(id, 2)
        ctx.submit({ instrumentId: id, side: 'sell', type: 'market', quantity: 7, reduceOnly: true })
      },
    }))
    const run = driveStrategy(
      strategy,
      {},
      single(
        minuteBars([
          [10, 10, 10, 10],
          [10, 10, 10, 10],
        ]),
      ),
    )
    expect(codes).toEqual([
      'EXECUTION_INVALID_ORDER quantity: order C-1: quantity must be a positive whole number of lots, was 1.5',
      'EXECUTION_INVALID_ORDER price: order C-2: a limit order needs a positive price in whole ticks, was undefined',
      'EXECUTION_INVALID_ORDER type: the test driver does not fill trailing-stop orders',
    ])
    expect(run.fills.map((f) => `${f.side} ${f.quantity}`)).toEqual(['buy 2', 'sell 2'])
  })

  it('shows a strategy only the bars closed by now', () => {
    const lengths: number[] = []
    const strategy = scripted(() => ({
      onBar(ctx) {
        lengths.push(ctx.history(id).length)
      },
    }))
    driveStrategy(
      strategy,
      {},
      single(
        minuteBars([
          [1, 1, 1, 1],
          [2, 2, 2, 2],
          [3, 3, 3, 3],
        ]),
      ),
    )
    expect(lengths).toEqual([1, 2, 3])
  })

  it('keeps the decisions through a bar event, leaving out those of onStop', () => {
    const strategy = scripted(() => {
      let fills = 0
      return {
        onBar(ctx: StrategyContext) {
          ctx.targetPosition(id, ctx.history(id).length)
        },
        onFill(ctx: StrategyContext) {
          if (++fills === 1) ctx.log('first fill')
          ctx.submit({ instrumentId: id, side: 'sell', type: 'limit', quantity: 1, price: 50 })
        },
        onStop(ctx: StrategyContext) {
          ctx.targetPosition(id, 0)
        },
      }
    })
    const bars = minuteBars([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
      [3, 3, 3, 3],
    ])
    const run = driveStrategy(strategy, {}, single(bars))
    const summary = run.decisions.map((d) => `${d.event} ${d.callback}`)
    // bar 1 opens with the fill of bar 0's order (a limit sent from it), then bar 1's onBar; at the
    // stop, bar 2's order toward 3 is still working: it is cancelled, then the position is sold.
    expect(summary).toEqual(['0 bar', '1 fill', '1 bar', '2 fill', '2 bar', '3 stop', '3 stop'])
    expect(decisionsThrough(run, 1).map((d) => `${d.event} ${d.callback}`)).toEqual([
      '0 bar',
      '1 fill',
      '1 bar',
    ])
    expect(run.logs).toEqual([`${new Date(bars.openTime[1]!).toISOString()} first fill`])
  })
})

describe('driveStrategy with two instruments', () => {
  it('interleaves their bars by close time and marks each position at its own last close', () => {
    const other = defineInstrument({
      symbol: 'OTHER',
      venue: 'SIM',
      assetClass: 'equity',
      quoteCurrency: 'USD',
      tickSize: '0.01',
      lotSize: '1',
    })
    const seen: string[] = []
    const strategy = scripted(() => ({
      onBar(ctx, { instrumentId, index }) {
        seen.push(`${instrumentId}#${index} equity ${ctx.equity()}`)
        if (index === 0) ctx.targetPosition(instrumentId, instrumentId === id ? 2 : -3)
      },
    }))
    const mine = minuteBars([
      [10, 10, 10, 10],
      [11, 11, 11, 11],
      [12, 12, 12, 12],
    ])
    // OTHER's bars close between TEST's: its minute bars start 30 s later.
    const theirs = new BarSeries(
      {
        openTime: mine.openTime.map((t) => t + 30_000),
        knownAt: mine.knownAt.map((t) => t + 30_000),
        open: Float64Array.of(20, 21, 22),
        high: Float64Array.of(20, 21, 22),
        low: Float64Array.of(20, 21, 22),
        close: Float64Array.of(20, 21, 22),
        volume: Float64Array.of(1, 1, 1),
      },
      mine.interval,
    )
    const run = driveStrategy(
      strategy,
      {},
      [
        { instrument: TEST_INSTRUMENT, bars: mine },
        { instrument: other, bars: theirs },
      ],
      { cash: 1000 },
    )
    // TEST: 2 bought at 11; OTHER: 3 sold short at 21.
    expect(seen).toEqual([
      `${id}#0 equity 1000`,
      `${other.id}#0 equity 1000`,
      `${id}#1 equity 1000`, // 1000 − 22 + 2 × 11
      `${other.id}#1 equity 1000`, // 978 + 63 + 22 − 63
      `${id}#2 equity 1002`, // 1041 + 2 × 12 − 3 × 21
      `${other.id}#2 equity 999`, // 1041 + 24 − 3 × 22
    ])
    expect(run.decisions.map((d) => d.event)).toEqual([0, 1])
  })
})
