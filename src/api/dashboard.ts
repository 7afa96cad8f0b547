/**
 * The web dashboard's static files (web/, built by `make web` into dist/web/), served at `/` by
 * the same process as the API so that the page, its API calls and its session cookie share one
 * origin. Any GET the API does not answer lands here (server.ts's not-found handler):
 * - a path whose last segment has a dot is a file: served if it exists under the root, else 404;
 * - any other path is a client-side route (`/backtests/42`): index.html, whose script reads it;
 * - without a build, every such request gets a 503 page saying how to build it.
 * Hashed files under assets/ never change, so they are cached for a year; index.html and the
 * rest are revalidated on every load, so a new build is picked up at once.
 *
 * Every response carries a Content-Security-Policy that allows only the origin's own scripts,
 * styles and connections: no inline script or style, no CDN, no framing.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyReply } from 'fastify'
import type { ServiceConfig } from './config.ts'
import { PROBLEM_CONTENT_TYPE, problem } from './problem.ts'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Where the built dashboard is: `webDir`, else dist/web/ of this package (from src/api or dist/api). */
export function dashboardRoot(config: Pick<ServiceConfig, 'webDir'>): string {
  return resolve(config.webDir ?? fileURLToPath(new URL('../../dist/web/', import.meta.url)))
}

/** GET and HEAD outside the API's own prefixes belong to the dashboard. */
export function isDashboardRequest(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  const path = url.split('?')[0] ?? ''
  return !(path.startsWith('/api/') || path === '/api' || path.startsWith('/docs') || path === '/metrics')
}

/** The file under `root` a URL path names, or undefined when it is malformed or escapes the root. */
export function resolveAssetPath(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const relative = normalize(decoded).replace(/^\/+/, '')
  if (relative.split('/').some((segment) => segment === '..' || segment.startsWith('.'))) return undefined
  const file = join(root, relative)
  return file.startsWith(root + sep) ? file : undefined
}

async function readIfFile(path: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined
    return await readFile(path)
  } catch {
    return undefined
  }
}

export async function serveDashboard(root: string, url: string, reply: FastifyReply): Promise<FastifyReply> {
  void reply.headers(SECURITY_HEADERS)
  const path = url.split('?')[0] ?? '/'
  const index = await readIfFile(join(root, 'index.html'))
  if (index === undefined)
    return reply
      .status(503)
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(NOT_BUILT)
  const last = path.split('/').pop() ?? ''
  if (!last.includes('.'))
    return reply.status(200).type(CONTENT_TYPES['.html']!).header('Cache-Control', 'no-cache').send(index)
  const file = resolveAssetPath(root, path)
  const body = file === undefined ? undefined : await readIfFile(file)
  if (file === undefined || body === undefined)
    return reply
      .status(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem('API_NOT_FOUND', `no dashboard file ${path.slice(0, 200)}`, { field: 'path' }))
  const immutable = file.startsWith(join(root, 'assets') + sep)
  return reply
    .status(200)
    .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
    .header('Cache-Control', immutable ? IMMUTABLE : 'no-cache')
    .send(body)
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TradePulse: dashboard not built</title></head>
<body>
<h1>The dashboard is not built</h1>
<p>This server answers the API at <a href="/api/v1/openapi.json">/api/v1</a> (docs at <a href="/docs">/docs</a>),
but the web dashboard's files are missing. Build them with <code>make web</code> (it runs <code>vite build</code>
into <code>dist/web/</code>), then reload this page.</p>
</body>
</html>
`
