/**
 * The HTTP API under load: order submission (POST /api/v1/orders, a fresh Idempotency-Key per
 * request) and a read (GET /api/v1/positions), with GET /healthz in the same run as the
 * baseline of what Fastify, the socket and the client cost with no work behind them. Requests/s
 * and p50/p99 latency per route, median and best over `--reps` (default 3) runs.
 *
 * The service runs in this process on SQLite in a temp dir (rate limit raised out of the way);
 * autocannon runs in a child process (`probe`), so the load generator and the server each have
 * a core of their own instead of sharing one event loop. Flags: `--api-seconds N` per run
 * (default 5), `--api-connections N` (default 10).
 *
 * Where an order's time goes. The journal is written by group commit (src/execution/journal/
 * group-commit-journal.ts): the orders of one turn of the event loop share one fdatasync, run off
 * the event loop while the next group gathers, and each answer waits for its group. The
 * Idempotency-Key answers follow behind in one SQLite transaction every 50 ms
 * (src/api/idempotency-log.ts). So orders/s is bounded by the CPU per order (HTTP, validation,
 * risk, journal encoding) once the connections outnumber what one fsync takes to answer; the
 * suite times fsync on the temp dir's disk to show the per-group floor of each answer's latency.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApiKey } from '../src/api/api-keys.ts'
import { ServiceConfig } from '../src/api/config.ts'
import { startService } from '../src/api/service.ts'
import type { BenchRunOptions, BenchSuite } from './run.ts'

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest
}
interface AutocannonResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number }
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}
type Autocannon = (options: {
  url: string
  connections: number
  duration: number
  requests: AutocannonRequest[]
}) => Promise<AutocannonResult>

const TARGETS = ['healthz', 'positions', 'orders'] as const
type Target = (typeof TARGETS)[number]

export interface LoadResult {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly total: number
  readonly failed: number
}

function flag(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name)
  return at < 0 ? fallback : (args[at + 1] ?? fallback)
}

function positive(args: readonly string[], name: string, fallback: number): number {
  const value = Number(flag(args, name, String(fallback)))
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} wants a positive integer`)
  return value
}

/** The request autocannon repeats for a target; orders get a fresh Idempotency-Key each time. */
function requestFor(target: Target, key: string, prefix: string): AutocannonRequest {
  const authorization = `Bearer ${key}`
  switch (target) {
    case 'healthz':
      return { method: 'GET', path: '/healthz' }
    case 'positions':
      return { method: 'GET', path: '/api/v1/positions', headers: { authorization } }
    case 'orders': {
      let sequence = 0
      // A limit far below any quote rests on the book, so every order is a full submission and
      // none is filled away.
      const body = JSON.stringify({
        instrumentId: 'SPY.PAPER',
        side: 'buy',
        type: 'limit',
        quantity: '1',
        price: '1.00',
      })
      const headers = { authorization, 'content-type': 'application/json' }
      return {
        method: 'POST',
        path: '/api/v1/orders',
        headers,
        body,
        setupRequest: (request) => ({
          ...request,
          headers: { ...headers, 'idempotency-key': `${prefix}-${sequence++}` },
        }),
      }
    }
    default:
      throw new Error(`unknown target ${String(target)}`)
  }
}

/** Child side: one autocannon run against a target, as JSON. */
async function load(args: readonly string[]): Promise<LoadResult> {
  const target = flag(args, '--api-target', '') as Target
  if (!TARGETS.includes(target)) throw new Error(`--api-target wants one of ${TARGETS.join(', ')}`)
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
  const result = await autocannon({
    url: flag(args, '--api-url', ''),
    connections: positive(args, '--api-connections', 10),
    duration: positive(args, '--api-seconds', 5),
    requests: [requestFor(target, flag(args, '--api-key', ''), flag(args, '--api-prefix', 'bench'))],
  })
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failed: result.errors + result.timeouts + result.non2xx,
  }
}

