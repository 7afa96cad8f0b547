/**
 * `tradepulse live --venue paper --market ccxt:binance` against the fake Binance on loopback: the
 * strategy sees the exchange's closed candles (1-second candles of the fake's public tape, polled
 * over REST), the paper venue fills on them, and SIGINT stops the run with exit 0.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCaptured } from '../cli/testing/capture-io.ts'
import { FakeBinanceStreams } from '../venues/ccxt/testing/fake-exchange/fake-binance-streams.ts'
import { type FakeMarket, startFakeMarket } from '../venues/ccxt/testing/live-harness.ts'

describe('tradepulse live on the paper venue against an exchange’s candles', () => {
  let market: FakeMarket
  let dir: string
  beforeEach(async () => {
    market = await startFakeMarket()
    dir = mkdtempSync(join(tmpdir(), 'tp-live-market-'))
  })
  afterEach(async () => {
    await market.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('feeds closed candles to the strategy and stops on SIGINT with exit 0', async () => {
    for (let level = 0; level < 40; level++) {
      market.fake.addLiquidity('BTCUSDT', 'sell', (100 + level / 10).toFixed(2), '0.01')
      market.fake.addLiquidity('BTCUSDT', 'buy', (99.9 - level / 10).toFixed(2), '0.01')
    }
    // The market: a trade every 100 ms, two buys then a sell, so candles move.
    let trades = 0
    const tape = setInterval(() => {
      market.fake.trade('BTCUSDT', trades++ % 3 === 2 ? 'sell' : 'buy', '0.002')
    }, 100)
    const journal = join(dir, 'journal')
    const run = runCaptured([
      'live',
      '--strategy',
      'ma-crossover',
      '--params',
      '{"fast": 2, "slow": 3}',
      '--venue',
      'paper',
      '--market',
      'ccxt:binance',
      '--api-url',
      market.server.url,
      '--symbols',
      'BTC/USDT',
      '--timeframe',
      '1s',
      '--poll-ms',
      '100',
      '--config',
      'does-not-exist.json',
    ])
    const refused = await run
    expect(refused.code, 'a missing --config file').toBe(1)
    expect(refused.stderr).toMatch(/does-not-exist\.json/)

    const live = runCaptured([
      'live',
      '--strategy',
      'ma-crossover',
      '--params',
      '{"fast": 2, "slow": 3}',
      '--venue',
      'paper',
      '--market',
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
      '--json',
    ])
    await sleep(4_500)
    process.emit('SIGINT')
    const result = await live
    clearInterval(tape)
    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout) as {
      stoppedBy: string
      barsSeen: number
      positions: Record<string, number>
    }
    expect(summary.stoppedBy).toBe('signal')
    expect(summary.barsSeen, 'closed candles seen').toBeGreaterThanOrEqual(3)
    expect(Object.keys(summary.positions)).toEqual(['BTC/USDT.BINANCE'])
    expect(result.stderr, 'the status line, with the feed latency').toMatch(/bars \d+ .*latency -?\d+ ms/)
    const log = readFileSync(join(journal, 'session.jsonl'), 'utf8').trim().split('\n')
    expect(log.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['start', 'stop'])
  }, 30_000)

  it('with --stream, takes the candles over the WebSocket stream', async () => {
    const streams = new FakeBinanceStreams(market.fake, market.server, () => Date.now())
    for (let level = 0; level < 40; level++) {
      market.fake.addLiquidity('BTCUSDT', 'sell', (100 + level / 10).toFixed(2), '0.01')
      market.fake.addLiquidity('BTCUSDT', 'buy', (99.9 - level / 10).toFixed(2), '0.01')
    }
    let trades = 0
    const tape = setInterval(() => {
      market.fake.trade('BTCUSDT', trades++ % 3 === 2 ? 'sell' : 'buy', '0.002')
    }, 100)
    const live = runCaptured([
      'live',
      '--strategy',
      'ma-crossover',
      '--params',
      '{"fast": 2, "slow": 3}',
      '--venue',
      'paper',
      '--market',
      'ccxt:binance',
      '--api-url',
      market.server.url,
      '--stream',
      '--ws-url',
      streams.ccxtUrls(market.server.url).spot!,
      '--symbols',
      'BTC/USDT',
      '--timeframe',
      '1s',
      '--json',
    ])
    await sleep(4_500)
    process.emit('SIGINT')
    const result = await live
    clearInterval(tape)
    streams.close()
    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout) as { stoppedBy: string; barsSeen: number }
    expect(summary.stoppedBy).toBe('signal')
    expect(summary.barsSeen, 'closed candles seen').toBeGreaterThanOrEqual(3)
    expect(streams.subscriptions, 'subscribed to the candles').toContainEqual(['btcusdt@kline_1s'])
    expect(result.stderr, 'never fell back to REST').not.toMatch(/candles over REST/)
  }, 30_000)
})
