/**
 * Live trading through the ccxt venue, against the fake Binance on loopback (src/venues/ccxt/
 * testing): a real ccxt `binance` client signs and sends every request over HTTP to the fake,
 * whose books are the project's matching engine.
 *
 * - Order round trip: `OrderManager.submit` of a limit order that rests → the venue queues it →
 *   ccxt signs and POSTs it → the fake matches it → the answer comes back → the core receives
 *   `accepted`. Timed per order; beside it a bare `fetch` of the fake's time endpoint, the floor
 *   the loopback HTTP stack sets, measured in the same run, and their quotient.
 * - Reconnect to reconciled: the fake drops every connection, an order rests and is filled by the
 *   market meanwhile; from the moment the fake answers again to the venue's `reconciled` event
 *   (skew measured, open orders, order statuses, trades, balances fetched; the fill booked).
 *
 * ccxt's throttle is off, as in the tests: the fake publishes no limit, and the throttle's
 * spacing would be what is measured. Each figure is the median over `--reps` runs (default 5)
 * with the best beside it.
 */
import { clientOrderId } from '../src/domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../src/domain/instrument.ts'
import { startFakeMarket } from '../src/venues/ccxt/testing/live-harness.ts'
import type { BenchSuite } from './run.ts'

const ORDERS = 200

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

interface Run {
  readonly adapterP50: number
  readonly adapterP99: number
  readonly httpP50: number
  readonly httpP99: number
  readonly reconcileMs: number
}

async function once(run: number): Promise<Run> {
  const market = await startFakeMarket()
  try {
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '1')
    const session = await market.open()
    await session.venue.sync()
    const accepted = new Map<string, () => void>()
    session.core.bus.subscribe('order', (event) => {
      if (event.kind === 'accepted') accepted.get(event.order.orderId)?.()
    })
    const adapter: number[] = []
    for (let i = 0; i < ORDERS; i++) {
      const started = performance.now()
      const done = new Promise<void>((resolve) => {
        const result = session.core.manager.submit({
          clientOrderId: clientOrderId(`b${run}-${i}`),
          instrumentId: session.instrument.id,
          side: 'buy',
          type: 'limit',
          price: 9000 as PriceTicks,
          quantity: 1000 as QuantityLots,
          timeInForce: 'GTC',
        })
        accepted.set(result.order.orderId, resolve)
      })
      await done
      adapter.push(performance.now() - started)
    }
    const http: number[] = []
    for (let i = 0; i < ORDERS; i++) {
      const started = performance.now()
      const response = await fetch(`${market.server.url}/api/v3/time`)
      await response.text()
      http.push(performance.now() - started)
    }
    // Reconnect to reconciled.
    let restoredAt = 0
    const reconciled = new Promise<void>((resolve) => {
      session.venue.onEvent((event) => {
        if (event.kind === 'reconciled' && restoredAt > 0) resolve()
      })
    })
    market.server.offline = true
    market.fake.trade('BTCUSDT', 'sell', '0.1')
    market.onWait = (waits) => {
      if (waits.length >= 2 && restoredAt === 0) {
        market.server.offline = false
        restoredAt = performance.now()
      }
    }
    void session.venue.sync()
    await reconciled
    const reconcileMs = performance.now() - restoredAt
    adapter.sort((a, b) => a - b)
    http.sort((a, b) => a - b)
    return {
      adapterP50: percentile(adapter, 0.5),
      adapterP99: percentile(adapter, 0.99),
      httpP50: percentile(http, 0.5),
      httpP99: percentile(http, 0.99),
      reconcileMs,
    }
  } finally {
    await market.stop()
  }
}

const ms = (x: number): string => `${x.toFixed(2)} ms`

export const liveSuite: BenchSuite = {
  name: 'live',
  description: 'ccxt venue against the fake Binance on loopback: order round trip, reconnect to reconciled',
  async run(options) {
    const reps = options.repetitions ?? 5
    const runs: Run[] = []
    for (let r = 0; r < reps; r++) {
      options.log(`live: run ${r + 1}/${reps}`)
      runs.push(await once(r))
    }
    const cell = (pick: (run: Run) => number): string =>
      `${ms(median(runs.map(pick)))} (best ${ms(Math.min(...runs.map(pick)))})`
    const ratio = (run: Run): number => run.adapterP50 / run.httpP50
    return [
      `### Live trading through ccxt against the fake Binance (${ORDERS} orders a run, median of ${reps} runs)`,
      '',
      '| path | p50 | p99 |',
      '| --- | --- | --- |',
      `| order round trip: submit → accepted | ${cell((x) => x.adapterP50)} | ${cell((x) => x.adapterP99)} |`,
      `| bare HTTP GET on loopback | ${cell((x) => x.httpP50)} | ${cell((x) => x.httpP99)} |`,
      '',
      '| figure | adapter p50 / HTTP p50 |',
      '| --- | --- |',
      `| order round trip | ${median(runs.map(ratio)).toFixed(1)}× (${Math.min(...runs.map(ratio)).toFixed(1)}×) |`,
      '',
      `Reconnect to reconciled (fake back → open orders, statuses, trades, balances fetched, fill booked): ${cell((x) => x.reconcileMs)}`,
    ]
  },
}
