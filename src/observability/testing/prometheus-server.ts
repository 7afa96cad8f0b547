/**
 * A throwaway Prometheus (Debian's `prometheus` package) for tests: on loopback, on a free port,
 * its TSDB and configuration in a temporary directory removed by `stop`; never a system service.
 * Scrapes and evaluates every second, so an alert without `for` fires within a few seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '../../research/queue/testing/redis-server.ts'

export const PROMETHEUS = '/usr/bin/prometheus'
export const PROMTOOL = '/usr/bin/promtool'
export const PROMETHEUS_MISSING = `${PROMETHEUS} is missing: install it with \`make services\` (Debian: apt-get install prometheus)`
export const PROMTOOL_MISSING = `${PROMTOOL} is missing: install it with \`make services\` (Debian: apt-get install prometheus)`

export function hasPrometheus(): boolean {
  return existsSync(PROMETHEUS)
}

export interface PrometheusAlert {
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: Readonly<Record<string, string>>
  readonly state: 'pending' | 'firing'
}

export interface PrometheusServer {
  readonly url: string
  /** The alerts pending or firing now (GET /api/v1/alerts). */
  alerts(): Promise<PrometheusAlert[]>
  /** An instant query's vector (GET /api/v1/query), as label sets and values. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>
  stop(): Promise<void>
}

export interface PrometheusOptions {
  /** `host:port` of each target scraped at /metrics, as job `tradepulse`. */
  readonly targets: readonly string[]
  /** Rule files, relative to the working directory or absolute. */
  readonly ruleFiles: readonly string[]
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  if (!hasPrometheus()) throw new Error(PROMETHEUS_MISSING)
  const dir = await mkdtemp(join(tmpdir(), 'tradepulse-prometheus-'))
  const port = await freePort()
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '900ms' },
    rule_files: options.ruleFiles.map((file) => resolve(file)),
    scrape_configs: [{ job_name: 'tradepulse', static_configs: [{ targets: options.targets }] }],
  }
  // JSON is YAML: no YAML writer needed.
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2))
  const output: string[] = []
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((done) => {
        child.once('exit', done)
        child.kill('SIGTERM')
      })
    }
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitUntilReady(url, child, output)
  } catch (error) {
    await stop()
    throw error
  }
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5_000) })
    const body = (await response.json()) as { status: string; data: T; error?: string }
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.statusText}`)
    return body.data
  }
  return {
    url,
    alerts: async () => (await api<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts,
    query: async (promql) => {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(promql)}`,
      )
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }))
    },
    stop,
  }
}

async function waitUntilReady(url: string, child: ChildProcess, output: readonly string[]): Promise<void> {
  const deadline = performance.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with code ${child.exitCode}: ${output.join('').trim()}`)
    }
    try {
      // A connection Prometheus accepts while it is still starting can go unanswered: ask again.
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })).ok) return
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline)
      throw new Error(`prometheus at ${url} not ready after 20 s: ${output.join('').trim()}`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`)
    await new Promise((done) => setTimeout(done, 250))
  }
}
