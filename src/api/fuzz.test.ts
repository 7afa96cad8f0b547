import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestService, openTestService } from './testing/test-service.ts'

/**
 * Random and malformed requests at every route: the server never answers 5xx, and a request it
 * refuses (4xx) changes nothing stored — orders, the journal, data sets, jobs, keys, risk state.
 */
let service: TestService
let key: string

beforeAll(async () => {
  service = await openTestService({ rateLimitMax: 1_000_000 })
  key = await service.key('admin')
})
afterAll(async () => {
  await service.dispose()
})

async function snapshot(): Promise<string> {
  const { context } = service
  const core = context.desk.core
  const [datasets, jobs, keys] = await Promise.all([
    context.datasets.list({ limit: 500 }),
    context.jobs.list({ limit: 500 }),
    context.keys.list({ limit: 500 }),
  ])
  return JSON.stringify({
    orders: core.manager.orders().map((o) => [o.orderId, o.status, o.quantity, o.filledQuantity]),
    journal: context.desk.journal.lastSeq,
    killSwitch: core.killSwitch.tripped,
    limits: JSON.stringify(core.risk.limits('account'), (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    ),
    datasets: datasets.items.map((d) => d.id),
    jobs: jobs.items.map((j) => [j.id, j.status]),
    keys: keys.items.map((k) => [k.id, k.revokedAt]),
  })
}

const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    '[]',
    '{}',
    '%00',
    '../../etc/passwd',
    'SPY.PAPER',
    '💥',
    'a'.repeat(300),
  ),
)
const body = fc.oneof(
  fc.json(),
  fc.string(),
  fc.record(
    {
      instrumentId: text,
      side: text,
      type: text,
      quantity: fc.oneof(text, fc.double(), fc.integer()),
      price: fc.oneof(text, fc.double()),
      reason: text,
      strategy: text,
      datasetIds: fc.array(text),
      bid: fc.oneof(text, fc.double()),
      ask: fc.oneof(text, fc.double()),
    },
    { requiredKeys: [] },
  ),
)

describe('malformed requests', () => {
  it('never get a 5xx, and a refused one changes nothing stored', async () => {
    const routes = service.server.routes.filter((r) => !r.url.endsWith('/events'))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        text,
        fc.array(
          fc.tuple(
            fc.constantFrom('limit', 'cursor', 'status', 'name', 'policy', 'side', 'instrumentId', 'x'),
            text,
          ),
          { maxLength: 3 },
        ),
        fc.constantFrom(
          'application/json',
          'text/csv',
          'application/octet-stream',
          'text/html',
          'application/x-www-form-urlencoded',
          undefined,
        ),
        fc.option(text, { nil: undefined }),
        fc.option(body, { nil: undefined }),
        fc.boolean(),
        async (route, param, query, contentType, idempotencyKey, payload, authorised) => {
          const before = await snapshot()
          const search = new URLSearchParams(query).toString()
          const url =
            route.url.replace(/:[a-zA-Z]+/g, encodeURIComponent(param) || 'x') +
            (search === '' ? '' : `?${search}`)
          const response = await service.server.app.inject({
            method: route.method as 'GET',
            url,
            headers: {
              ...(authorised ? { authorization: `Bearer ${key}` } : {}),
              ...(contentType === undefined ? {} : { 'content-type': contentType }),
              ...(idempotencyKey === undefined
                ? {}
                : { 'idempotency-key': idempotencyKey.replace(/[^\x21-\x7e]/g, '') || 'k' }),
            },
            ...(payload === undefined || route.method === 'GET'
              ? {}
              : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
          })
          expect(response.statusCode, `${route.method} ${url}: ${response.body}`).toBeLessThan(500)
          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toContain('application/problem+json')
            expect(await snapshot(), `${route.method} ${url} was refused but changed state`).toBe(before)
          }
        },
      ),
      { numRuns: 400 },
    )
  })
})
