/**
 * Scenario: the kill switch trips under order traffic. A real Prometheus scrapes the server and
 * evaluates observability/rules; detection is TradePulseKillSwitchEngaged firing. Mitigation is
 * the runbook's own reset command, run as written (docs/runbooks/TradePulseKillSwitchEngaged.md,
 * section Mitigate); recovery is the alert clearing and orders being accepted again. Nothing
 * lost means every order acknowledged before, during and after the trip is listed, and the
 * orders refused while it was tripped were refused by the switch, counted in its metric.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startPrometheus } from '../../src/observability/testing/prometheus-server.ts'
import { type Scenario, Timeline, check, waitFor } from './scenario.ts'
import { BIN, createKey, listOrders, startServe, startTraffic } from './serve-process.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const ALERT = 'TradePulseKillSwitchEngaged'
const RULES = ['observability/rules/slo.rules.yml', 'observability/rules/alerts.rules.yml'].map((f) =>
  join(ROOT, f),
)

/** The `sh` blocks of one section of a runbook, in order. */
function runbookBlocks(markdown: string, section: string): string[] {
  const start = markdown.indexOf(`## ${section}`)
  const end = markdown.indexOf('\n## ', start + 1)
  const text = markdown.slice(start, end < 0 ? undefined : end)
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
}

export const killSwitch: Scenario = {
  name: 'kill-switch',
  title: 'Kill switch trips under traffic',
  fault: 'POST /api/v1/risk/kill-switch/trip while two clients place orders',
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-kill-switch-'))
    const options = { dataDir }
    const timeline = new Timeline(log)
    try {
      const trade = createKey(options, 'trade')
      const admin = createKey(options, 'admin')
      const serve = await startServe(options)
      const prometheus = await startPrometheus({ targets: [new URL(serve.url).host], ruleFiles: RULES })
      try {
        const traffic = startTraffic({ url: serve.url }, trade, 2, 'ks')
        await waitFor('the traffic scraped', 30_000, async () => {
          const [sample] = await prometheus.query('sum(tradepulse_orders_submitted_total)')
          return sample !== undefined && sample.value >= 10 ? true : undefined
        })
        const acceptedBefore = traffic.acknowledged.length
        const tripped = await fetch(`${serve.url}/api/v1/risk/kill-switch/trip`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'gameday: desk halt' }),
        })
        timeline.mark(
          'injected',
          `kill switch tripped (HTTP ${tripped.status}) after ${acceptedBefore} acknowledged orders`,
        )
        const alert = await waitFor(
          `${ALERT} firing`,
          60_000,
          async () =>
            (await prometheus.alerts()).find((a) => a.labels.alertname === ALERT && a.state === 'firing'),
          200,
        )
        timeline.mark(
          'detected',
          `${ALERT} firing in Prometheus; runbook ${alert.annotations.runbook_url ?? '(none)'}`,
        )
        const refusedBySwitch = await waitFor('orders refused by the switch, scraped', 30_000, async () => {
          const [sample] = await prometheus.query(
            'sum(tradepulse_orders_rejected_total{reason="kill-switch"})',
          )
          return sample !== undefined && sample.value > 0 ? sample.value : undefined
        })
        const runbook = readFileSync(join(ROOT, alert.annotations.runbook_url ?? ''), 'utf8')
        const [reset] = runbookBlocks(runbook, 'Mitigate')
        const shim = `tradepulse() { "${process.execPath}" "${BIN}" "$@"; }\n`
        const { stdout } = await promisify(execFile)('bash', ['-c', `set -eu\n${shim}${reset ?? 'false'}`], {
          encoding: 'utf8',
          env: { ...process.env, TRADEPULSE_URL: serve.url, TRADEPULSE_ADMIN_KEY: admin },
        })
        timeline.mark('mitigated', `the runbook's Mitigate command answered ${stdout.trim().slice(0, 120)}`)
        const acceptedAtReset = traffic.acknowledged.length
        await waitFor(
          `${ALERT} cleared`,
          60_000,
          async () =>
            (await prometheus.alerts()).some((a) => a.labels.alertname === ALERT) ? undefined : true,
          200,
        )
        await waitFor('orders accepted again', 30_000, () =>
          traffic.acknowledged.length > acceptedAtReset + 3 ? true : undefined,
        )
        timeline.mark('recovered', `${ALERT} no longer pending or firing; orders accepted again`)
        await traffic.stop()
        const orders = await listOrders(serve.url, trade)
        const rejected = [...orders.values()].filter((o) => o.status === 'rejected').length
        const missing = traffic.acknowledged.filter((a) => !orders.has(a.orderId))
        return timeline.result(`Prometheus alert ${ALERT} (no \`for\`: fires on the first evaluation)`, [
          check(
            'every acknowledged order is listed',
            missing.length === 0,
            `${traffic.acknowledged.length - missing.length} of ${traffic.acknowledged.length} orders answered 201 are listed`,
          ),
          check(
            'orders during the trip were refused by the switch',
            refusedBySwitch > 0 && rejected > 0,
            `tradepulse_orders_rejected_total{reason="kill-switch"} reached ${refusedBySwitch}; ${rejected} orders listed as rejected`,
          ),
          check(
            'the reset came from the runbook and trading resumed',
            stdout.includes('"tripped":false') && traffic.acknowledged.length > acceptedAtReset,
            `runbook reset answered tripped=false; ${traffic.acknowledged.length - acceptedAtReset} orders acknowledged after it`,
          ),
        ])
      } finally {
        await prometheus.stop()
        await serve.stop()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
