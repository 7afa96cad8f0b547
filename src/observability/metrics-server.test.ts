import { afterEach, describe, expect, it } from 'vitest'
import { createTradePulseMetrics } from './metrics.ts'
import { type MetricsServer, startMetricsServer } from './metrics-server.ts'

describe('startMetricsServer', () => {
  let server: MetricsServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('serves the registry in the Prometheus text format at /metrics, on loopback', async () => {
    const metrics = createTradePulseMetrics()
    metrics.killSwitchEngaged.set(1)
    metrics.ordersRejected.inc({ reason: 'max-order-quantity' }, 3)
    server = await startMetricsServer({ registry: metrics.registry })
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const response = await fetch(server.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const text = await response.text()
    expect(text).toContain('tradepulse_kill_switch_engaged 1\n')
    expect(text).toContain('tradepulse_orders_rejected_total{reason="max-order-quantity"} 3\n')
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m)
    expect(text).toMatch(/^process_cpu_seconds_total \d/m)
  })

  it('answers 404 elsewhere and 405 to anything but GET, naming the path and the method', async () => {
    server = await startMetricsServer({ registry: createTradePulseMetrics().registry })
    const base = server.url.replace(/\/metrics$/, '')
    const missing = await fetch(`${base}/health`)
    expect([missing.status, await missing.text()]).toEqual([
      404,
      '/health not found: metrics are served at /metrics\n',
    ])
    const posted = await fetch(server.url, { method: 'POST' })
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, HEAD'])
    expect(await posted.text()).toBe('POST /metrics is not allowed: use GET\n')
  })

  it('refuses a port already in use with the system’s error', async () => {
    server = await startMetricsServer({ registry: createTradePulseMetrics().registry })
    await expect(
      startMetricsServer({ registry: createTradePulseMetrics().registry, port: server.port }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })
})
