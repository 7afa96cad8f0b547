import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCookie, sessionCookie } from './cookies.ts'
import { SessionStore, csrfTokenMatches } from './sessions.ts'
import { type TestService, openTestService } from './testing/test-service.ts'

/**
 * The dashboard's sign-in: an API key exchanged for an httpOnly, SameSite=Strict cookie; writes
 * through the cookie need the session's CSRF token; bearer keys work as before.
 */
let service: TestService

beforeAll(async () => {
  service = await openTestService()
})
afterAll(async () => {
  await service.dispose()
})

interface SignedIn {
  readonly cookie: string
  readonly setCookie: string
  readonly csrfToken: string
  readonly body: Record<string, unknown>
}

async function signIn(apiKey: string, target: TestService = service): Promise<SignedIn> {
  const response = await target.server.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ apiKey }),
  })
  expect(response.statusCode, response.body).toBe(201)
  const setCookie = String(response.headers['set-cookie'])
  const value = /^tp_session=([^;]+)/.exec(setCookie)?.[1]
  expect(value, setCookie).toBeDefined()
  const body = response.json<Record<string, unknown>>()
  return { cookie: `tp_session=${value!}`, setCookie, csrfToken: String(body.csrfToken), body }
}

async function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
  const response = await service.server.app.inject({
    method,
    url,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })
  return {
    status: response.statusCode,
    json: response.body === '' ? {} : response.json<Record<string, unknown>>(),
    headers: response.headers,
  }
}

describe('POST /api/v1/session', () => {
  it('sets an httpOnly, SameSite=Strict, Path=/ cookie that expires with the session, not Secure over plain HTTP', async () => {
    const { setCookie, body } = await signIn(await service.key('trade'))
    expect(setCookie).toMatch(/^tp_session=[A-Za-z0-9_-]{43}; /)
    expect(setCookie.split('; ').slice(1)).toEqual(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=28800'])
    expect(body).toMatchObject({ scopes: ['trade'], via: 'session' })
    expect(body.csrfToken, 'a 256-bit token').toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Date.parse(String(body.expiresAt)) - Date.now()).toBeGreaterThan(8 * 3_600_000 - 60_000)
  })

  it('marks the cookie Secure when configured for a TLS proxy', async () => {
    const behindTls = await openTestService({ secureCookies: 'always' })
    try {
      const { setCookie } = await signIn(await behindTls.key('read'), behindTls)
      expect(setCookie.split('; ')).toContain('Secure')
    } finally {
      await behindTls.dispose()
    }
  })

  it('refuses an unknown key with a problem naming the field, and sets no cookie', async () => {
    const answer = await call(
      'POST',
      '/api/v1/session',
      {},
      { apiKey: 'tp_000000000000_not-a-real-key-at-all-not-a-real-key-at-allxx' },
    )
    expect(answer.status).toBe(401)
    expect(answer.headers['content-type']).toContain('application/problem+json')
    expect(answer.json).toMatchObject({ code: 'API_UNAUTHORIZED', field: 'apiKey' })
    expect(answer.headers['set-cookie']).toBeUndefined()
  })
})

describe('a session cookie', () => {
  it('authenticates reads as the key, with its scopes, and says so', async () => {
    const { cookie, csrfToken } = await signIn(await service.key('read'))
    const me = await call('GET', '/api/v1/session', { cookie })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ scopes: ['read'], via: 'session', csrfToken })
    expect((await call('GET', '/api/v1/positions', { cookie })).status).toBe(200)
  })

  it('is refused on a write without the CSRF token, or with a wrong one, as problem+json, and nothing changes', async () => {
    const { cookie, csrfToken } = await signIn(await service.key('admin'))
    const trip = (headers: Record<string, string>): ReturnType<typeof call> =>
      call('POST', '/api/v1/risk/kill-switch/trip', { cookie, ...headers }, { reason: 'csrf test' })
    const missing = await trip({})
    expect(missing.status).toBe(403)
    expect(missing.headers['content-type']).toContain('application/problem+json')
    expect(missing.json).toMatchObject({ code: 'API_CSRF', field: 'x-csrf-token' })
    const wrong = await trip({
      'x-csrf-token': `${csrfToken.slice(0, -1)}${csrfToken.endsWith('A') ? 'B' : 'A'}`,
    })
    expect(wrong.json).toMatchObject({ status: 403, code: 'API_CSRF' })
    expect(service.context.desk.core.killSwitch.tripped, 'a refused trip left the switch alone').toBe(false)

    const right = await trip({ 'x-csrf-token': csrfToken })
    expect(right.status, JSON.stringify(right.json)).toBe(200)
    expect(service.context.desk.core.killSwitch.tripped).toBe(true)
    const reset = await call(
      'POST',
      '/api/v1/risk/kill-switch/reset',
      { cookie, 'x-csrf-token': csrfToken },
      { reason: 'csrf test done' },
    )
    expect(reset.status).toBe(200)
    expect(service.context.desk.core.killSwitch.tripped).toBe(false)
  })

  it('still obeys the scopes: a read key signed in cannot trade', async () => {
    const { cookie, csrfToken } = await signIn(await service.key('read'))
    const answer = await call(
      'POST',
      '/api/v1/risk/kill-switch/trip',
      { cookie, 'x-csrf-token': csrfToken },
      { reason: 'no' },
    )
    expect(answer.status).toBe(403)
    expect(answer.json).toMatchObject({ code: 'API_FORBIDDEN' })
  })

  it('is absent: GET /api/v1/session says no one is signed in, without an error; a wrong key is still refused', async () => {
    const none = await call('GET', '/api/v1/session', {})
    expect(none.status).toBe(200)
    expect(none.json).toEqual({ via: 'none' })
    const wrong = await call('GET', '/api/v1/session', { authorization: 'Bearer tp_nope' })
    expect(wrong.status).toBe(401)
  })

  it('does not concern bearer keys: a write with a key needs no token', async () => {
    const auth = await service.auth('admin')
    const me = await call('GET', '/api/v1/session', auth)
    expect(me.json).toMatchObject({ scopes: ['admin'], via: 'key', csrfToken: null, expiresAt: null })
    const trip = await call('POST', '/api/v1/risk/kill-switch/trip', auth, { reason: 'bearer' })
    expect(trip.status).toBe(200)
    const reset = await call('POST', '/api/v1/risk/kill-switch/reset', auth, { reason: 'bearer done' })
    expect(reset.status).toBe(200)
  })

  it('stops working once it expires', async () => {
    await service.key('read')
    const record = (await service.context.keys.list({ limit: 500 })).items.find(
      (k) => k.name === 'test read',
    )!
    // A session made a full lifetime ago, by the same store the server reads.
    const { id } = service.context.sessions.create(record, Date.now() - 8 * 3_600_000 - 1)
    const answer = await call('GET', '/api/v1/positions', { cookie: `tp_session=${id}` })
    expect(answer.status).toBe(401)
    expect(answer.json).toMatchObject({ code: 'API_UNAUTHORIZED', field: 'cookie' })
    expect(String(answer.json.detail)).toContain('expired')
    const me = await call('GET', '/api/v1/session', { cookie: `tp_session=${id}` })
    expect(me.status, 'asking who is signed in is not an error').toBe(200)
    expect(me.json).toEqual({ via: 'none' })
    expect(String(me.headers['set-cookie'])).toContain('Max-Age=0')
  })

  it('stops working when its key is revoked', async () => {
    const { cookie } = await signIn(await service.key('read', 'trade'))
    const record = (await service.context.keys.list({ limit: 500 })).items.find(
      (k) => k.name === 'test read+trade',
    )!
    await service.context.keys.revoke(record.id, Date.now())
    const answer = await call('GET', '/api/v1/positions', { cookie })
    expect(answer.status).toBe(401)
    expect(String(answer.json.detail)).toContain('revoked')
    expect((await call('GET', '/api/v1/session', { cookie })).json).toEqual({ via: 'none' })
  })
})

