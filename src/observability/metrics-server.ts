/**
 * A tiny `/metrics` endpoint for processes that have no HTTP API of their own (a sweep worker, a
 * paper-trading loop): Prometheus scrapes it like the service's route. Loopback by default, since
 * metrics reveal positions and order flow; bind another host only behind a network policy.
 */
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

export interface MetricsServerOptions {
  readonly registry: Registry
  /** 0 (the default) picks a free port; `MetricsServer.port` says which. */
  readonly port?: number
  readonly host?: string
}

export interface MetricsServer {
  readonly port: number
  /** `http://HOST:PORT/metrics`. */
  readonly url: string
  close(): Promise<void>
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1'
  const { registry } = options
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      response.end(`${path ?? ''} not found: metrics are served at /metrics\n`)
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
      response.end(`${request.method ?? ''} /metrics is not allowed: use GET\n`)
      return
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType })
        response.end(request.method === 'HEAD' ? undefined : text)
      },
      (error: unknown) => {
        // A collect callback failed; say so in the scrape, where `up` and the logs show it.
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        response.end(`collecting metrics failed: ${error instanceof Error ? error.message : String(error)}\n`)
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    port,
    url: `http://${shownHost}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve()
          else reject(error)
        })
        server.closeAllConnections()
      }),
  }
}
