import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Response as LightMyRequestResponse } from 'light-my-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, resolveAssetPath } from './dashboard.ts'
import { type TestService, openTestService } from './testing/test-service.ts'

/**
 * The dashboard's files at `/`: a small build written by hand (index.html and a hashed asset),
 * served by a real service; and the 503 page when there is no build.
 */
const INDEX =
  '<!doctype html><html lang="en"><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body></body></html>'
const SCRIPT = 'document.body.textContent = "ok"\n'

let web: string
let service: TestService

beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), 'tradepulse-web-'))
  mkdirSync(join(web, 'assets'))
  writeFileSync(join(web, 'index.html'), INDEX)
  writeFileSync(join(web, 'assets', 'app-1a2b3c.js'), SCRIPT)
  writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(web, '.secret'), 'not for the web')
  service = await openTestService({ webDir: web })
})
afterAll(async () => {
  await service.dispose()
  rmSync(web, { recursive: true, force: true })
})

async function get(url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET'): Promise<LightMyRequestResponse> {
  return service.server.app.inject({ method, url })
}

describe('the dashboard at /', () => {
  it('serves index.html, revalidated on every load, under a CSP without inline scripts', async () => {
    const response = await get('/')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.body).toBe(INDEX)
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    )
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
  })

  it('answers client-side routes with index.html, so a reload of /backtests/42 works', async () => {
    for (const route of ['/backtests/42', '/trading', '/data/sets/abc?tab=chart']) {
      const response = await get(route)
      expect(response.statusCode, route).toBe(200)
      expect(response.body, route).toBe(INDEX)
    }
  })

  it('serves hashed assets for a year and other files revalidated', async () => {
    const script = await get('/assets/app-1a2b3c.js')
    expect(script.statusCode).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(script.body).toBe(SCRIPT)
    const icon = await get('/favicon.svg')
    expect(icon.headers['content-type']).toBe('image/svg+xml')
    expect(icon.headers['cache-control']).toBe('no-cache')
    expect((await get('/assets/app-1a2b3c.js', 'HEAD')).statusCode).toBe(200)
  })

  it('answers 404 for a file that does not exist, a dot file or a path out of the root', async () => {
    for (const url of [
      '/assets/app-000000.js',
      '/.secret',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
    ]) {
      const response = await get(url)
      expect(response.statusCode, url).toBe(404)
      expect(response.headers['content-type'], url).toContain('application/problem+json')
    }
  })

  it('leaves the API its own 404s and other methods theirs', async () => {
    const api = await get('/api/v1/no-such-route')
    expect(api.statusCode).toBe(404)
    expect(api.json()).toMatchObject({ code: 'API_NOT_FOUND', detail: 'no route GET /api/v1/no-such-route' })
    expect((await get('/', 'POST')).statusCode).toBe(404)
  })

  it('answers 503 with a page saying how to build it when there is no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tradepulse-web-empty-'))
    const bare = await openTestService({ webDir: empty })
    try {
      const response = await bare.server.app.inject({ method: 'GET', url: '/backtests/1' })
      expect(response.statusCode).toBe(503)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(response.body).toContain('<code>make web</code>')
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    } finally {
      await bare.dispose()
      rmSync(empty, { recursive: true, force: true })
    }
  })
})

describe('resolveAssetPath', () => {
  it('keeps paths inside the root and refuses the rest', () => {
    expect(resolveAssetPath('/srv/web', '/assets/a.js')).toBe('/srv/web/assets/a.js')
    expect(resolveAssetPath('/srv/web', '/a/../b.js')).toBe('/srv/web/b.js')
    expect(resolveAssetPath('/srv/web', '/../web2/x.js'), 'a leading .. cannot climb above /').toBe(
      '/srv/web/web2/x.js',
    )
    expect(resolveAssetPath('/srv/web', '/%E0%A4%A')).toBeUndefined()
    expect(resolveAssetPath('/srv/web', '/a%00.js')).toBeUndefined()
    expect(resolveAssetPath('/srv/web', '/.env')).toBeUndefined()
  })
})
