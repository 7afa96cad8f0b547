/**
 * Dashboard sign-in: an API key exchanged for a session cookie (sessions.ts, authenticate.ts).
 * `POST` signs in and returns the CSRF token the dashboard sends back on writes; `GET` says who
 * is calling, by key or by session, and repeats the token (or `via: "none"` when no one is signed
 * in); `DELETE` signs out. A bearer-key client can call `GET` too, to learn its key's scopes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import { verifyApiKey } from '../api-keys.ts'
import { authenticate } from '../authenticate.ts'
import type { ApiContext } from '../context.ts'
import { SESSION_COOKIE, readCookie, sessionCookie } from '../cookies.ts'
import { API_PREFIX } from '../paths.ts'

const SessionView = z.object({
  keyId: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  via: z.enum(['session', 'key']).describe('what authenticated this request'),
  csrfToken: z
    .string()
    .nullable()
    .describe('send as X-CSRF-Token on every request but GET and HEAD that relies on the session cookie'),
  expiresAt: z.string().nullable(),
})

const SignedOut = z.object({ via: z.literal('none').describe('no credentials, or a session that ended') })

export function registerSessionRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const secure = (request: FastifyRequest): boolean =>
    context.config.secureCookies === 'always' ||
    (context.config.secureCookies === 'auto' && request.protocol === 'https')

  app.post(
    `${API_PREFIX}/session`,
    {
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API key: sets an httpOnly, SameSite=Strict session cookie',
        security: [],
        body: z.strictObject({ apiKey: z.string().min(1).max(200) }),
        response: { 201: SessionView },
      },
    },
    async (request, reply) => {
      const key = await verifyApiKey(context.keys, request.body.apiKey)
      if (key === undefined)
        throw new TradePulseError('API_UNAUTHORIZED', 'the API key is unknown or revoked', {
          field: 'apiKey',
        })
      const now = context.now()
      const previous = readCookie(request.headers.cookie, SESSION_COOKIE)
      if (previous !== undefined) context.sessions.delete(previous)
      const { id, session } = context.sessions.create(key, now)
      void reply
        .status(201)
        .header('Cache-Control', 'no-store')
        .header(
          'Set-Cookie',
          sessionCookie(id, {
            secure: secure(request),
            maxAgeSeconds: Math.floor((session.expiresAt - now) / 1000),
          }),
        )
      return {
        keyId: key.id,
        name: key.name,
        scopes: [...key.scopes],
        via: 'session' as const,
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.expiresAt).toISOString(),
      }
    },
  )

  app.get(
    `${API_PREFIX}/session`,
    {
      // Public so that a page can ask whether it is signed in without a 401 in the browser's
      // console: no credentials, or a session cookie that expired, answer `via: "none"`. A bearer
      // key that is wrong is still refused, as on every other route.
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Who is calling: the key, its scopes and, for a session, its CSRF token and expiry',
        response: { 200: z.union([SessionView, SignedOut]) },
      },
    },
    async (request, reply) => {
      void reply.header('Cache-Control', 'no-store')
      const cookie = readCookie(request.headers.cookie, SESSION_COOKIE)
      if (request.headers.authorization === undefined) {
        if (cookie === undefined) return { via: 'none' as const }
        const session = context.sessions.get(cookie, context.now())
        const key = session === undefined ? undefined : await context.keys.findByHash(session.keyHash)
        if (key?.revokedAt !== null) {
          context.sessions.delete(cookie)
          void reply.header('Set-Cookie', sessionCookie('', { secure: secure(request), maxAgeSeconds: 0 }))
          return { via: 'none' as const }
        }
      }
      await authenticate(context, request, 'read')
      const key = request.apiKey!
      const session = request.session
      return {
        keyId: key.id,
        name: key.name,
        scopes: [...key.scopes],
        via: session === undefined ? ('key' as const) : ('session' as const),
        csrfToken: session?.csrfToken ?? null,
        expiresAt: session === undefined ? null : new Date(session.expiresAt).toISOString(),
      }
    },
  )

  app.delete(
    `${API_PREFIX}/session`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['session'],
        summary: 'Sign out: ends the session and clears its cookie',
        response: { 204: z.null().describe('signed out') },
      },
    },
    async (request, reply) => {
      if (request.session !== undefined) context.sessions.delete(request.session.id)
      return reply
        .status(204)
        .header('Set-Cookie', sessionCookie('', { secure: secure(request), maxAgeSeconds: 0 }))
        .send(null)
    },
  )
}
