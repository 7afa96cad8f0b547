/**
 * The on-call drill, end to end: the service under order traffic, a real Prometheus (Debian's
 * package) scraping its /metrics and evaluating observability/rules. The kill switch trips; the
 * alert fires and links its runbook; the runbook's own commands — run as written, through the API
 * and promtool — confirm the trip, reset the switch and verify the recovery; the alert clears.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PROMETHEUS_MISSING,
  type PrometheusServer,
  eventually,
  hasPrometheus,
  startPrometheus,
} from '../observability/testing/prometheus-server.ts'
import { createApiKey } from './api-keys.ts'
import { ServiceConfig } from './config.ts'
import { type RunningService, startService } from './service.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const RULES = ['observability/rules/slo.rules.yml', 'observability/rules/alerts.rules.yml'].map((f) =>
  join(ROOT, f),
)
const ALERT = 'TradePulseKillSwitchEngaged'
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-drill-'))
/** `tradepulse` on the PATH, as an operator has it installed. */
const binDir = join(dir, 'bin')
let service: RunningService
let prometheus: PrometheusServer
let admin: string

beforeAll(async () => {
  if (!hasPrometheus()) throw new Error(PROMETHEUS_MISSING)
  service = await startService(
    ServiceConfig.parse({ dataDir: dir, port: 0, logLevel: 'silent', maxOrderQuantity: 100 }),
  )
  mkdirSync(binDir)
  writeFileSync(
    join(binDir, 'tradepulse'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin/tradepulse.js')}" "$@"\n`,
    { mode: 0o755 },
  )
  admin = (await createApiKey(service.context.keys, 'on-call', ['admin'], Date.now())).key
  prometheus = await startPrometheus({ targets: [new URL(service.url).host], ruleFiles: RULES })
}, 60_000)
afterAll(async () => {
  await prometheus.stop()
  await service.close()
  rmSync(dir, { recursive: true, force: true })
})

async function api(
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${service.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${admin}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as Record<string, unknown>
}

/** The `sh` blocks of one section of a runbook, in order. */
function runbookBlocks(markdown: string, section: string): string[] {
  const start = markdown.indexOf(`## ${section}`)
  const end = markdown.indexOf('\n## ', start + 1)
  const text = markdown.slice(start, end < 0 ? undefined : end)
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
}

describe('the on-call drill', () => {
  it('trips under traffic, alerts with a runbook whose commands reset it, and the alert clears', async () => {
    for (let i = 0; i < 10; i++)
      await api(
        '/api/v1/orders',
        { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '1' },
        { 'idempotency-key': `drill-${i}` },
      )
    await api('/api/v1/market/quotes', { instrumentId: 'SPY.PAPER', bid: '100.00', ask: '100.01' })
    const refused = await api(
      '/api/v1/orders',
      { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '500' },
      { 'idempotency-key': 'drill-big' },
    )
    expect(refused).toMatchObject({ status: 'rejected', rejectCode: 'max-order-quantity' })
    await eventually('the traffic scraped', 20_000, async () => {
      const [sample] = await prometheus.query('sum(tradepulse_orders_submitted_total)')
      return sample !== undefined && sample.value >= 10 ? sample : undefined
    })
    expect((await prometheus.alerts()).some((a) => a.labels.alertname === ALERT)).toBe(false)

    // Traffic keeps coming while the switch trips and until the alert fires.
    const traffic = new AbortController()
    let sent = 0
    const trafficDone = (async () => {
      while (!traffic.signal.aborted) {
        await api(
          '/api/v1/orders',
          { instrumentId: 'SPY.PAPER', side: 'buy', type: 'limit', quantity: '1', price: '90.00' },
          { 'idempotency-key': `drill-traffic-${sent++}` },
        )
        await new Promise((done) => setTimeout(done, 50))
      }
    })()
    await api('/api/v1/risk/kill-switch/trip', { reason: 'drill: desk halt' })
    const alert = await eventually('the alert firing', 30_000, async () =>
      (await prometheus.alerts()).find((a) => a.labels.alertname === ALERT && a.state === 'firing'),
    )
    await eventually('orders refused by the switch, scraped', 20_000, async () => {
      const [sample] = await prometheus.query('sum(tradepulse_orders_rejected_total{reason="kill-switch"})')
      return sample !== undefined && sample.value > 0 ? sample : undefined
    })
    traffic.abort()
    await trafficDone
    const runbook = join(ROOT, alert.annotations.runbook_url ?? '')
    expect(existsSync(runbook), `runbook ${alert.annotations.runbook_url ?? '(none)'}`).toBe(true)

    const markdown = readFileSync(runbook, 'utf8')
    // Asynchronously: the commands call this very process's server, which must keep answering.
    const run = async (script: string): Promise<string> =>
      (
        await promisify(execFile)('bash', ['-c', `set -eu\n${script}`], {
          encoding: 'utf8',
          env: {
            ...process.env,
            PATH: `${binDir}:${process.env.PATH ?? ''}`,
            PROM: prometheus.url,
            TRADEPULSE_URL: service.url,
            TRADEPULSE_ADMIN_KEY: admin,
          },
        })
      ).stdout
    const runAll = async (scripts: readonly string[]): Promise<string> => {
      const outputs: string[] = []
      for (const script of scripts) outputs.push(await run(script))
      return outputs.join('\n')
    }
    const confirmed = await runAll(runbookBlocks(markdown, 'Confirm'))
    expect(confirmed).toContain('"tripped":true')
    expect(confirmed).toContain('drill: desk halt')
    const mitigation = runbookBlocks(markdown, 'Mitigate')
    expect(mitigation).toHaveLength(1)
    expect(await run(mitigation[0]!)).toContain('"tripped":false')
    const verified = await runAll(runbookBlocks(markdown, 'Verify recovery'))
    expect(verified).toContain('"tripped":false')
    expect(verified, 'the probe places and cancels an order again').toMatch(/probe passed: \d+ steps/)

    await eventually('the alert cleared', 30_000, async () =>
      (await prometheus.alerts()).some((a) => a.labels.alertname === ALERT) ? undefined : true,
    )
  }, 120_000)
})
