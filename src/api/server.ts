/**
 * The HTTP API: Fastify 5 with zod schemas on every route (validation, types and the OpenAPI 3.1
 * document from one source), under `/api/v1/`. Cross-cutting rules live here:
 * - every response carries `API-Version`; a deprecated alias adds `Deprecation`, `Sunset` and a
 *   `Link` to its successor (docs/api/versioning.md);
 * - every error is RFC 9457 problem+json (problem.ts), validation errors naming each field;
 * - auth: `Authorization: Bearer <key>`, or the dashboard's session cookie with a CSRF token on
 *   writes (authenticate.ts), checked against the route's declared access;
 * - the dashboard (dashboard.ts) at `/` for any GET the API does not answer, under a strict CSP;
 * - rate limiting per key (per address without one): 429 with Retry-After;
 * - body size limit, request timeout, CORS only for configured origins.
 */
import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import {
  type ZodTypeProvider,
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import { TradePulseError } from '../domain/errors.ts'
import { authenticate } from './authenticate.ts'
import { dashboardRoot, isDashboardRequest, serveDashboard } from './dashboard.ts'
import type { ApiContext } from './context.ts'
import { API_PREFIX, API_VERSION } from './paths.ts'
import { PROBLEM_CONTENT_TYPE, problem, problemFromError } from './problem.ts'
import type { RouteEntry } from './route-table.ts'
import { registerBacktestRoutes } from './routes/backtests.ts'
import { registerDatasetRoutes } from './routes/datasets.ts'
import { registerEventRoutes } from './routes/events.ts'
import { registerResearchRoutes } from './routes/research.ts'
import { registerSessionRoutes } from './routes/session.ts'
import { registerSystemRoutes } from './routes/system.ts'
import { registerTradingRoutes } from './routes/trading.ts'

export { API_PREFIX, API_VERSION } from './paths.ts'

export interface ApiServer {
  readonly app: FastifyInstance
  /** Every registered route with its access, for the route-table test and the docs. */
  readonly routes: readonly RouteEntry[]
}

export async function buildApiServer(context: ApiContext): Promise<ApiServer> {
  const { config } = context
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: {
              paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
              censor: '[redacted]',
            },
          },
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    genReqId: () => randomUUID(),
    // Errors the router raises before any route runs (a malformed URL, a path parameter too long).
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0] ?? ''
      void (reply as unknown as FastifyReply)
        .status(400)
        .type(PROBLEM_CONTENT_TYPE)
        .header('API-Version', API_VERSION)
        .send(
          problem('API_VALIDATION', error.message, {
            instance: `${request.method} ${path.slice(0, 200)} (${request.id})`,
            field: 'path',
          }),
        )
    },
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  const routes: RouteEntry[] = []
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD' || route.url.startsWith('/docs')) return
    const access = route.config?.access
    if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access`)
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access })
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TradePulse API',
        version: API_VERSION,
        description:
          'Data sets, indicators, strategies, backtests, orders, positions and risk. See docs/service.md.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'tp_… key from `tradepulse keys create`' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    // The key's id is part of the key itself: no database read is needed to count.
    keyGenerator: (request) =>
      /^Bearer tp_([0-9a-f]{12})_/.exec(request.headers.authorization ?? '')?.[1] ?? request.ip,
    errorResponseBuilder: (_request, context) => {
      const error = new TradePulseError(
        'API_RATE_LIMITED',
        `more than ${context.max} requests in ${context.after}; retry after ${Math.ceil(context.ttl / 1000)} s`,
      ) as TradePulseError & { statusCode: number }
      error.statusCode = 429
      return error
    },
  })

  app.addHook('onRequest', async (request, reply) => {
    reply.header('API-Version', API_VERSION)
    reply.header('X-Content-Type-Options', 'nosniff')
    const origin = request.headers.origin
    if (origin !== undefined && config.corsOrigins.includes(origin)) {
      reply.header('Access-Control-Allow-Origin', origin)
      reply.header('Vary', 'Origin')
    }
    const deprecated = request.routeOptions.config.deprecated
    if (deprecated !== undefined) {
      reply.header('Deprecation', 'true')
      reply.header('Sunset', new Date(deprecated.sunset).toUTCString())
      reply.header('Link', `<${deprecated.successor}>; rel="successor-version"`)
    }
    const access = request.routeOptions.config.access
    if (access === undefined || access === 'public') return
    await authenticate(context, request, access)
  })

  // Group commit (trading-desk.ts): whatever a request journaled, and whatever state an answer
  // shows, is on disk before the answer leaves. One flush serves every request of the turn.
  app.addHook('onSend', async () => {
    await context.desk.durable()
  })

  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, not the path: one series per route however many ids are asked for.
    const route = request.routeOptions.url ?? 'unmatched'
    context.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) })
    context.metrics.httpRequestDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const instance = `${request.method} ${request.url.split('?')[0] ?? ''} (${request.id})`
    let body
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body'
      const errors = error.validation.map((issue) => ({
        field: [where, ...issue.instancePath.split('/').filter((p) => p !== '')].join('.'),
        message: issue.message ?? 'is invalid',
      }))
      body = problem('API_VALIDATION', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
        instance,
        field: errors[0]?.field ?? where,
        errors,
      })
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = problem('API_PAYLOAD_TOO_LARGE', `the body is larger than ${config.bodyLimitBytes} bytes`, {
        instance,
      })
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = problem('API_UNSUPPORTED_MEDIA_TYPE', error.message, { instance })
    } else if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      body = problem('API_VALIDATION', `the body is not valid JSON: ${error.message}`, {
        instance,
        field: 'body',
      })
    } else if (error.statusCode === 429 && !(error instanceof TradePulseError)) {
      body = problem('API_RATE_LIMITED', error.message, { instance })
    } else if (
      error.statusCode !== undefined &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      !(error instanceof TradePulseError)
    ) {
      body = problem('API_VALIDATION', error.message, { instance })
    } else {
      body = problemFromError(error, instance)
      if (body.status >= 500) request.log.error({ err: error }, 'request failed')
    }
    if (body.status === 429)
      reply.header(
        'Retry-After',
        String(Math.max(1, Math.ceil(Number(reply.getHeader('x-ratelimit-reset') ?? 1)))),
      )
    void reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body)
  })

  const webRoot = dashboardRoot(config)
  app.setNotFoundHandler(async (request, reply) => {
    if (isDashboardRequest(request.method, request.url)) return serveDashboard(webRoot, request.url, reply)
    const body = problem('API_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`, {
      instance: `${request.method} ${request.url.split('?')[0] ?? ''} (${request.id})`,
    })
    return reply.status(404).type(PROBLEM_CONTENT_TYPE).send(body)
  })

  registerSystemRoutes(app, context)
  registerDatasetRoutes(app, context)
  registerBacktestRoutes(app, context)
  registerTradingRoutes(app, context)
  registerEventRoutes(app, context)
  registerSessionRoutes(app, context)
  registerResearchRoutes(app, context)
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics()),
  )
  app.get(`${API_PREFIX}/openapi.json`, { config: { access: 'public' }, schema: { hide: true } }, () =>
    app.swagger(),
  )
  await app.ready()
  return { app, routes }
}
