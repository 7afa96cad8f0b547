import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestService, openTestService } from './testing/test-service.ts'

const SP500 = readFileSync(new URL('../../data/sp500-2000.csv', import.meta.url))
let service: TestService

beforeAll(async () => {
  service = await openTestService()
})
afterAll(async () => {
  await service.dispose()
})

interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | number | undefined>
  json(): Record<string, unknown> & { items?: Record<string, unknown>[] }
  readonly text: string
}

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: { headers?: Record<string, string>; body?: unknown; payload?: Buffer } = {},
): Promise<Answer> {
  const response = await service.server.app.inject({
    method,
    url,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.payload !== undefined
      ? { payload: options.payload }
      : options.body === undefined
        ? {}
        : { payload: JSON.stringify(options.body) }),
  })
  return {
    status: response.statusCode,
    headers: response.headers,
    json: () => response.json<Record<string, unknown> & { items?: Record<string, unknown>[] }>(),
    text: response.body,
  }
}

describe('the API', () => {
  it('answers health and readiness without a key, with the API version on every response', async () => {
    const live = await call('GET', '/healthz')
    expect(live.status).toBe(200)
    expect(live.headers['api-version']).toBe('1.0.0')
    const ready = await call('GET', '/readyz')
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: { status: 'ok', detail: 'sqlite' } },
    })
  })

  it('uploads a CSV, runs a backtest on it as a job and serves its metrics and report', async () => {
    const trade = await service.auth('trade')
    const upload = await call('POST', '/api/v1/datasets?name=sp500.csv', {
      headers: { ...trade, 'content-type': 'text/csv' },
      payload: SP500,
    })
    expect(upload.status).toBe(201)
    const dataset = upload.json()
    expect(dataset).toMatchObject({ name: 'sp500.csv', format: 'csv', rowCount: 5105 })
    // The same bytes again are the same data set.
    const again = await call('POST', '/api/v1/datasets?name=copy.csv', {
      headers: { ...trade, 'content-type': 'text/csv' },
      payload: SP500,
    })
    expect(again.status).toBe(200)
    expect(again.json().id).toBe(dataset.id)

    const created = await call('POST', '/api/v1/backtests', {
      headers: trade,
      body: { strategy: 'ma-crossover', params: { fast: 20, slow: 100 }, datasetIds: [dataset.id] },
    })
    expect(created.status).toBe(202)
    const id = created.json().id as string
    expect(created.headers.location).toBe(`/api/v1/backtests/${id}`)
    let job = created.json()
    for (let i = 0; i < 600 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      job = (await call('GET', `/api/v1/backtests/${id}`, { headers: trade })).json()
    }
    expect(job).toMatchObject({ status: 'succeeded', progress: 1 })
    const metrics = (await call('GET', `/api/v1/backtests/${id}/metrics`, { headers: trade })).json() as {
      points: number
      strategy: { startEquity: number }
    }
    expect(metrics.points).toBe(5105)
    expect(metrics.strategy.startEquity).toBe(1_000_000)
    const report = await call('GET', `/api/v1/backtests/${id}/report`, { headers: trade })
    expect(report.headers['content-type']).toContain('text/html')
    expect(report.text).toContain('<html')
    // A finished job cannot be cancelled.
    expect((await call('POST', `/api/v1/backtests/${id}/cancel`, { headers: trade })).json()).toMatchObject({
      status: 409,
      code: 'API_CONFLICT',
    })
  })

  it('serves the last bars of a data set as chart columns', async () => {
    const trade = await service.auth('trade')
    const upload = await call('POST', '/api/v1/datasets?name=sp500.csv', {
      headers: { ...trade, 'content-type': 'text/csv' },
      payload: SP500,
    })
    expect(upload.status, 'uploaded by the test above').toBe(200)
    const id = String(upload.json().id)
    const bars = await call('GET', `/api/v1/datasets/${id}/bars?limit=2`, {
      headers: await service.auth('read'),
    })
    expect(bars.status).toBe(200)
    expect(bars.json()).toEqual({
      datasetId: id,
      total: 5105,
      time: ['2020-04-16T00:00:00.000Z', '2020-04-17T00:00:00.000Z'],
      open: [2799.340088, 2842.429932],
      high: [2806.51001, 2879.219971],
      low: [2764.320068, 2830.879883],
      close: [2799.550049, 2874.560059],
      volume: [5179990000, 5792140000],
    })
    const missing = await call('GET', '/api/v1/datasets/nope/bars', { headers: await service.auth('read') })
    expect(missing.json()).toMatchObject({ status: 404, code: 'API_NOT_FOUND', field: 'id' })
  })

  it('refuses a file that fails strict validation with its report, and stores nothing', async () => {
    const trade = await service.auth('trade')
    const before = (await call('GET', '/api/v1/datasets', { headers: trade })).json().items!.length
    const broken = Buffer.from(
      'date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10,9,11,10,100\n',
    )
    const response = await call('POST', '/api/v1/datasets?name=broken.csv', {
      headers: { ...trade, 'content-type': 'text/csv' },
      payload: broken,
    })
    expect(response.status).toBe(400)
    expect(response.headers['content-type']).toContain('application/problem+json')
    const problem = response.json()
    expect(problem).toMatchObject({ code: 'DATA_INVALID_BAR', type: '/api/v1/errors/DATA_INVALID_BAR' })
    expect(String(problem.detail)).toContain('broken.csv:3')
    expect((problem.report as { issues: unknown[] }).issues.length).toBeGreaterThan(0)
    expect((await call('GET', '/api/v1/datasets', { headers: trade })).json().items!.length).toBe(before)
  })

  it('takes an order once per Idempotency-Key, fills it on the next quote and shows the position', async () => {
    const trade = await service.auth('trade')
    const order = {
      instrumentId: 'QQQ.PAPER',
      side: 'buy',
      type: 'market',
      quantity: '25',
      timeInForce: 'IOC',
    }
    const first = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'buy-qqq-1' },
      body: order,
    })
    expect(first.status).toBe(201)
    expect(first.json()).toMatchObject({ status: 'accepted', quantity: '25' })
    const retry = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'buy-qqq-1' },
      body: order,
    })
    expect(retry.status).toBe(200)
    expect(retry.json().orderId).toBe(first.json().orderId)
    const reused = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'buy-qqq-1' },
      body: { ...order, quantity: '26' },
    })
    expect(reused.json()).toMatchObject({
      status: 422,
      code: 'API_IDEMPOTENCY_CONFLICT',
      field: 'idempotency-key',
    })

    const quote = await call('POST', '/api/v1/market/quotes', {
      headers: trade,
      body: { instrumentId: 'QQQ.PAPER', bid: '400.00', ask: '400.05' },
    })
    expect(quote.json()).toMatchObject({ fills: 1 })
    const positions = (await call('GET', '/api/v1/positions', { headers: trade })).json().items!
    expect(positions).toContainEqual(
      expect.objectContaining({
        instrumentId: 'QQQ.PAPER',
        quantity: '25',
        side: 'long',
        averagePrice: '400.05000000',
      }),
    )
    const fills = (
      await call('GET', `/api/v1/orders/${String(first.json().orderId)}/fills`, { headers: trade })
    ).json().items!
    expect(fills).toEqual([expect.objectContaining({ quantity: '25', price: '400.05', side: 'buy' })])
    const filled = (
      await call('GET', `/api/v1/orders/${String(first.json().orderId)}`, { headers: trade })
    ).json()
    expect(filled).toMatchObject({ status: 'filled', filledQuantity: '25', averageFillPrice: '400.05000000' })
  })

  it('answers a retry from the journal when the server stopped between journaling an order and recording its answer', async () => {
    const trade = await service.auth('trade')
    const order = { instrumentId: 'QQQ.PAPER', side: 'sell', type: 'limit', quantity: '3', price: '900.00' }
    const first = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'lost-answer-1' },
      body: order,
    })
    expect(first.status).toBe(201)
    // What a crash before the answer's commit leaves: the order journaled, its answer not recorded.
    await service.context.idempotency.commit()
    await service.context.db.execute("DELETE FROM idempotency_keys WHERE key = 'lost-answer-1'")
    const before = (await call('GET', '/api/v1/orders?limit=100', { headers: trade })).json().items!.length

    const different = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'lost-answer-1' },
      body: { ...order, side: 'buy' },
    })
    expect(different.json(), 'the journal still knows the first request').toMatchObject({
      code: 'API_IDEMPOTENCY_CONFLICT',
    })
    const retry = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'lost-answer-1' },
      body: order,
    })
    expect(retry.status).toBe(200)
    expect(retry.json().orderId).toBe(first.json().orderId)
    const after = (await call('GET', '/api/v1/orders?limit=100', { headers: trade })).json().items!.length
    expect(after, 'no second order').toBe(before)
    const again = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'lost-answer-1' },
      body: order,
    })
    expect(again.json().orderId, 'the answer is recorded again').toBe(first.json().orderId)
  })

  it('lists orders newest first by cursor, with filters', async () => {
    const trade = await service.auth('trade')
    for (let i = 0; i < 5; i++)
      await call('POST', '/api/v1/orders', {
        headers: { ...trade, 'idempotency-key': `page-${i}` },
        body: {
          instrumentId: 'SPY.PAPER',
          side: 'sell',
          type: 'limit',
          quantity: '1',
          price: `${500 + i}.00`,
        },
      })
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = (
        await call(
          'GET',
          `/api/v1/orders?instrumentId=SPY.PAPER&side=sell&limit=2${cursor === undefined ? '' : `&cursor=${cursor}`}`,
          { headers: trade },
        )
      ).json()
      seen.push(...page.items!.map((o) => String(o.price)))
      cursor = page.nextCursor as string | undefined
    } while (cursor !== undefined)
    expect(seen).toEqual(['504.00', '503.00', '502.00', '501.00', '500.00'])
    const bad = await call('GET', '/api/v1/orders?cursor=nonsense', { headers: trade })
    expect(bad.json()).toMatchObject({ status: 400, field: 'querystring.cursor' })
  })

  it('names the field at fault: off the tick grid, a missing field, a wrong type', async () => {
    const trade = { ...(await service.auth('trade')), 'idempotency-key': 'bad-1' }
    const offGrid = await call('POST', '/api/v1/orders', {
      headers: trade,
      body: { instrumentId: 'SPY.PAPER', side: 'buy', type: 'limit', quantity: '1', price: '100.005' },
    })
    expect(offGrid.json()).toMatchObject({ status: 400, code: 'DOMAIN_OFF_GRID', field: 'price' })
    const missing = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'bad-2' },
      body: { instrumentId: 'SPY.PAPER', type: 'market', quantity: '1' },
    })
    expect(missing.json()).toMatchObject({ status: 400, code: 'API_VALIDATION', field: 'body.side' })
    const noKey = await call('POST', '/api/v1/orders', {
      headers: await service.auth('trade'),
      body: { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '1' },
    })
    expect(noKey.json()).toMatchObject({
      status: 400,
      code: 'API_VALIDATION',
      field: 'headers.idempotency-key',
    })
  })

  it('lets only an admin key trip and reset the kill switch, which then refuses orders', async () => {
    const trade = await service.auth('trade')
    const admin = await service.auth('admin')
    expect(
      (
        await call('POST', '/api/v1/risk/kill-switch/trip', { headers: trade, body: { reason: 'drill' } })
      ).json(),
    ).toMatchObject({ status: 403, code: 'API_FORBIDDEN' })
    const tripped = await call('POST', '/api/v1/risk/kill-switch/trip', {
      headers: admin,
      body: { reason: 'drill' },
    })
    expect(tripped.json()).toMatchObject({ killSwitch: { tripped: true } })
    const refused = await call('POST', '/api/v1/orders', {
      headers: { ...trade, 'idempotency-key': 'while-tripped' },
      body: { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '1' },
    })
    expect(refused.json()).toMatchObject({ status: 'rejected', rejectCode: 'kill-switch' })
    expect(refused.status).toBe(201)
    const reset = await call('POST', '/api/v1/risk/kill-switch/reset', {
      headers: admin,
      body: { reason: 'drill over' },
    })
    expect(reset.json()).toMatchObject({ killSwitch: { tripped: false } })
  })

  it('changes risk limits with the admin scope, money in the account currency', async () => {
    const admin = await service.auth('admin')
    const changed = await call('PUT', '/api/v1/risk/limits/account', {
      headers: admin,
      body: { maxOrderQuantity: 1000, maxDailyLoss: '25000.50', reason: 'tighter' },
    })
    expect(changed.json()).toMatchObject({
      limits: { account: { maxOrderQuantity: 1000, maxDailyLoss: '25000.500000' } },
    })
    const refused = await call('POST', '/api/v1/orders', {
      headers: { ...admin, 'idempotency-key': 'too-big' },
      body: { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '1001' },
    })
    expect(refused.json()).toMatchObject({ status: 'rejected', rejectCode: 'max-order-quantity' })
  })

  it('serves a deprecated alias with Deprecation, Sunset and a Link to its successor', async () => {
    const read = await service.auth('read')
    const alias = await call('GET', '/api/v1/portfolio/positions', { headers: read })
    expect(alias.status).toBe(200)
    expect(alias.headers.deprecation).toBe('true')
    expect(alias.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT')
    expect(alias.headers.link).toBe('</api/v1/positions>; rel="successor-version"')
    expect(alias.json()).toEqual((await call('GET', '/api/v1/positions', { headers: read })).json())
  })

  it('answers unknown routes and error types as problems, and resolves every problem type', async () => {
    const missing = await call('GET', '/api/v1/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'API_NOT_FOUND', type: '/api/v1/errors/API_NOT_FOUND' })
    const type = await call('GET', '/api/v1/errors/API_RATE_LIMITED')
    expect(type.json()).toMatchObject({ code: 'API_RATE_LIMITED', status: 429 })
  })

  it('publishes an OpenAPI 3.1 document with every route', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).json() as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
    }
    expect(doc.openapi).toBe('3.1.0')
    for (const route of service.server.routes) {
      if (!route.url.startsWith('/api/v1/') || route.url === '/api/v1/openapi.json') continue
      const path = route.url.replace(/:([a-zA-Z]+)/g, '{$1}')
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined()
    }
  })
})
