/**
 * End to end with a real Prometheus (Debian's package): it scrapes the /metrics server of an
 * execution core, evaluates observability/rules, and the kill-switch alert fires when the switch
 * trips under traffic and resolves after the reset — as the runbook it links says to do.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACME, ScriptedStrategy, external, openMarket } from '../execution/e2e/testing/market.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import { instrumentExecutionCore } from './execution-metrics.ts'
import { createTradePulseMetrics } from './metrics.ts'
import { type MetricsServer, startMetricsServer } from './metrics-server.ts'
import {
  PROMETHEUS_MISSING,
  type PrometheusAlert,
  type PrometheusServer,
  eventually,
  hasPrometheus,
  startPrometheus,
} from './testing/prometheus-server.ts'

const RULES = ['observability/rules/slo.rules.yml', 'observability/rules/alerts.rules.yml']

describe('the kill-switch alert in a real Prometheus', () => {
  let exporter: MetricsServer | undefined
  let prometheus: PrometheusServer | undefined
  const market = openMarket({
    journal: new MemoryJournal<JournalRecord>(),
    instruments: [ACME],
    risk: { account: { maxOrderQuantity: 50 } },
  })
  const metrics = createTradePulseMetrics()
  instrumentExecutionCore(market.core, metrics, market.clock)

  beforeAll(async () => {
    if (!hasPrometheus()) throw new Error(PROMETHEUS_MISSING)
    exporter = await startMetricsServer({ registry: metrics.registry })
    prometheus = await startPrometheus({ targets: [new URL(exporter.url).host], ruleFiles: RULES })
  }, 30_000)

  afterAll(async () => {
    await prometheus?.stop()
    await exporter?.close()
  })

  const killSwitchAlert = async (): Promise<PrometheusAlert | undefined> =>
    (await prometheus!.alerts()).find((a) => a.labels.alertname === 'TradePulseKillSwitchEngaged')

  it('fires when the switch trips under traffic, links an existing runbook, and clears after the reset', async () => {
    external(market, 'mm', 'sell', 1_000, 10_000, ACME)
    const strategy = new ScriptedStrategy(market)
    for (let i = 0; i < 20; i++) strategy.market('buy', 1)
    strategy.limit('buy', 5, 9_000)
    expect(strategy.market('buy', 60)).toMatchObject({ ok: false, code: 'max-order-quantity' })

    // Prometheus has scraped the traffic before anything trips: the series are there, the alert is not.
    const submitted = await eventually('orders scraped', 15_000, async () => {
      const result = await prometheus!.query('sum(tradepulse_orders_submitted_total)')
      return result[0]?.value === 21 ? result[0].value : undefined
    })
    expect(submitted).toBe(21)
    expect(await killSwitchAlert()).toBeUndefined()

    market.core.killSwitch.trip(market.clock.now(), 'desk: runaway strategy')
    expect(strategy.market('buy', 1)).toMatchObject({ ok: false, code: 'kill-switch' })
    const firing = await eventually('kill-switch alert firing', 20_000, async () => {
      const alert = await killSwitchAlert()
      return alert?.state === 'firing' ? alert : undefined
    })
    expect(firing.labels).toMatchObject({ severity: 'page', instance: new URL(exporter!.url).host })
    const runbook = firing.annotations.runbook_url
    expect(runbook).toBe('docs/runbooks/TradePulseKillSwitchEngaged.md')
    expect(existsSync(runbook!), `${runbook} exists`).toBe(true)
    const rejected = await prometheus!.query('sum by (reason) (tradepulse_orders_rejected_total)')
    expect(Object.fromEntries(rejected.map((r) => [r.metric.reason, r.value]))).toEqual({
      'max-order-quantity': 1,
      'kill-switch': 1,
    })

    market.core.killSwitch.reset(market.clock.now(), 'desk: reviewed, strategy fixed')
    await eventually('kill-switch alert resolved', 20_000, async () =>
      (await killSwitchAlert()) === undefined ? true : undefined,
    )
    expect(strategy.market('buy', 1)).toMatchObject({ ok: true })
  }, 60_000)
})
