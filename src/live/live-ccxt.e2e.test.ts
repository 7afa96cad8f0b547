/**
 * A live run on an exchange: a strategy trading through the ccxt venue against the fake Binance
 * on loopback, through a fault — the connection drops, and the strategy's resting order fills on
 * the exchange while the venue cannot see it. Afterwards the fill is booked once, and the
 * journal (replayed into a fresh core), the run's portfolio and the fake's balances and orders
 * agree exactly.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Bar } from '../domain/market-data.ts'
import { currency, moneyOfUnits } from '../domain/money.ts'
import { type Interval, type UnixMillis, parseInterval } from '../domain/time.ts'
import { recoverExecutionCore } from '../execution/execution-core.ts'
import { journalRecordCodec } from '../execution/journal-record-codec.ts'
import { readJournal } from '../execution/journal/jsonl-journal.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import { PaperVenue } from '../execution/venues/paper-venue.ts'
import { defineStrategy } from '../strategy/define.ts'
import { CcxtVenue } from '../venues/ccxt/ccxt-venue.ts'
import { createExchange } from '../venues/ccxt/create-exchange.ts'
import { Credentials } from '../venues/ccxt/credentials.ts'
import { marketRules } from '../venues/ccxt/exchange-rules.ts'
import { toUnits } from '../venues/ccxt/testing/fake-exchange/fake-binance.ts'
import {
  API_KEY,
  type FakeMarket,
  INITIAL_USDT,
  SECRET,
  startFakeMarket,
} from '../venues/ccxt/testing/live-harness.ts'
import type { VenueEvent } from '../venues/ccxt/venue-events.ts'
import type { FeedGroup } from './bar-feed.ts'
import { runCaptured } from '../cli/testing/capture-io.ts'
import { JOURNAL_FILE, type LiveResult, runLiveSession } from './live-session.ts'
import { ScriptedFeed } from './testing/scripted-feed.ts'

/** Bar 0: buy 0.05 BTC at market. Bar 1: offer it at 101.00. Bar 2: log the position. */
const script = defineStrategy({
  name: 'script',
  title: 'Scripted',
  description: 'Buys at market, then offers the position with a resting limit.',
  params: z.strictObject({}),
  create() {
    return {
      onBar(ctx, { instrumentId, index }) {
        if (index === 0) ctx.submit({ instrumentId, side: 'buy', type: 'market', quantity: 500 })
        if (index === 1) ctx.submit({ instrumentId, side: 'sell', type: 'limit', quantity: 500, price: 101 })
        if (index === 2) ctx.log(`position ${ctx.position(instrumentId)}`)
      },
    }
  },
})

const minute: Interval = parseInterval('1m')