/** Milliseconds of fsync after a small append, p50 and p99 over `count` appends. */
function fsyncLatency(dir: string, count: number): { p50Ms: number; p99Ms: number } {
  const fd = openSync(join(dir, 'fsync-probe'), 'a')
  const times: number[] = []
  try {
    const line = Buffer.from(`${'x'.repeat(200)}\n`)
    for (let i = 0; i < count; i++) {
      writeSync(fd, line)
      const started = performance.now()
      fsyncSync(fd)
      times.push(performance.now() - started)
    }
  } finally {
    closeSync(fd)
  }
  times.sort((a, b) => a - b)
  return { p50Ms: times[Math.floor(count * 0.5)]!, p99Ms: times[Math.floor(count * 0.99)]! }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function measure({ args, log, probe, repetitions }: BenchRunOptions): Promise<string[]> {
  const reps = repetitions ?? 3
  const seconds = positive(args, '--api-seconds', 5)
  const connections = positive(args, '--api-connections', 10)
  const dir = mkdtempSync(join(tmpdir(), 'tradepulse-bench-api-'))
  const service = await startService(
    ServiceConfig.parse({
      dataDir: dir,
      port: 0,
      logLevel: 'silent',
      rateLimitMax: 1_000_000_000,
      maxOrderQuantity: 1_000_000_000,
      maxPosition: 1_000_000_000,
    }),
  )
  const runs = new Map<Target, LoadResult[]>(TARGETS.map((t) => [t, []]))
  let fsync
  try {
    const { key } = await createApiKey(service.context.keys, 'bench', ['trade'], Date.now())
    for (let rep = 0; rep < reps; rep++) {
      for (const target of TARGETS) {
        log(`api: ${target}, run ${rep + 1} of ${reps} (${seconds} s, ${connections} connections)`)
        const result = (await probe('api', [
          '--api-target',
          target,
          '--api-url',
          service.url,
          '--api-key',
          key,
          '--api-prefix',
          `run${rep}`,
          '--api-seconds',
          String(seconds),
          '--api-connections',
          String(connections),
        ])) as LoadResult
        if (result.failed > 0)
          throw new Error(`api: ${result.failed} of ${result.total} ${target} requests failed`)
        runs.get(target)!.push(result)
      }
    }
    fsync = fsyncLatency(dir, 500)
  } finally {
    await service.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const lines = [
    `api: autocannon, ${connections} connections, ${seconds} s x ${reps} runs per route; service in-process on SQLite, load from a child process`,
  ]
  const label: Record<Target, string> = {
    healthz: 'GET /healthz (baseline)',
    positions: 'GET /api/v1/positions',
    orders: 'POST /api/v1/orders',
  }
  for (const target of TARGETS) {
    const results = runs.get(target)!
    const rps = results.map((r) => r.requestsPerSecond)
    lines.push(
      `  ${label[target].padEnd(24)} req/s median ${median(rps).toFixed(0)}, best ${Math.max(...rps).toFixed(0)};` +
        ` p50 median ${median(results.map((r) => r.p50Ms)).toFixed(2)} ms;` +
        ` p99 median ${median(results.map((r) => r.p99Ms)).toFixed(2)} ms, best ${Math.min(...results.map((r) => r.p99Ms)).toFixed(2)} ms`,
    )
  }
  lines.push(
    `  fsync of a 201-byte append on the same disk: p50 ${fsync.p50Ms.toFixed(3)} ms, p99 ${fsync.p99Ms.toFixed(3)} ms (one per group of orders, shared)`,
    '  target: 5,000 orders/s with p99 < 10 ms',
  )
  return lines
}

export const apiSuite: BenchSuite = {
  name: 'api',
  description:
    'HTTP API under autocannon: POST /api/v1/orders and GET /api/v1/positions next to GET /healthz; --api-seconds N, --api-connections N',
  run: measure,
  probe: load,
}