describe('DELETE /api/v1/session', () => {
  it('needs the CSRF token, then ends the session and clears the cookie', async () => {
    const { cookie, csrfToken } = await signIn(await service.key('trade'))
    expect((await call('DELETE', '/api/v1/session', { cookie })).status, 'sign-out is a write').toBe(403)
    const out = await call('DELETE', '/api/v1/session', { cookie, 'x-csrf-token': csrfToken })
    expect(out.status).toBe(204)
    expect(String(out.headers['set-cookie'])).toBe(
      'tp_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    )
    const after = await call('GET', '/api/v1/orders', { cookie })
    expect(after.status).toBe(401)
    expect(after.json).toMatchObject({ code: 'API_UNAUTHORIZED', field: 'cookie' })
    expect((await call('GET', '/api/v1/session', { cookie })).json).toEqual({ via: 'none' })
  })
})

describe('SessionStore', () => {
  const key = { id: 'abcdefabcdef', hash: 'f'.repeat(64) }

  it('keeps a session until its expiry and forgets it from then on', () => {
    const store = new SessionStore(1_000)
    const { id, session } = store.create(key, 5_000)
    expect(session).toMatchObject({ keyId: key.id, keyHash: key.hash, createdAt: 5_000, expiresAt: 6_000 })
    expect(store.get(id, 5_999)).toBe(session)
    expect(store.get(id, 6_000)).toBeUndefined()
    expect(store.size, 'an expired session is dropped when read').toBe(0)
  })

  it('sweeps expired sessions when a new one is made, and deletes on sign-out', () => {
    const store = new SessionStore(1_000)
    store.create(key, 0)
    const second = store.create(key, 500)
    expect(store.size).toBe(2)
    store.create(key, 1_200)
    expect(store.size, 'the first expired at 1000').toBe(2)
    expect(store.delete(second.id)).toBe(true)
    expect(store.delete(second.id)).toBe(false)
    expect(store.get(second.id, 1_200)).toBeUndefined()
  })

  it('compares CSRF tokens whole: a prefix, a longer string or nothing do not match', () => {
    const { session } = new SessionStore(1_000).create(key, 0)
    expect(csrfTokenMatches(session, session.csrfToken)).toBe(true)
    expect(csrfTokenMatches(session, session.csrfToken.slice(0, 10))).toBe(false)
    expect(csrfTokenMatches(session, `${session.csrfToken}x`)).toBe(false)
    expect(csrfTokenMatches(session, undefined)).toBe(false)
  })
})

describe('the session cookie header', () => {
  it('is read from among other cookies, quoted or not', () => {
    expect(readCookie('a=1; tp_session=abc; b=2', 'tp_session')).toBe('abc')
    expect(readCookie('tp_session="q-1"', 'tp_session')).toBe('q-1')
    expect(readCookie('tp_sessionx=1; x=tp_session', 'tp_session')).toBeUndefined()
    expect(readCookie(undefined, 'tp_session')).toBeUndefined()
  })

  it('is written with its flags, and Secure only when asked', () => {
    expect(sessionCookie('v', { secure: true, maxAgeSeconds: 60 })).toBe(
      'tp_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
    )
  })
})
