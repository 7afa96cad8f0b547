/**
 * `GET /api/v1/events`: order, fill, kill-switch and job events as Server-Sent Events. Reconnect
 * with `Last-Event-ID` to receive what was missed (event-hub.ts); a comment line every 15 s keeps
 * proxies from closing an idle stream.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ApiContext } from '../context.ts'
import { sseFrame } from '../event-hub.ts'
import { API_PREFIX } from '../paths.ts'
import { fillView, orderView } from '../views.ts'

const HEARTBEAT_MS = 15_000

/**
 * Publishes the desk's order, fill and kill-switch events on the hub, in the API's representation,
 * once the journal records behind them are on disk: a client never sees an event a crash could
 * take back. Views are taken when the event happens; events keep their order, since each group
 * flush resolves after the one before.
 */
export function publishDeskEvents(context: ApiContext): void {
  const { desk, events } = context
  const publish = (type: 'order' | 'fill' | 'kill-switch', data: unknown): void => {
    // A failed flush stops the journal for good; its events are never published.
    desk.durable().then(
      () => {
        events.publish(type, data)
      },
      () => undefined,
    )
  }
  desk.core.bus.subscribe('order', (event) => {
    const instrument = desk.instruments.get(event.order.instrumentId)
    if (instrument === undefined) return
    publish('order', {
      kind: event.kind,
      order: orderView(event.order, instrument),
      ...('reason' in event ? { reason: event.reason } : {}),
      ...('code' in event ? { code: event.code } : {}),
    })
  })
  desk.core.bus.subscribe('fill', (fill) => {
    const instrument = desk.instruments.get(fill.instrumentId)
    if (instrument !== undefined) publish('fill', fillView(fill, instrument))
  })
  desk.core.bus.subscribe('kill-switch', (entry) => {
    publish('kill-switch', {
      action: entry.action,
      reason: entry.reason,
      automatic: entry.automatic,
      time: new Date(entry.time).toISOString(),
    })
  })
}

export function registerEventRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    `${API_PREFIX}/events`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['events'],
        summary: 'Order, fill, kill-switch and job events as Server-Sent Events (text/event-stream)',
        headers: z.object({ 'last-event-id': z.coerce.number().int().min(0).optional() }),
      },
    },
    (request, reply) => {
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'API-Version': String(reply.getHeader('API-Version') ?? ''),
        'X-Accel-Buffering': 'no',
      })
      raw.write(': connected\n\n')
      const unsubscribe = context.events.subscribe((event) => {
        raw.write(sseFrame(event))
      }, request.headers['last-event-id'])
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS)
      request.raw.on('close', () => {
        clearInterval(heartbeat)
        unsubscribe()
      })
    },
  )
}
