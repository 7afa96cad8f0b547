/**
 * Who is calling: an `Authorization: Bearer <key>` header, or else the dashboard's session cookie
 * (sessions.ts). The header wins when both are sent, so scripts and the dashboard never get in
 * each other's way. A cookie is sent by the browser on its own, so a cookie-authenticated request
 * that changes anything (every method but GET, HEAD and OPTIONS) must also carry the session's
 * CSRF token in `X-CSRF-Token`: another site can make the browser send the cookie (were it not
 * SameSite) but cannot read the token. A bearer key is never sent implicitly and needs no token.
 */
import type { FastifyRequest } from 'fastify'
import { TradePulseError } from '../domain/errors.ts'
import { grants, verifyApiKey } from './api-keys.ts'
import type { ApiContext } from './context.ts'
import { SESSION_COOKIE, readCookie } from './cookies.ts'
import type { Access } from './route-table.ts'
import { csrfTokenMatches } from './sessions.ts'
import type { ApiKeyRecord } from '../store/repositories/api-keys.ts'

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

export const CSRF_HEADER = 'x-csrf-token'

/** Sets `request.apiKey` (and `request.session` for a cookie) or throws 401, 403 or API_CSRF. */
export async function authenticate(
  context: ApiContext,
  request: FastifyRequest,
  access: Exclude<Access, 'public'>,
): Promise<void> {
  const header = request.headers.authorization
  let key: ApiKeyRecord
  if (header !== undefined) {
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined
    if (presented === undefined)
      throw new TradePulseError('API_UNAUTHORIZED', 'send an API key as Authorization: Bearer <key>', {
        field: 'authorization',
      })
    const found = await verifyApiKey(context.keys, presented)
    if (found === undefined)
      throw new TradePulseError('API_UNAUTHORIZED', 'the API key is unknown or revoked', {
        field: 'authorization',
      })
    key = found
  } else {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE)
    if (cookie === undefined)
      throw new TradePulseError(
        'API_UNAUTHORIZED',
        'send an API key as Authorization: Bearer <key>, or sign in with POST /api/v1/session',
        { field: 'authorization' },
      )
    const session = context.sessions.get(cookie, context.now())
    if (session === undefined)
      throw new TradePulseError(
        'API_UNAUTHORIZED',
        'the session has expired or was signed out; sign in again',
        {
          field: 'cookie',
        },
      )
    const found = await context.keys.findByHash(session.keyHash)
    if (found?.revokedAt !== null) {
      context.sessions.delete(cookie)
      throw new TradePulseError(
        'API_UNAUTHORIZED',
        'the API key of this session was revoked; sign in again',
        {
          field: 'cookie',
        },
      )
    }
    if (!SAFE_METHODS.has(request.method)) {
      const token = request.headers[CSRF_HEADER]
      if (!csrfTokenMatches(session, typeof token === 'string' ? token : undefined))
        throw new TradePulseError(
          'API_CSRF',
          `${request.method} with a session cookie needs the session's CSRF token in X-CSRF-Token (GET /api/v1/session returns it)`,
          { field: CSRF_HEADER },
        )
    }
    request.session = { id: cookie, ...session }
    key = found
  }
  if (!grants(key.scopes, access))
    throw new TradePulseError(
      'API_FORBIDDEN',
      `this route needs the ${access} scope; the key has ${key.scopes.join(', ') || 'no scope'}`,
      { field: 'authorization' },
    )
  request.apiKey = { id: key.id, name: key.name, scopes: key.scopes }
}
