import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UnixMillis } from '../../domain/time.ts'
import { createExchange } from './create-exchange.ts'
import { CcxtMarketData } from './market-data.ts'
import { type FakeMarket, startFakeMarket } from './testing/live-harness.ts'

let market: FakeMarket
let now = 0

beforeEach(async () => {
  market = await startFakeMarket()
})

afterEach(async () => {
  await market.stop()
})

async function feed(): Promise<{
  data: CcxtMarketData
  rules: Awaited<ReturnType<FakeMarket['open']>>['venue']
}> {
  const session = await market.open()
  const exchange = createExchange({
    exchange: 'binance',
    urls: (original) => market.server.ccxtUrls(original),
  })
  exchange.enableRateLimit = false
  await exchange.loadMarkets()
  const data = new CcxtMarketData({
    exchange,
    clock: { now: () => (now === 0 ? Date.now() : now) as UnixMillis },
  })
  return { data, rules: session.venue }
}

describe('CcxtMarketData over the fake Binance', () => {
  it('reads the top of the book as a quote, stamped with the time it was received', async () => {
    market.fake.addLiquidity('BTCUSDT', 'buy', '99.50', '0.3')
    market.fake.addLiquidity('BTCUSDT', 'buy', '99.00', '1')
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.25', '0.2')
    const { data, rules } = await feed()
    const quote = await data.quote(rules.rules()[0]!)
    expect(quote?.data).toMatchObject({ bidPrice: 99.5, bidSize: 0.3, askPrice: 100.25, askSize: 0.2 })
    // Binance's depth carries no time: the quote is stamped on arrival, and no latency is claimed.
    expect(quote?.exchangeTime).toBeUndefined()
    expect(quote?.data.tsEvent).toBe(quote?.receivedAt)
  })

  it('hands on each public trade once, with exchange time, receive time and the latency between', async () => {
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '1')
    market.fake.trade('BTCUSDT', 'buy', '0.1')
    market.fake.trade('BTCUSDT', 'buy', '0.2')
    const { data, rules } = await feed()
    const first = await data.trades(rules.rules()[0]!, 0)
    expect(first.map((t) => [t.data.price, t.data.size, t.data.aggressor])).toEqual([
      [100, 0.1, 'buy'],
      [100, 0.2, 'buy'],
    ])
    for (const t of first) expect(t.latencyMs).toBe(t.receivedAt - t.exchangeTime!)
    market.fake.trade('BTCUSDT', 'buy', '0.3')
    const next = await data.trades(rules.rules()[0]!)
    expect(next.map((t) => t.data.size)).toEqual([0.3])
  })

  it('hands on a candle only once it has closed on the exchange clock', async () => {
    // The trade and `minute` below must fall in the same minute of the exchange clock.
    const intoMinute = Date.now() % 60_000
    if (intoMinute > 55_000) await new Promise((done) => setTimeout(done, 60_050 - intoMinute))
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '1')
    market.fake.addLiquidity('BTCUSDT', 'sell', '101.00', '1')
    market.fake.trade('BTCUSDT', 'buy', '1.5')
    const { data, rules } = await feed()
    const minute = Math.floor(Date.now() / 60_000) * 60_000
    now = minute + 30_000 // still forming
    expect(await data.bars(rules.rules()[0]!, '1m', minute)).toEqual([])
    now = minute + 60_000
    const bars = await data.bars(rules.rules()[0]!, '1m', minute)
    expect(
      bars.map((b) => [b.data.open, b.data.high, b.data.low, b.data.close, b.data.volume, b.data.knownAt]),
    ).toEqual([[100, 101, 100, 101, 1.5, minute + 60_000]])
    expect(await data.bars(rules.rules()[0]!, '1m', minute)).toEqual([])
  })
})
