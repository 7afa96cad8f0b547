/**
 * Scenario: the database unavailable. The service runs on PostgreSQL (`DATABASE_URL`); the
 * cluster is stopped as a crash would stop it (`pg_ctl stop -m immediate`) under order traffic,
 * then started again. Detection is /readyz naming the database as failing. During the outage
 * every refused request must be a problem (RFC 9457) with a TradePulse code — no storm of bare
 * 500s; recovery is /readyz 200 with the same serve process, no restart. Nothing lost means
 * every order acknowledged before, during and after the outage is listed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPostgres } from '../../src/store/testing/postgres.ts'
import { type Scenario, Timeline, check, sleep, waitFor } from './scenario.ts'
import { createKey, listOrders, readiness, startServe, startTraffic } from './serve-process.ts'

/** How long traffic keeps hitting the service while the database is down. */
const OUTAGE_MS = 2_000

export const databaseDown: Scenario = {
  name: 'database-down',
  title: 'Database unavailable',
  fault:
    'the PostgreSQL cluster behind `tradepulse serve` stopped (pg_ctl stop -m immediate) under order traffic',
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-database-'))
    const postgres = await startPostgres('tradepulse_gameday')
    const options = { dataDir, env: { DATABASE_URL: postgres.url } }
    const timeline = new Timeline(log)
    try {
      const key = createKey(options, 'trade')
      const serve = await startServe(options)
      try {
        const traffic = startTraffic({ url: serve.url }, key, 2, 'db')
        await waitFor('20 acknowledged orders', 30_000, () =>
          traffic.acknowledged.length >= 20 ? true : undefined,
        )
        const refusedBefore = traffic.refusals.length
        postgres.halt()
        timeline.mark(
          'injected',
          `PostgreSQL stopped after ${traffic.acknowledged.length} acknowledged orders`,
        )
        const down = await waitFor('/readyz database failing', 30_000, async () => {
          const r = await readiness(serve.url)
          return r.checks.database?.status === 'failing' ? r : undefined
        })
        timeline.mark(
          'detected',
          `GET /readyz ${down.code}, database: ${down.checks.database?.detail ?? '?'}`,
        )
        await sleep(OUTAGE_MS)
        const during = traffic.refusals.slice(refusedBefore)
        postgres.resume()
        timeline.mark('mitigated', 'PostgreSQL started again on the same data directory and port')
        const up = await waitFor('/readyz 200', 60_000, async () => {
          const r = await readiness(serve.url)
          return r.code === 200 ? r : undefined
        })
        timeline.mark(
          'recovered',
          `GET /readyz 200 from the same serve process (pid ${String(serve.child.pid)}), database: ${up.checks.database?.detail ?? '?'}`,
        )
        const acceptedAtRecovery = traffic.acknowledged.length
        await waitFor('orders accepted again', 30_000, () =>
          traffic.acknowledged.length > acceptedAtRecovery + 3 ? true : undefined,
        )
        await traffic.stop()
        const orders = await listOrders(serve.url, key)
        const missing = traffic.acknowledged.filter((a) => !orders.has(a.orderId))
        const byAnswer = new Map<string, number>()
        for (const r of during)
          byAnswer.set(`${r.status} ${r.code}`, (byAnswer.get(`${r.status} ${r.code}`) ?? 0) + 1)
        const answers = [...byAnswer].map(([answer, n]) => `${n}× ${answer}`).join(', ')
        const unclear = during.filter(
          (r) => r.status === 0 || r.status === 500 || !/^[A-Z][A-Z0-9_]+$/.test(r.code),
        )
        return timeline.result('GET /readyz, check `database` failing (503)', [
          check(
            'writes fail with a clear problem during the outage',
            unclear.length === 0,
            during.length === 0
              ? 'no request refused during the outage'
              : `refused during the outage: ${answers}`,
          ),
          check(
            'ready again without restarting serve',
            serve.child.exitCode === null && up.code === 200,
            `the serve process started before the outage answered /readyz 200 after it`,
          ),
          check(
            'every acknowledged order is listed',
            missing.length === 0 && traffic.acknowledged.length > 0,
            `${traffic.acknowledged.length - missing.length} of ${traffic.acknowledged.length} acknowledged orders listed (${traffic.acknowledged.length - acceptedAtRecovery} after recovery)`,
          ),
        ])
      } finally {
        await serve.stop()
      }
    } finally {
      postgres.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
