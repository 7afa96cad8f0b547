/**
 * The contract of the typed client with the real service: the quick-start flow over a socket
 * through `createTradePulseClient`, every response body checked against the schema that
 * openapi/v1.json declares for its route and status.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../api/api-keys.ts'
import { ServiceConfig } from '../api/config.ts'
import { type RunningService, startService } from '../api/service.ts'
import { type TradePulseClient, createTradePulseClient } from './index.ts'
import { OpenApiValidator } from './testing/openapi-validator.ts'

const SP500 = readFileSync(new URL('../../data/sp500-2000.csv', import.meta.url), 'utf8')
const validator = new OpenApiValidator(new URL('../../openapi/v1.json', import.meta.url))
const seen: string[] = []

let dir: string
let service: RunningService
let client: TradePulseClient

/** openapi-fetch's answer, its body checked against the document before the test reads it. */
async function conforming<T extends { data?: unknown; error?: unknown; response: Response }>(
  method: 'get' | 'post',
  path: string,
  answer: Promise<T>,
): Promise<T> {
  const result = await answer
  const { response } = result
  const body: unknown = result.data ?? result.error
  const errors = validator.errors({
    path,
    method,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
  })
  seen.push(`${method.toUpperCase()} ${path} ${response.status}`)
  expect(errors, `${path} answered ${response.status}: ${JSON.stringify(body)}`).toEqual([])
  return result
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tradepulse-client-'))
  service = await startService(ServiceConfig.parse({ dataDir: dir, port: 0, logLevel: 'silent' }))
  const { key } = await createApiKey(service.context.keys, 'client contract', ['trade'], Date.now())
  client = createTradePulseClient({
    baseUrl: service.url,
    apiKey: key,
  })
})

afterAll(async () => {
  await service.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the typed client against the running service', () => {
  it('uploads a data set, backtests it, trades, feeds a quote and reads the position', async () => {
    // The upload route reads the raw body, and the document declares no request body for it, so
    // openapi-fetch types `body` as never here: the CSV text goes through as it is.
    const upload = await conforming(
      'post',
      '/api/v1/datasets',
      client.POST('/api/v1/datasets', {
        params: { query: { name: 'sp500-2000.csv' } },
        body: SP500 as never,
        bodySerializer: () => SP500,
        headers: { 'content-type': 'text/csv' },
      }),
    )
    expect(upload.response.status).toBe(201)
    expect(upload.data).toMatchObject({ name: 'sp500-2000.csv', format: 'csv', rowCount: 5105 })
    const datasetId = upload.data!.id

    const started = await conforming(
      'post',
      '/api/v1/backtests',
      client.POST('/api/v1/backtests', {
        body: { strategy: 'ma-crossover', params: { fast: 20, slow: 100 }, datasetIds: [datasetId] },
      }),
    )
    expect(started.response.status).toBe(202)
    let job = started.data!
    for (let i = 0; i < 600 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      const polled = await conforming(
        'get',
        '/api/v1/backtests/{id}',
        client.GET('/api/v1/backtests/{id}', { params: { path: { id: job.id } } }),
      )
      job = polled.data!
    }
    expect(job).toMatchObject({ status: 'succeeded', progress: 1, error: null })

    const order = {
      instrumentId: 'SPY.PAPER',
      side: 'buy',
      type: 'market',
      quantity: '10',
      timeInForce: 'IOC',
    } as const
    const submitted = await conforming(
      'post',
      '/api/v1/orders',
      client.POST('/api/v1/orders', {
        params: { header: { 'idempotency-key': 'client-contract-1' } },
        body: order,
      }),
    )
    expect(submitted.response.status).toBe(201)
    expect(submitted.data).toMatchObject({ status: 'accepted', quantity: '10', side: 'buy' })
    const retried = await conforming(
      'post',
      '/api/v1/orders',
      client.POST('/api/v1/orders', {
        params: { header: { 'idempotency-key': 'client-contract-1' } },
        body: order,
      }),
    )
    expect(retried.response.status, 'a retry with the same key is answered, not placed again').toBe(200)
    expect(retried.data?.orderId).toBe(submitted.data?.orderId)

    const quote = await conforming(
      'post',
      '/api/v1/market/quotes',
      client.POST('/api/v1/market/quotes', {
        body: { instrumentId: 'SPY.PAPER', bid: '450.00', ask: '450.02' },
      }),
    )
    expect(quote.data).toMatchObject({ fills: 1 })

    const positions = await conforming('get', '/api/v1/positions', client.GET('/api/v1/positions'))
    expect(positions.data?.items).toContainEqual(
      expect.objectContaining({ instrumentId: 'SPY.PAPER', quantity: '10', side: 'long' }),
    )
    const filled = await conforming(
      'get',
      '/api/v1/orders/{id}',
      client.GET('/api/v1/orders/{id}', { params: { path: { id: submitted.data!.orderId } } }),
    )
    expect(filled.data).toMatchObject({
      status: 'filled',
      filledQuantity: '10',
      averageFillPrice: '450.02000000',
    })

    expect(new Set(seen)).toEqual(
      new Set([
        'POST /api/v1/datasets 201',
        'POST /api/v1/backtests 202',
        'GET /api/v1/backtests/{id} 200',
        'POST /api/v1/orders 201',
        'POST /api/v1/orders 200',
        'POST /api/v1/market/quotes 202',
        'GET /api/v1/positions 200',
        'GET /api/v1/orders/{id} 200',
      ]),
    )
    expect(validator.checked.size, 'every response had a body schema to check').toBe(8)
  })

  it('sends the key on every call: a client with an unknown key is refused', async () => {
    const stranger = createTradePulseClient({ baseUrl: service.url, apiKey: 'tp_000000000000_unknown' })
    const answer = await stranger.GET('/api/v1/positions')
    expect(answer.response.status).toBe(401)
    expect(answer.error).toMatchObject({ code: 'API_UNAUTHORIZED', field: 'authorization' })
    expect(
      validator.errors({
        path: '/api/v1/positions',
        method: 'get',
        status: 401,
        contentType: answer.response.headers.get('content-type') ?? '',
        body: answer.error,
      }),
      'the document declares no error responses yet',
    ).toEqual(['GET /api/v1/positions 401: the document declares no such response'])
  })

  it('finds a body that strays from the document: a missing member, a wrong type, an extra one', () => {
    const errors = validator.errors({
      path: '/api/v1/positions',
      method: 'get',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { items: [{ instrumentId: 7, surprise: true }] },
    })
    expect(errors).toContain('GET /api/v1/positions 200: body/items/0/instrumentId must be string')
    expect(errors).toContain('GET /api/v1/positions 200: body/items/0 must NOT have additional properties')
    expect(errors.some((e) => e.includes("must have required property 'quantity'"))).toBe(true)
    expect(
      validator.errors({
        path: '/api/v1/positions',
        method: 'get',
        status: 200,
        contentType: 'text/html',
        body: '',
      }),
    ).toEqual(['GET /api/v1/positions 200: content type text/html is not one of application/json'])
  })
})
