/**
 * `make serve-demo`: `tradepulse serve` with something to look at. On a data dir of its own
 * (default .demo/service) it uploads the bundled S&P 500 file, runs a backtest on it to the end,
 * runs a small parameter sweep into `<dataDir>/sweeps` (the Research page), quotes the paper
 * venue and fills one order (a position on the Overview), then prints the dashboard's URL and a
 * freshly created admin key and serves until Ctrl-C. Each step goes through the service's own
 * API, as a user would; a second start on the same data dir reuses what is there.
 *
 *   node scripts/demo/serve-demo.ts [--data-dir DIR] [--port PORT]
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createApiKey } from '../../src/api/api-keys.ts'
import { loadServiceConfig } from '../../src/api/config.ts'
import { type RunningService, startService } from '../../src/api/service.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SP500 = join(ROOT, 'data/sp500-2000.csv')
const BIN = join(ROOT, 'src/cli/bin.ts')

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string', default: '.demo/service' }, port: { type: 'string' } },
})
const dataDir = values['data-dir']

type Call = (
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Record<string, unknown>>

function caller(service: RunningService, key: string): Call {
  return async (method, url, body, headers = {}) => {
    const response = await service.server.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
    const answer = response.json<Record<string, unknown>>()
    if (response.statusCode >= 400)
      throw new Error(
        `${method} ${url}: ${typeof answer.detail === 'string' ? answer.detail : response.statusCode}`,
      )
    return answer
  }
}

async function datasetId(service: RunningService, key: string, call: Call): Promise<string> {
  const existing = (await call('GET', '/api/v1/datasets')).items as { id: string; name: string }[]
  const found = existing.find((d) => d.name === 'sp500-2000.csv')
  if (found !== undefined) return found.id
  const response = await service.server.app.inject({
    method: 'POST',
    url: '/api/v1/datasets?name=sp500-2000.csv',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    payload: readFileSync(SP500),
  })
  return response.json<{ id: string }>().id
}

async function finishedBacktest(call: Call, dataset: string): Promise<string> {
  const jobs = (await call('GET', '/api/v1/backtests?status=succeeded')).items as { id: string }[]
  if (jobs[0] !== undefined) return jobs[0].id
  const job = await call('POST', '/api/v1/backtests', {
    strategy: 'ma-crossover',
    params: { fast: 20, slow: 100 },
    datasetIds: [dataset],
    config: { commission: { basisPoints: 1 }, slippage: { model: 'fixed-bps', basisPoints: 2 } },
  })
  for (;;) {
    const state = await call('GET', `/api/v1/backtests/${String(job.id)}`)
    if (state.status === 'succeeded') return job.id as string
    if (state.status === 'failed' || state.status === 'cancelled')
      throw new Error(`the demo backtest ${state.status}: ${String(state.error)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function sweep(): void {
  const out = join(dataDir, 'sweeps')
  const done = (() => {
    try {
      return readdirSync(out).some((name) => name.startsWith('sweep-'))
    } catch {
      return false
    }
  })()
  if (done) return
  execFileSync(
    process.execPath,
    [
      BIN,
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      SP500,
      '--param',
      'fast=5:25:5',
      '--param',
      'slow=40:100:20',
      '--param',
      'average=sma',
      '--out',
      out,
      '--json',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
}

async function aPosition(call: Call): Promise<void> {
  const positions = (await call('GET', '/api/v1/positions')).items as unknown[]
  if (positions.length > 0) return
  await call('POST', '/api/v1/market/quotes', { instrumentId: 'SPY.PAPER', bid: '512.40', ask: '512.45' })
  await call(
    'POST',
    '/api/v1/orders',
    { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '100' },
    { 'idempotency-key': 'demo-first-order' },
  )
  // A market order fills on the next quote; the one after marks the position.
  await call('POST', '/api/v1/market/quotes', { instrumentId: 'SPY.PAPER', bid: '512.40', ask: '512.45' })
  await call('POST', '/api/v1/market/quotes', { instrumentId: 'SPY.PAPER', bid: '515.10', ask: '515.15' })
}

// Request logs would bury the URL and the key: warnings and errors only, unless asked.
const config = loadServiceConfig(undefined, process.env, {
  dataDir,
  port: values.port,
  logLevel: process.env.TRADEPULSE_LOG_LEVEL ?? 'warn',
})
const service = await startService(config)
const { key } = await createApiKey(service.context.keys, 'demo admin', ['admin'], Date.now())
const call = caller(service, key)
const dataset = await datasetId(service, key, call)
const run = await finishedBacktest(call, dataset)
sweep()
await aPosition(call)
process.stdout.write(
  [
    '',
    `TradePulse dashboard: ${service.url}/`,
    `admin key (shown once): ${key}`,
    `a finished backtest: ${service.url}/backtests/${run}`,
    `API docs: ${service.url}/docs`,
    'Ctrl-C stops the server.',
    '',
  ].join('\n'),
)
await new Promise<void>((resolve) => {
  const stop = (): void => {
    resolve()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
})
await service.close()
