/**
 * Scenario: `tradepulse serve` killed with SIGKILL under order traffic. Detection is the
 * clients' own: requests fail with a refused connection and /healthz stops answering. Mitigation
 * is a restart on the same data dir; recovery is /readyz answering 200. Nothing lost means every
 * order the server acknowledged (201) is listed again, the fills are at least those the quote
 * endpoint reported, and a retried Idempotency-Key names the same order, never a second one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Scenario, Timeline, check, waitFor } from './scenario.ts'
import { countFills, createKey, listOrders, readiness, startServe, startTraffic } from './serve-process.ts'

export const sigkill: Scenario = {
  name: 'sigkill',
  title: 'Server SIGKILL under order traffic',
  fault: 'SIGKILL to the `tradepulse serve` process while three clients place orders and feed quotes',
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-sigkill-'))
    const options = { dataDir }
    const timeline = new Timeline(log)
    try {
      const key = createKey(options, 'trade')
      const first = await startServe(options)
      const target = { url: first.url }
      const traffic = startTraffic(target, key)
      await waitFor('40 acknowledged orders', 30_000, () =>
        traffic.acknowledged.length >= 40 ? true : undefined,
      )
      first.child.kill('SIGKILL')
      timeline.mark(
        'injected',
        `SIGKILL to pid ${String(first.child.pid)} after ${traffic.acknowledged.length} acknowledged orders`,
      )
      await first.exited
      await waitFor(
        'a client request refused',
        10_000,
        () => (traffic.refusals.some((r) => r.status === 0) ? true : undefined),
        10,
      )
      const health = await fetch(`${first.url}/healthz`).then(
        (r) => `answered ${r.status}`,
        () => 'connection refused',
      )
      timeline.mark('detected', `client requests fail (connection refused); GET /healthz: ${health}`)
      const acknowledgedAtKill = traffic.acknowledged.length
      await traffic.stop()
      const second = await startServe(options)
      timeline.mark(
        'mitigated',
        `tradepulse serve restarted on the same data dir, listening at ${second.url}`,
      )
      try {
        const ready = await waitFor('/readyz 200', 30_000, async () => {
          const r = await readiness(second.url)
          return r.code === 200 ? r : undefined
        })
        timeline.mark('recovered', `GET /readyz 200; journal: ${ready.checks.journal?.detail ?? '?'}`)
        const orders = await listOrders(second.url, key)
        const missing = traffic.acknowledged.filter((a) => !orders.has(a.orderId))
        const fills = await countFills(second.url, key)
        let sameOrder = 0
        const retried = traffic.acknowledged.slice(-10)
        for (const ack of retried) {
          const retry = await fetch(`${second.url}/api/v1/orders`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': ack.idempotencyKey,
            },
            body: JSON.stringify(ack.body),
          })
          if (retry.status === 200 && ((await retry.json()) as { orderId: string }).orderId === ack.orderId)
            sameOrder++
        }
        return timeline.result('client requests refused and GET /healthz refused (the process is gone)', [
          check(
            'every acknowledged order is back',
            missing.length === 0 && acknowledgedAtKill > 0,
            `${acknowledgedAtKill - missing.length} of ${acknowledgedAtKill} acknowledged orders listed after restart (${orders.size} orders in all)`,
          ),
          check(
            'every reported fill is back',
            fills >= traffic.fills.count && traffic.fills.count > 0,
            `${fills} fills listed, ${traffic.fills.count} reported by the quote endpoint before the kill`,
          ),
          check(
            'a retried Idempotency-Key returns the same order',
            sameOrder === retried.length,
            `${sameOrder} of ${retried.length} retries answered 200 with the first order`,
          ),
        ])
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
