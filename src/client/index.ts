/**
 * The typed HTTP client of the TradePulse API: openapi-fetch over `paths`, the interface
 * generated from the service's OpenAPI document (src/client/paths.ts, `make codegen`). Every
 * call is checked against the document at compile time: the path, its parameters, the body and
 * the answer for each status. This module imports nothing from the rest of src/, so a front end
 * can take it without the server.
 */
import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './paths.ts'

export type { paths } from './paths.ts'

export interface TradePulseClientOptions {
  /** Where the service listens, e.g. `http://127.0.0.1:8080`; paths start with `/api/v1/`. */
  readonly baseUrl: string
  /**
   * A `tp_…` key (`tradepulse keys create`), sent as `Authorization: Bearer <key>` on every call.
   * Left out in a browser signed in through `POST /api/v1/session`: the session cookie
   * authenticates instead (and writes then need the `X-CSRF-Token` header).
   */
  readonly apiKey?: string
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  readonly fetch?: (input: Request) => Promise<Response>
}

export type TradePulseClient = Client<paths>

export function createTradePulseClient(options: TradePulseClientOptions): TradePulseClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.apiKey === undefined ? {} : { headers: { authorization: `Bearer ${options.apiKey}` } }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
}
