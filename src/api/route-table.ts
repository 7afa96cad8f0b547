/**
 * Every route declares who may call it: `public` (health, the OpenAPI document, the docs, the
 * error catalogue) or a scope a key must grant (api-keys.ts). The auth hook reads the
 * declaration; a route without one cannot be registered, so none is open by omission.
 */
import type { Scope } from './api-keys.ts'
import type { Session } from './sessions.ts'

export type Access = Scope | 'public'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** Set on a deprecated alias: the replacement route, and the Sunset date (RFC 8594). */
    deprecated?: { readonly successor: string; readonly sunset: string }
  }
  interface FastifyRequest {
    apiKey?: { readonly id: string; readonly name: string; readonly scopes: readonly string[] }
    /** Set when the dashboard's session cookie authenticated the request; `id` is the cookie value. */
    session?: Session & { readonly id: string }
  }
}

export interface RouteEntry {
  readonly method: string
  readonly url: string
  readonly access: Access
}