/** Bar `index` of a flat 1-minute series: the script reads only the index. */
function bar(index: number): FeedGroup {
  const openTime = 1_700_000_000_000 + index * 60_000
  const knownAt = (openTime + 60_000) as UnixMillis
  const flat: Bar = {
    openTime: openTime as UnixMillis,
    interval: minute,
    knownAt,
    open: 100,
    high: 100,
    low: 100,
    close: 100,
    volume: 1,
  }
  return { time: knownAt, bars: [{ instrument: 0, bar: flat, exchangeTime: undefined, receivedAt: knownAt }] }
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return
    await sleep(20)
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('a live run on the ccxt venue against the fake Binance', () => {
  let market: FakeMarket
  let dir: string
  beforeEach(async () => {
    market = await startFakeMarket()
    dir = mkdtempSync(join(tmpdir(), 'tp-live-ccxt-'))
  })
  afterEach(async () => {
    await market.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('books an order filled while disconnected once, and ends agreeing with the exchange', async () => {
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '0.05')
    market.fake.addLiquidity('BTCUSDT', 'buy', '99.00', '1')
    const exchange = createExchange({
      exchange: 'binance',
      credentials: new Credentials(API_KEY, SECRET),
      urls: (original) => market.server.ccxtUrls(original),
    })
    exchange.enableRateLimit = false
    const waits: number[] = []
    const venue = new CcxtVenue({
      exchange,
      symbols: ['BTC/USDT'],
      name: 'BINANCE',
      clock: { now: () => Date.now() as UnixMillis },
      pollIntervalMs: 50,
      backoff: { initialMs: 20, maxMs: 100, maxAttempts: 5 },
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms)
        // The outage lasts three retries.
        if (waits.length >= 3) market.server.offline = false
        await sleep(10)
      },
    })
    const states: string[] = []
    const events: VenueEvent[] = []
    venue.onConnection((state) => states.push(state))
    venue.onEvent((event) => events.push(event))
    const rules = marketRules(
      await exchange.loadMarkets(),
      'BTC/USDT',
      'BINANCE',
      exchange.precisionMode ?? 4,
    )
    const feed = new ScriptedFeed()
    const logs: string[] = []
    const run = runLiveSession({
      strategy: script,
      instruments: [rules.instrument],
      intervals: [minute],
      feed,
      venue: { kind: 'ccxt', venue, wallClock: { now: () => Date.now() as UnixMillis } },
      journalDir: dir,
      initialCash: Number(INITIAL_USDT),
      accountCurrency: 'USDT',
      onExit: 'cancel',
      signal: new AbortController().signal,
      onEvent: (event) => logs.push(event.message),
      deterministic: false,
    })

    feed.push(bar(0))
    await until('the market buy to fill', () => market.fake.balance('BTC') === '0.05000000')
    feed.push(bar(1))
    await until('the offer to rest', () => market.fake.openOrders('BTCUSDT').length === 1)
    // The connection drops; meanwhile the market lifts the offer.
    market.server.offline = true
    market.fake.trade('BTCUSDT', 'buy', '0.05')
    await until(
      'the venue to reconnect',
      () => states.includes('disconnected') && states.at(-1) === 'connected',
    )
    await until(
      'the fill to be booked',
      () => events.filter((e) => e.kind === 'reconciled').length >= 2 && venue.connection === 'connected',
    )
    await sleep(200)
    feed.push(bar(2))
    feed.end()
    const result = await run

    expect(states.slice(0, 3)).toEqual(['connected', 'disconnected', 'connected'])
    expect(logs).toContain('position 0')
    expect(result.fills.map((f) => [f.side, f.quantity, f.price])).toEqual([
      ['buy', 500, 10_000],
      ['sell', 500, 10_100],
    ])
    expect(result.positions.get(rules.instrument.id)).toBe(0)
    expect(market.fake.balance('BTC')).toBe('0.00000000')
    // The portfolio's cash is the exchange's USDT, to the unit.
    const cash = result.core.portfolio.ledger('USDT').cash
    expect(cash).toBe(toUnits(market.fake.balance('USDT')))
    // The journal, replayed into a fresh core, says the same.
    const records = readJournal(join(dir, JOURNAL_FILE), journalRecordCodec).records
    const usdt = currency('USDT')
    const replayed = recoverExecutionCore(
      {
        clock: { now: () => 0 as UnixMillis },
        venue: new PaperVenue({ instruments: [rules.instrument], clock: { now: () => 0 as UnixMillis } }),
        instruments: [rules.instrument],
        initialCash: [moneyOfUnits(usdt, toUnits(INITIAL_USDT))],
        accountCurrency: 'USDT',
        journal: new MemoryJournal(),
      },
      records,
    )
    expect(replayed.portfolio.quantity(rules.instrument.id)).toBe(0)
    expect(replayed.portfolio.ledger('USDT').cash).toBe(cash)
    expect(replayed.manager.orders().map((o) => [o.clientOrderId, o.status, o.filledQuantity])).toEqual([
      ['script-1', 'filled', 500],
      ['script-2', 'filled', 500],
    ])
    expect(market.fake.orders().map((o) => [o.clientOrderId, o.status])).toEqual([
      ['script-1', 'FILLED'],
      ['script-2', 'FILLED'],
    ])
  }, 30_000)

  it('runs through the CLI: tradepulse live --venue ccxt:binance trades on the fake and stops on SIGINT agreeing with it', async () => {
    for (let level = 0; level < 40; level++) {
      market.fake.addLiquidity('BTCUSDT', 'sell', (100 + level / 10).toFixed(2), '0.5')
      market.fake.addLiquidity('BTCUSDT', 'buy', (99.9 - level / 10).toFixed(2), '0.5')
    }
    // The market: a trade every 100 ms, prices rising for a while then falling, so the averages cross.
    let trades = 0
    const tape = setInterval(() => {
      const rising = Math.floor(trades / 15) % 2 === 0
      market.fake.trade('BTCUSDT', (trades++ % 3 === 2) === rising ? 'sell' : 'buy', '0.02')
    }, 100)
    process.env.TRADEPULSE_BINANCE_API_KEY = API_KEY
    process.env.TRADEPULSE_BINANCE_SECRET = SECRET
    const journal = join(dir, 'cli')
    try {
      const live = runCaptured([
        'live',
        '--strategy',
        'ma-crossover',
        '--params',
        '{"fast": 2, "slow": 3, "fraction": 0.0002}',
        '--venue',
        'ccxt:binance',
        '--api-url',
        market.server.url,
        '--symbols',
        'BTC/USDT',
        '--timeframe',
        '1s',
        '--poll-ms',
        '100',
        '--journal',
        journal,
        '--on-exit',
        'cancel',
        '--json',
      ])
      await sleep(6_000)
      process.emit('SIGINT')
      const result = await live
      clearInterval(tape)
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr, 'no secret in the output').not.toContain(SECRET)
      const summary = JSON.parse(result.stdout) as {
        stoppedBy: string
        barsSeen: number
        orders: number
        fills: number
        positions: Record<string, number>
        cash: number
        leftWorking: number
      }
      expect(summary.stoppedBy).toBe('signal')
      expect(summary.barsSeen).toBeGreaterThanOrEqual(3)
      expect(summary.orders, 'the strategy traded').toBeGreaterThan(0)
      expect(summary.leftWorking).toBe(0)
      // The run's portfolio is the exchange's account, to the unit.
      const lots = summary.positions['BTC/USDT.BINANCE']!
      expect(BigInt(lots) * 10_000n).toBe(toUnits(market.fake.balance('BTC')))
      expect(summary.cash).toBe(Number(market.fake.balance('USDT')))
      // And the journal, replayed, says the same.
      const records = readJournal(join(journal, JOURNAL_FILE), journalRecordCodec).records
      const fills = records.filter((r) => r.type === 'report' && r.report.kind === 'fill')
      expect(fills.length).toBe(summary.fills)
      expect(fills.length, 'each exchange trade booked once').toBe(market.fake.trades().length)
    } finally {
      clearInterval(tape)
      delete process.env.TRADEPULSE_BINANCE_API_KEY
      delete process.env.TRADEPULSE_BINANCE_SECRET
    }
  }, 40_000)

  it('restarted on its journal after its offer filled while it was down, books the fill once and trades on', async () => {
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '0.05')
    market.fake.addLiquidity('BTCUSDT', 'buy', '99.00', '1')
    const session = async (bars: readonly FeedGroup[]): Promise<LiveResult> => {
      const exchange = createExchange({
        exchange: 'binance',
        credentials: new Credentials(API_KEY, SECRET),
        urls: (original) => market.server.ccxtUrls(original),
      })
      exchange.enableRateLimit = false
      const venue = new CcxtVenue({
        exchange,
        symbols: ['BTC/USDT'],
        name: 'BINANCE',
        clock: { now: () => Date.now() as UnixMillis },
        pollIntervalMs: 50,
      })
      const rules = marketRules(
        await exchange.loadMarkets(),
        'BTC/USDT',
        'BINANCE',
        exchange.precisionMode ?? 4,
      )
      const feed = new ScriptedFeed()
      const run = runLiveSession({
        strategy: script,
        instruments: [rules.instrument],
        intervals: [minute],
        feed,
        venue: { kind: 'ccxt', venue, wallClock: { now: () => Date.now() as UnixMillis } },
        journalDir: dir,
        initialCash: Number(INITIAL_USDT),
        accountCurrency: 'USDT',
        onExit: 'keep',
        signal: new AbortController().signal,
        deterministic: false,
      })
      for (const b of bars) {
        feed.push(b)
        await sleep(300)
      }
      feed.end()
      return run
    }
    // First run: buys, then rests its offer and stops, leaving it working.
    const first = await session([bar(0), bar(1)])
    expect(first.core.manager.workingOrders().map((o) => o.clientOrderId)).toEqual(['script-2'])
    // While nothing runs, the market lifts the offer.
    market.fake.trade('BTCUSDT', 'buy', '0.05')
    market.fake.addLiquidity('BTCUSDT', 'sell', '102.00', '0.05')
    // Second run on the same journal: the reconciliation books the fill; the script's bar 0 buys again.
    const second = await session([bar(0)])
    expect(second.recoveredRecords).toBeGreaterThan(0)
    expect(second.fills.map((f) => [f.side, f.quantity, f.price])).toEqual([
      ['buy', 500, 10_000],
      ['sell', 500, 10_100],
      ['buy', 500, 10_200],
    ])
    expect(second.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['script-1', 'filled'],
      ['script-2', 'filled'],
      ['script-3', 'filled'],
    ])
    expect(BigInt(second.positions.get('BTC/USDT.BINANCE' as never)!) * 10_000n).toBe(
      toUnits(market.fake.balance('BTC')),
    )
    expect(second.core.portfolio.ledger('USDT').cash).toBe(toUnits(market.fake.balance('USDT')))
  }, 30_000)
})
