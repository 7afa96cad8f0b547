import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Scope, createApiKey } from './api-keys.ts'
import { type TestService, openTestService } from './testing/test-service.ts'

/**
 * Every route in the table, whatever it is: a missing key, a revoked key and a key without the
 * route's scope are refused before the handler runs; the right key gets past authentication.
 */
let service: TestService
const keys: Partial<Record<Scope | 'none' | 'revoked', string>> = {}

beforeAll(async () => {
  service = await openTestService()
  const repo = service.context.keys
  for (const scope of ['read', 'trade', 'admin'] as const)
    keys[scope] = (await createApiKey(repo, scope, [scope], 1)).key
  keys.none = (await createApiKey(repo, 'no scope', [], 1)).key
  const revoked = await createApiKey(repo, 'revoked', ['admin'], 1)
  await repo.revoke(revoked.record.id, 2)
  keys.revoked = revoked.key
})
afterAll(async () => {
  await service.dispose()
})

/** The scope just below `required`: what must not be enough. */
const BELOW: Readonly<Record<Scope, 'none' | Scope>> = { read: 'none', trade: 'read', admin: 'trade' }

async function status(method: string, url: string, key: string | undefined): Promise<number> {
  const response = await service.server.app.inject({
    method: method as 'GET',
    url: url.replace(/:[a-zA-Z]+/g, 'no-such-id'),
    headers: {
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      'content-type': 'application/json',
      'idempotency-key': 'route-table',
    },
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
  })
  return response.statusCode
}

describe('the route table', () => {
  it('declares access on every route, and keeps the public ones few', () => {
    expect(service.server.routes.length).toBeGreaterThan(25)
    const open = service.server.routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)
    expect(open.sort()).toEqual([
      'GET /api/v1/errors/:code',
      'GET /api/v1/openapi.json',
      'GET /api/v1/session',
      'GET /healthz',
      'GET /metrics',
      'GET /readyz',
      'POST /api/v1/session',
    ])
  })

  it('refuses a missing key, a revoked key and a key without the scope; admits the right one', async () => {
    for (const route of service.server.routes) {
      if (route.access === 'public') continue
      const where = `${route.method} ${route.url}`
      expect(await status(route.method, route.url, undefined), `${where} without a key`).toBe(401)
      expect(await status(route.method, route.url, keys.revoked), `${where} with a revoked key`).toBe(401)
      expect(
        await status(
          route.method,
          route.url,
          'tp_000000000000_not-a-real-key-at-all-not-a-real-key-at-allxx',
        ),
        `${where} with an unknown key`,
      ).toBe(401)
      expect(
        await status(route.method, route.url, keys[BELOW[route.access]]),
        `${where} with a key below ${route.access}`,
      ).toBe(403)
      // Past authentication the route may still refuse the empty request (400, 404, 409…), never as 401/403.
      if (route.url.endsWith('/events')) continue // a stream: checked in events.test.ts
      const admitted = await status(route.method, route.url, keys[route.access])
      expect([401, 403], `${where} with the ${route.access} scope answered ${admitted}`).not.toContain(
        admitted,
      )
      expect(admitted, where).toBeLessThan(500)
    }
  })
})
