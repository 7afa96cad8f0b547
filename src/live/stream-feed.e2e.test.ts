/**
 * WebSocket market data against the fake Binance's streams on loopback: ccxt pro's watchOHLCV and
 * watchTrades read the fake's kline and trade streams; the live feed hands on each closed candle
 * once, stamped with exchange and receive time, falls back to REST polling when the stream's
 * connection drops and is refused, and returns to the stream when it answers again — without a
 * candle missed or doubled.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UnixMillis } from '../domain/time.ts'
import { createExchange } from '../venues/ccxt/create-exchange.ts'
import { type MarketRules, marketRules } from '../venues/ccxt/exchange-rules.ts'
import { CcxtMarketData } from '../venues/ccxt/market-data.ts'
import { CcxtMarketStream } from '../venues/ccxt/market-stream.ts'
import { FakeBinanceStreams } from '../venues/ccxt/testing/fake-exchange/fake-binance-streams.ts'
import { type FakeMarket, startFakeMarket } from '../venues/ccxt/testing/live-harness.ts'
import type { FeedGroup } from './bar-feed.ts'
import { StreamFeed } from './stream-feed.ts'

const clock = { now: () => Date.now() as UnixMillis }

describe('market data over the fake Binance’s WebSocket streams', () => {
  let market: FakeMarket
  let streams: FakeBinanceStreams
  let tape: NodeJS.Timeout
  beforeEach(async () => {
    market = await startFakeMarket()
    streams = new FakeBinanceStreams(market.fake, market.server, () => Date.now())
    for (let level = 0; level < 60; level++) {
      market.fake.addLiquidity('BTCUSDT', 'sell', (100 + level / 10).toFixed(2), '0.01')
      market.fake.addLiquidity('BTCUSDT', 'buy', (99.9 - level / 10).toFixed(2), '0.01')
    }
    let trades = 0
    // The market: a trade every 80 ms, two buys then a sell.
    tape = setInterval(() => {
      market.fake.trade('BTCUSDT', trades++ % 3 === 2 ? 'sell' : 'buy', '0.001')
    }, 80)
  })
  afterEach(async () => {
    clearInterval(tape)
    streams.close()
    await market.stop()
  })

  async function connect(): Promise<{
    stream: CcxtMarketStream
    poller: CcxtMarketData
    rules: MarketRules
  }> {
    const exchange = createExchange({
      exchange: 'binance',
      streaming: true,
      urls: (original) => market.server.ccxtUrls(original),
      wsUrls: () => streams.ccxtUrls(market.server.url),
    })
    exchange.enableRateLimit = false
    const rules = marketRules(
      await exchange.loadMarkets(),
      'BTC/USDT',
      'BINANCE',
      exchange.precisionMode ?? 4,
    )
    return {
      stream: new CcxtMarketStream({ exchange, clock }),
      poller: new CcxtMarketData({ exchange, clock }),
      rules,
    }
  }

  /** The fake's closed 1-second candles over REST, as [open, o, h, l, c, v]. */
  function restCandles(until: number): number[][] {
    const buckets = [...market.fake.publicTrades('BTCUSDT', undefined, Number.MAX_SAFE_INTEGER)].reduce<
      Map<number, number[]>
    >((bars, t) => {
      const open = Math.floor(t.time / 1000) * 1000
      const p = Number(t.price)
      const bar = bars.get(open)
      if (bar === undefined) bars.set(open, [open, p, p, p, p, Number(t.qty)])
      else {
        bar[2] = Math.max(bar[2]!, p)
        bar[3] = Math.min(bar[3]!, p)
        bar[4] = p
        bar[5] = Math.round((bar[5]! + Number(t.qty)) * 1e8) / 1e8
      }
      return bars
    }, new Map())
    return [...buckets.values()].filter((b) => b[0]! + 1000 <= until)
  }

  it('streams public trades as ticks stamped with exchange and receive time', async () => {
    const { stream, rules } = await connect()
    const ticks = []
    while (ticks.length < 5) ticks.push(...(await stream.trades(rules)))
    await stream.close()
    const tape = market.fake.publicTrades('BTCUSDT', undefined, Number.MAX_SAFE_INTEGER)
    for (const tick of ticks) {
      const id = Number(String(tick.data.tradeId).split(':')[1])
      const onTape = tape.find((t) => t.id === id)!
      expect(tick.data.price).toBe(Number(onTape.price))
      expect(tick.data.size).toBe(Number(onTape.qty))
      expect(tick.exchangeTime).toBe(onTape.time)
      expect(tick.latencyMs).toBe(tick.receivedAt - onTape.time)
      expect(tick.latencyMs).toBeGreaterThanOrEqual(0)
    }
    expect(new Set(ticks.map((t) => t.data.tradeId)).size, 'each trade once').toBe(ticks.length)
  }, 20_000)

  it('hands on each closed candle once, over the stream, then REST while the stream is down, then the stream again', async () => {
    const { stream, poller, rules } = await connect()
    const sources: string[] = []
    const feed = new StreamFeed({
      stream,
      poller,
      markets: [rules],
      timeframe: '1s',
      pollIntervalMs: 100,
      retryStreamMs: 1_500,
      onSource: (_symbol, source) => sources.push(source),
    })
    const signal = new AbortController().signal
    const groups: FeedGroup[] = []
    const take = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) groups.push((await feed.next(signal))!)
    }
    await take(2)
    expect(feed.counts.streamed, 'the first candles came over the stream').toBe(2)
    // The stream drops and refuses connections for a while; candles keep closing.
    streams.offline = true
    streams.drop()
    await take(2)
    expect(feed.counts.polled, 'REST filled in').toBeGreaterThanOrEqual(1)
    streams.offline = false
    const resubscribed = streams.subscriptions.length
    while (feed.counts.streamed < 4) await take(1)
    expect(streams.subscriptions.length, 'the client subscribed again').toBeGreaterThan(resubscribed)
    expect(sources.slice(0, 2)).toEqual(['rest', 'stream'])
    await feed.close()
    await sleep(50)

    const bars = groups.map((g) => g.bars[0]!)
    const opens = bars.map((b) => b.bar.openTime)
    expect(opens, 'in order, none twice').toEqual([...new Set(opens)].sort((a, b) => a - b))
    const expected = restCandles(Date.now()).filter((c) => c[0]! >= opens[0]! && c[0]! <= opens.at(-1)!)
    expect(
      bars.map((b) => [b.bar.openTime, b.bar.open, b.bar.high, b.bar.low, b.bar.close, b.bar.volume]),
      'the exchange’s candles, none missed',
    ).toEqual(expected)
    for (const b of bars) {
      expect(b.exchangeTime).toBe(b.bar.knownAt)
      expect(b.receivedAt).toBeGreaterThanOrEqual(b.bar.knownAt)
    }
  }, 30_000)
})
