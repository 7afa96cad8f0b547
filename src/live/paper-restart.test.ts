/**
 * A live run on the paper venue that is not a replay (its bars come from an exchange) recovers
 * from its journal by replaying it into the core; the paper venue's book is rebuilt from the
 * journal's working orders, so an order resting when the process stopped still fills afterwards,
 * once, and new orders are numbered after the journal's.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineInstrument } from '../domain/instrument.ts'
import type { Bar } from '../domain/market-data.ts'
import { type UnixMillis, parseInterval } from '../domain/time.ts'
import { defineStrategy } from '../strategy/define.ts'
import type { FeedGroup } from './bar-feed.ts'
import { type LiveResult, runLiveSession } from './live-session.ts'
import { ScriptedFeed } from './testing/scripted-feed.ts'

const ACME = defineInstrument({
  symbol: 'ACME',
  venue: 'PAPER',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const minute = parseInterval('1m')

/** Rests a buy of 10 at 95 when it has neither a position nor a working order; then, once filled, one more buy at 90. */
const resting = defineStrategy({
  name: 'resting',
  title: 'Resting bid',
  description: 'Keeps one bid working under the market.',
  params: z.strictObject({}),
  create() {
    return {
      onBar(ctx, { instrumentId }) {
        if (ctx.workingOrders(instrumentId).length > 0) return
        const price = ctx.position(instrumentId) === 0 ? 95 : 90
        ctx.submit({ instrumentId, side: 'buy', type: 'limit', quantity: 10, price })
      },
    }
  },
})

function bar(index: number, low: number): FeedGroup {
  const openTime = 1_700_000_000_000 + index * 60_000
  const knownAt = (openTime + 60_000) as UnixMillis
  const b: Bar = {
    openTime: openTime as UnixMillis,
    interval: minute,
    knownAt,
    open: 100,
    high: 101,
    low,
    close: 100,
    volume: 1_000,
  }
  return { time: knownAt, bars: [{ instrument: 0, bar: b, exchangeTime: knownAt, receivedAt: knownAt }] }
}

describe('a paper run restarted from its journal', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tp-paper-restart-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  function run(groups: readonly FeedGroup[]): Promise<LiveResult> {
    const feed = new ScriptedFeed()
    for (const g of groups) feed.push(g)
    feed.end()
    return runLiveSession({
      strategy: resting,
      instruments: [ACME],
      intervals: [minute],
      feed,
      venue: { kind: 'paper', options: (clock) => ({ instruments: [ACME], clock, name: 'PAPER' }) },
      journalDir: dir,
      initialCash: 100_000,
      accountCurrency: 'USD',
      onExit: 'keep',
      signal: new AbortController().signal,
      deterministic: false,
    })
  }

  it('fills the order that was resting when it stopped, once, and numbers new orders after the journal', async () => {
    const first = await run([bar(0, 99)])
    expect(first.fills).toEqual([])
    expect(first.core.manager.workingOrders().map((o) => [o.clientOrderId, o.price])).toEqual([
      ['resting-1', 9500],
    ])

    const second = await run([bar(1, 94), bar(2, 99)])
    expect(second.recoveredRecords).toBeGreaterThan(0)
    expect(second.fills.map((f) => [f.orderId, f.price, f.quantity])).toEqual([
      [first.orders[0]!.orderId, 9500, 10],
    ])
    expect(second.positions.get(ACME.id)).toBe(10)
    // After the fill the strategy bids again, under a client order id the journal has not used.
    expect(second.core.manager.workingOrders().map((o) => [o.clientOrderId, o.price])).toEqual([
      ['resting-2', 9000],
    ])
  })

  it('stops with the error of a strategy that throws, the journal closed and usable by the next start', async () => {
    const faulty = defineStrategy({
      name: 'resting',
      title: 'Faulty',
      description: 'Bids once, then throws.',
      params: z.strictObject({}),
      create() {
        return {
          onBar(ctx, { instrumentId, index }) {
            if (index === 1) throw new Error('strategy bug')
            ctx.submit({ instrumentId, side: 'buy', type: 'limit', quantity: 10, price: 95 })
          },
        }
      },
    })
    const feed = new ScriptedFeed()
    feed.push(bar(0, 99))
    feed.push(bar(1, 99))
    feed.end()
    await expect(
      runLiveSession({
        strategy: faulty,
        instruments: [ACME],
        intervals: [minute],
        feed,
        venue: { kind: 'paper', options: (clock) => ({ instruments: [ACME], clock, name: 'PAPER' }) },
        journalDir: dir,
        initialCash: 100_000,
        accountCurrency: 'USD',
        onExit: 'keep',
        signal: new AbortController().signal,
        deterministic: false,
      }),
    ).rejects.toThrow('strategy bug')
    const next = await run([bar(2, 94)])
    expect(next.fills.map((f) => [f.price, f.quantity])).toEqual([[9500, 10]])
  })
})
