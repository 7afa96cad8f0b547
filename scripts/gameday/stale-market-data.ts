/**
 * Scenario: stale market data. A feed quotes SPY every 100 ms; then the quotes stop. Detection is
 * /readyz's `marketData` check failing once the last quote is older than `marketDataStaleAfterMs`
 * (docs/service.md; 2 s here instead of the default 120 s, which matches the
 * TradePulseMarketDataStale alert — that alert also waits `for: 2m`, too long for a GameDay run).
 * Mitigation is the feed resuming; recovery is /readyz 200. Nothing lost means orders placed
 * before the outage are all listed and readiness failed within the threshold plus one poll.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Scenario, Timeline, check, sleep, waitFor } from './scenario.ts'
import { createKey, listOrders, readiness, startServe, startTraffic } from './serve-process.ts'

const STALE_AFTER_MS = 2_000
/** How often the scenario asks /readyz; detection may lag the threshold by this much. */
const POLL_MS = 100
/** Detection may lag the threshold by a poll plus scheduling on a loaded machine, never more. */
const SLACK_MS = 1_500

export const staleMarketData: Scenario = {
  name: 'stale-market-data',
  title: 'Stale market data',
  fault: `the quote feed for SPY.PAPER stops (marketDataStaleAfterMs ${STALE_AFTER_MS})`,
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-stale-'))
    const options = { dataDir, env: { TRADEPULSE_MARKET_DATA_STALE_AFTER_MS: String(STALE_AFTER_MS) } }
    const timeline = new Timeline(log)
    try {
      const key = createKey(options, 'trade')
      const serve = await startServe(options)
      try {
        // Traffic places orders and quotes after each; it is the feed, and stopping it is the fault.
        const traffic = startTraffic({ url: serve.url }, key, 1, 'stale')
        await waitFor('10 acknowledged orders and a ready server', 30_000, async () =>
          traffic.acknowledged.length >= 10 && (await readiness(serve.url)).code === 200 ? true : undefined,
        )
        await traffic.stop()
        const stoppedAt = traffic.fills.lastQuoteSentAt
        timeline.mark('injected', `quotes stopped after ${traffic.fills.count} fills`)
        const failing = await waitFor(
          '/readyz marketData failing',
          STALE_AFTER_MS * 5,
          async () => {
            const r = await readiness(serve.url)
            return r.code === 503 && r.checks.marketData?.status === 'failing' ? r : undefined
          },
          POLL_MS,
        )
        const detectedAfterMs = Math.round(performance.now() - stoppedAt)
        timeline.mark('detected', `GET /readyz 503, marketData: ${failing.checks.marketData?.detail ?? '?'}`)
        const resumed = startTraffic({ url: serve.url }, key, 1, 'resumed')
        timeline.mark('mitigated', 'quote feed resumed')
        const ready = await waitFor('/readyz 200', 30_000, async () => {
          const r = await readiness(serve.url)
          return r.code === 200 ? r : undefined
        })
        timeline.mark('recovered', `GET /readyz 200, marketData: ${ready.checks.marketData?.detail ?? '?'}`)
        await sleep(200)
        await resumed.stop()
        const orders = await listOrders(serve.url, key)
        const acknowledged = [...traffic.acknowledged, ...resumed.acknowledged]
        const missing = acknowledged.filter((a) => !orders.has(a.orderId))
        return timeline.result(
          'GET /readyz, check `marketData` (503 once a quote is older than marketDataStaleAfterMs)',
          [
            check(
              'detected within the documented threshold',
              detectedAfterMs >= STALE_AFTER_MS && detectedAfterMs <= STALE_AFTER_MS + SLACK_MS,
              `readiness failed ${detectedAfterMs} ms after the last quote; threshold ${STALE_AFTER_MS} ms (+${SLACK_MS} ms allowed), polled every ${POLL_MS} ms`,
            ),
            check(
              'every acknowledged order is listed',
              missing.length === 0 && acknowledged.length > 0,
              `${acknowledged.length - missing.length} of ${acknowledged.length} acknowledged orders listed`,
            ),
          ],
        )
      } finally {
        await serve.stop()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
