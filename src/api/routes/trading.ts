/**
 * Trading on the desk: orders (submit with an Idempotency-Key, list with filters and cursor
 * pagination, fetch, cancel, replace), fills, positions, the portfolio, market quotes for the
 * paper venue, and risk (limits, kill switch). Writes go through the execution core — the order
 * manager and the risk engine — exactly as a strategy's orders do.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatDecimal } from '../../domain/decimal.ts'
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import { type Instrument, priceToTicks, quantityToLots } from '../../domain/instrument.ts'
import type { Order, OrderRequest } from '../../execution/orders/order.ts'
import type { RiskLimits } from '../../execution/risk/risk-limits.ts'
import type { ApiContext } from '../context.ts'
import { clientOrderIdFor } from '../trading-desk.ts'
import {
  Decimal,
  FillView,
  OrderView,
  PositionViewSchema,
  amount,
  fillView,
  orderView,
  positionView,
} from '../views.ts'
import { API_PREFIX } from '../paths.ts'

const OrderRequestBody = z.strictObject({
  instrumentId: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit', 'stop', 'stop-limit']),
  quantity: Decimal,
  price: Decimal.optional(),
  stopPrice: Decimal.optional(),
  timeInForce: z
    .enum(['GTC', 'DAY', 'IOC', 'FOK'])
    .optional()
    .describe('default IOC for market orders, GTC for the others'),
  postOnly: z.boolean().optional(),
  reduceOnly: z.boolean().optional(),
})

const SubmitResponse = OrderView.extend({
  rejectCode: z.string().optional(),
  rejectReason: z.string().optional(),
})
type SubmitResponse = z.infer<typeof SubmitResponse>

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
})

const Id = z.object({ id: z.string().min(1) })

const RiskLimitsBody = z.strictObject({
  maxOrderQuantity: z.number().int().positive().optional(),
  maxPosition: z.number().int().positive().optional(),
  maxOpenOrders: z.number().int().positive().optional(),
  maxOrdersPerSecond: z.number().positive().optional(),
  maxOrderNotional: Decimal.optional(),
  maxGrossExposure: Decimal.optional(),
  maxNetExposure: Decimal.optional(),
  maxDailyLoss: Decimal.optional(),
  maxDrawdown: Decimal.optional(),
})

/** The order body as the core wants it: quantities in lots and prices in ticks, off-grid refused. */
function toCoreRequest(
  instrument: Instrument,
  body: z.infer<typeof OrderRequestBody>,
): Omit<OrderRequest, 'clientOrderId'> {
  const onGrid = <T>(field: string, convert: () => T): T => {
    try {
      return convert()
    } catch (error) {
      if (isTradePulseError(error)) throw new TradePulseError(error.code, error.message, { field })
      throw error
    }
  }
  return {
    instrumentId: instrument.id,
    side: body.side,
    type: body.type,
    quantity: onGrid('quantity', () => quantityToLots(instrument, body.quantity)),
    ...(body.price === undefined
      ? {}
      : { price: onGrid('price', () => priceToTicks(instrument, body.price!)) }),
    ...(body.stopPrice === undefined
      ? {}
      : { stopPrice: onGrid('stopPrice', () => priceToTicks(instrument, body.stopPrice!)) }),
    timeInForce: body.timeInForce ?? (body.type === 'market' ? 'IOC' : 'GTC'),
    ...(body.postOnly === undefined ? {} : { postOnly: body.postOnly }),
    ...(body.reduceOnly === undefined ? {} : { reduceOnly: body.reduceOnly }),
  }
}

function idempotencyConflict(sameRequest: boolean): TradePulseError {
  return new TradePulseError(
    'API_IDEMPOTENCY_CONFLICT',
    sameRequest
      ? 'a request with this Idempotency-Key is still being answered'
      : 'this Idempotency-Key was used for a different request',
    { field: 'idempotency-key' },
  )
}

/** Whether a journaled order is the one `request` asks for, on the fields a replace leaves alone. */
function sameRequest(order: Readonly<Order>, request: Omit<OrderRequest, 'clientOrderId'>): boolean {
  return (
    order.instrumentId === request.instrumentId &&
    order.side === request.side &&
    order.type === request.type &&
    order.timeInForce === request.timeInForce &&
    (order.postOnly ?? false) === (request.postOnly ?? false) &&
    (order.reduceOnly ?? false) === (request.reduceOnly ?? false)
  )
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}

/** Money limits are given in the account currency's units ("25000.00") and kept in its minor units. */
function minorUnits(field: string, text: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.')
  if (fraction.length > decimals)
    throw new TradePulseError('API_VALIDATION', `has more than ${decimals} decimals`, { field })
  const units = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0')
  return text.startsWith('-') ? -units : units
}

export function registerTradingRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { desk } = context
  const core = desk.core
  /** Keys being answered now, with their request's hash. */
  const inFlight = new Map<string, string>()
  const rejections = new Map<string, { code: string; reason: string }>()
  core.bus.subscribe('order', (event) => {
    if (event.kind === 'rejected')
      rejections.set(event.order.orderId, { code: event.code, reason: event.reason })
  })

  const instrumentOf = (id: string, field: string): Instrument => {
    const instrument = context.instrument(id)
    if (instrument === undefined)
      throw new TradePulseError(
        'API_NOT_FOUND',
        `no instrument ${JSON.stringify(id)} (GET ${API_PREFIX}/instruments lists them)`,
        { field },
      )
    return instrument
  }
  const submitView = (order: Readonly<Order>): SubmitResponse => {
    const rejection = rejections.get(order.orderId)
    return {
      ...orderView(order, instrumentOf(order.instrumentId, 'instrumentId')),
      ...(rejection === undefined ? {} : { rejectCode: rejection.code, rejectReason: rejection.reason }),
    }
  }
  const findOrder = (id: string): Readonly<Order> => {
    const order = core.manager.orders().find((o) => o.orderId === id || o.clientOrderId === id)
    if (order === undefined)
      throw new TradePulseError('EXECUTION_UNKNOWN_ORDER', `no order ${id}`, { field: 'id' })
    return order
  }

  app.post(
    `${API_PREFIX}/orders`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['orders'],
        summary:
          'Submit an order; the Idempotency-Key makes a retry return the first answer instead of a second order',
        headers: IdempotencyHeaders,
        body: OrderRequestBody,
        response: { 201: SubmitResponse, 200: SubmitResponse },
      },
    },
    async (request, reply) => {
      const owner = request.apiKey!.id
      const key = request.headers['idempotency-key']
      const hash = createHash('sha256').update(canonical(request.body)).digest('hex')
      const clientOrderId = clientOrderIdFor(owner, key)
      const slot = `${owner}\u0000${key}`
      const answering = inFlight.get(slot)
      if (answering !== undefined) throw idempotencyConflict(answering === hash)
      const known = await context.idempotency.find(owner, key)
      if (known !== undefined && known.requestHash !== hash) throw idempotencyConflict(false)
      if (known !== undefined && known.response !== null) {
        const stored = known.response as { body: SubmitResponse }
        return reply.status(200).send(stored.body)
      }
      const coreRequest = toCoreRequest(instrumentOf(request.body.instrumentId, 'instrumentId'), request.body)
      const journaled = core.manager.orderByClientId(clientOrderId)
      if (journaled !== undefined) {
        // Journaled, but the server stopped before its answer was recorded: the journal is the
        // answer, provided this is the same request (what a replace cannot change must match).
        if (!sameRequest(journaled, coreRequest)) throw idempotencyConflict(false)
        const response = submitView(journaled)
        context.idempotency.record({
          owner,
          key,
          requestHash: hash,
          response: { status: 201, body: response },
          createdAt: context.now(),
        })
        return reply.status(200).send(response)
      }
      inFlight.set(slot, hash)
      try {
        // A request the core refuses as malformed throws before anything is journaled or recorded.
        const result = core.manager.submit({ ...coreRequest, clientOrderId })
        const response = submitView(result.order)
        // The order is on disk before anyone hears of it; its answer is recorded behind it
        // (idempotency-log.ts), and a crash in between leaves the case handled above.
        await desk.durable()
        context.idempotency.record({
          owner,
          key,
          requestHash: hash,
          response: { status: 201, body: response },
          createdAt: context.now(),
        })
        return await reply
          .status(201)
          .header('Location', `${API_PREFIX}/orders/${result.order.orderId}`)
          .send(response)
      } finally {
        inFlight.delete(slot)
      }
    },
  )

  app.get(
    `${API_PREFIX}/orders`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['orders'],
        summary: 'Orders, newest first, filtered by status, instrument or side, with cursor pagination',
        querystring: z.strictObject({
          status: z
            .enum([
              'pending-new',
              'accepted',
              'partially-filled',
              'filled',
              'pending-cancel',
              'cancelled',
              'pending-replace',
              'replaced',
              'rejected',
              'expired',
              'open',
            ])
            .optional(),
          instrumentId: z.string().optional(),
          side: z.enum(['buy', 'sell']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().optional(),
        }),
        response: { 200: z.object({ items: z.array(SubmitResponse), nextCursor: z.string().optional() }) },
      },
    },
    (request) => {
      const q = request.query
      const open = new Set(core.manager.workingOrders().map((o) => o.orderId))
      let after: [number, string] | undefined
      if (q.cursor !== undefined) {
        try {
          const parsed: unknown = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'))
          if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string')
            throw new Error('shape')
          after = [parsed[0], parsed[1]]
        } catch {
          throw new TradePulseError('API_VALIDATION', 'is not a cursor this API returned', {
            field: 'querystring.cursor',
          })
        }
      }
      const matching = core.manager
        .orders()
        .filter(
          (o) =>
            (q.status === undefined || (q.status === 'open' ? open.has(o.orderId) : o.status === q.status)) &&
            (q.instrumentId === undefined || o.instrumentId === q.instrumentId) &&
            (q.side === undefined || o.side === q.side),
        )
        .sort(
          (a, b) => b.createdAt - a.createdAt || (a.orderId < b.orderId ? 1 : a.orderId > b.orderId ? -1 : 0),
        )
        .filter(
          (o) =>
            after === undefined ||
            o.createdAt < after[0] ||
            (o.createdAt === after[0] && o.orderId < after[1]),
        )
      const page = matching.slice(0, q.limit)
      const last = page.at(-1)
      return {
        items: page.map(submitView),
        ...(matching.length > q.limit && last !== undefined
          ? { nextCursor: Buffer.from(JSON.stringify([last.createdAt, last.orderId])).toString('base64url') }
          : {}),
      }
    },
  )

  app.get(
    `${API_PREFIX}/orders/:id`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['orders'],
        summary: 'One order, by order id or client order id',
        params: Id,
        response: { 200: SubmitResponse },
      },
    },
    (request) => submitView(findOrder(request.params.id)),
  )

  app.get(
    `${API_PREFIX}/orders/:id/fills`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['orders'],
        summary: "One order's fills",
        params: Id,
        response: { 200: z.object({ items: z.array(FillView) }) },
      },
    },
    (request) => {
      const order = findOrder(request.params.id)
      const instrument = instrumentOf(order.instrumentId, 'instrumentId')
      return {
        items: desk
          .fills()
          .filter((f) => f.orderId === order.orderId)
          .map((f) => fillView(f, instrument)),
      }
    },
  )

  app.post(
    `${API_PREFIX}/orders/:id/cancel`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel a working order',
        params: Id,
        response: { 200: SubmitResponse },
      },
    },
    (request) => {
      const order = findOrder(request.params.id)
      if (!core.manager.cancel(order.orderId))
        throw new TradePulseError(
          'API_CONFLICT',
          `order ${order.orderId} is ${order.status}: only a working order can be cancelled`,
          { field: 'id' },
        )
      return submitView(findOrder(order.orderId))
    },
  )

  app.post(
    `${API_PREFIX}/orders/:id/replace`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['orders'],
        summary: 'Change the quantity or limit price of a working order',
        params: Id,
        body: z
          .strictObject({ quantity: Decimal.optional(), price: Decimal.optional() })
          .refine(
            (b) => b.quantity !== undefined || b.price !== undefined,
            'give a quantity, a price or both',
          ),
        response: { 200: SubmitResponse },
      },
    },
    (request) => {
      const order = findOrder(request.params.id)
      const instrument = instrumentOf(order.instrumentId, 'instrumentId')
      const body = toCoreRequest(instrument, {
        ...request.body,
        instrumentId: order.instrumentId,
        side: order.side,
        type: 'limit',
        quantity: request.body.quantity ?? '1',
        timeInForce: 'GTC',
      })
      const changes = {
        ...(request.body.quantity === undefined ? {} : { quantity: body.quantity }),
        ...(body.price === undefined ? {} : { price: body.price }),
      }
      if (!core.manager.replace(order.orderId, changes))
        throw new TradePulseError(
          'API_CONFLICT',
          `order ${order.orderId} is ${order.status}: only a working order can be replaced`,
          { field: 'id' },
        )
      return submitView(findOrder(order.orderId))
    },
  )

  app.get(
    `${API_PREFIX}/fills`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['orders'],
        summary: 'Fills, newest first',
        querystring: z.strictObject({
          instrumentId: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(FillView) }) },
      },
    },
    (request) => ({
      items: desk
        .fills()
        .filter(
          (f) => request.query.instrumentId === undefined || f.instrumentId === request.query.instrumentId,
        )
        .slice(-request.query.limit)
        .reverse()
        .map((f) => fillView(f, instrumentOf(f.instrumentId, 'instrumentId'))),
    }),
  )

  const positionsHandler = (): { items: z.infer<typeof PositionViewSchema>[] } => ({
    items: core.portfolio
      .positions()
      .filter((p) => p.quantity !== 0)
      .map((p) => positionView(p, instrumentOf(p.instrumentId, 'instrumentId'))),
  })
  const positionsSchema = {
    tags: ['portfolio'],
    response: { 200: z.object({ items: z.array(PositionViewSchema) }) },
  }
  app.get(
    `${API_PREFIX}/positions`,
    {
      config: { access: 'read' },
      schema: { ...positionsSchema, summary: 'Open positions with average price and P&L' },
    },
    positionsHandler,
  )
  // The v1.0 name of the route, kept as a deprecated alias until its Sunset (docs/api/versioning.md).
  app.get(
    `${API_PREFIX}/portfolio/positions`,
    {
      config: {
        access: 'read',
        deprecated: { successor: `${API_PREFIX}/positions`, sunset: '2027-06-30T00:00:00Z' },
      },
      schema: { ...positionsSchema, summary: 'Deprecated: use GET /api/v1/positions', deprecated: true },
    },
    positionsHandler,
  )

  app.get(
    `${API_PREFIX}/portfolio`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['portfolio'],
        summary: 'Cash, equity and P&L per currency ledger',
        response: {
          200: z.object({
            ledgers: z.array(
              z.object({
                currency: z.string(),
                initialCash: z.string(),
                cash: z.string(),
                equity: z.string(),
                realisedPnl: z.string(),
                unrealisedPnl: z.string(),
                fees: z.string(),
                grossExposure: z.string(),
                marketValue: z.string(),
              }),
            ),
            openOrders: z.number(),
          }),
        },
      },
    },
    () => ({
      ledgers: core.portfolio.ledgers().map((l) => {
        const m = (units: bigint): string => amount({ currency: l.currency, units })
        return {
          currency: l.currency.code,
          initialCash: m(l.initialCash),
          cash: m(l.cash),
          equity: m(l.equity),
          realisedPnl: m(l.realisedPnl),
          unrealisedPnl: m(l.unrealisedPnl),
          fees: m(l.fees),
          grossExposure: m(l.grossExposure),
          marketValue: m(l.marketValue),
        }
      }),
      openOrders: core.manager.openOrderCount(),
    }),
  )

  app.post(
    `${API_PREFIX}/market/quotes`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['market'],
        summary:
          'Feed a quote to the paper venue: working orders may fill against it, positions are marked at its mid',
        body: z.strictObject({
          instrumentId: z.string().min(1),
          bid: Decimal,
          ask: Decimal,
          bidSize: Decimal.default('0'),
          askSize: Decimal.default('0'),
        }),
        response: { 202: z.object({ instrumentId: z.string(), time: z.string(), fills: z.number() }) },
      },
    },
    async (request, reply) => {
      const instrument = instrumentOf(request.body.instrumentId, 'instrumentId')
      const bid = Number(request.body.bid)
      const ask = Number(request.body.ask)
      if (!(bid > 0) || !(ask >= bid))
        throw new TradePulseError('API_VALIDATION', `needs 0 < bid <= ask, was bid ${bid}, ask ${ask}`, {
          field: 'ask',
        })
      const before = desk.fills().length
      const time = core.clock.now()
      context.metrics.marketDataLastUpdate.set({ instrument: instrument.id }, time / 1000)
      desk.quote({
        instrumentId: instrument.id,
        tsEvent: time,
        bidPrice: bid,
        askPrice: ask,
        bidSize: Number(request.body.bidSize),
        askSize: Number(request.body.askSize),
      })
      return await reply.status(202).send({
        instrumentId: instrument.id,
        time: new Date(time).toISOString(),
        fills: desk.fills().length - before,
      })
    },
  )

  const RiskView = z.object({
    killSwitch: z.object({
      tripped: z.boolean(),
      log: z.array(
        z.object({ action: z.string(), time: z.string(), reason: z.string(), automatic: z.boolean() }),
      ),
    }),
    limits: z.record(
      z.string(),
      z.record(z.string(), z.union([z.string(), z.number(), z.record(z.string(), z.number())])),
    ),
  })
  const riskView = (): z.infer<typeof RiskView> => {
    const currency = core.portfolio.ledger(context.config.accountCurrency).currency
    const limitsOf = (limits: RiskLimits): Record<string, string | number | Record<string, number>> =>
      Object.fromEntries(
        Object.entries(limits)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [
            k,
            typeof v === 'bigint'
              ? formatDecimal({ units: v, scale: currency.decimals })
              : (v as number | Record<string, number>),
          ]),
      )
    const scopes: Record<string, Record<string, string | number | Record<string, number>>> = {
      account: limitsOf(core.risk.limits('account')),
    }
    for (const id of desk.instruments.keys()) {
      const limits = limitsOf(core.risk.limits(id))
      if (Object.keys(limits).length > 0) scopes[id] = limits
    }
    return {
      killSwitch: {
        tripped: core.killSwitch.tripped,
        log: core.killSwitch.log.map((e) => ({
          action: e.action,
          time: new Date(e.time).toISOString(),
          reason: e.reason,
          automatic: e.automatic,
        })),
      },
      limits: scopes,
    }
  }

  app.get(
    `${API_PREFIX}/risk`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['risk'],
        summary: 'Risk limits and the kill switch with its log',
        response: { 200: RiskView },
      },
    },
    riskView,
  )

  app.put(
    `${API_PREFIX}/risk/limits/:scope`,
    {
      config: { access: 'admin' },
      schema: {
        tags: ['risk'],
        summary:
          'Replace the limits of the account or of one instrument (journaled; money in the account currency)',
        params: z.object({ scope: z.string().min(1) }),
        body: RiskLimitsBody.extend({ reason: z.string().min(1) }),
        response: { 200: RiskView },
      },
    },
    (request) => {
      const scope =
        request.params.scope === 'account' ? 'account' : instrumentOf(request.params.scope, 'scope').id
      const decimals = core.portfolio.ledger(context.config.accountCurrency).currency.decimals
      const { reason, ...body } = request.body
      const limits: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(body)) {
        if (v === undefined) continue
        limits[k] = typeof v === 'string' ? minorUnits(k, v, decimals) : v
      }
      core.risk.setLimits(scope, limits, core.clock.now(), `${reason} (key ${request.apiKey!.name})`)
      return riskView()
    },
  )

  const ReasonBody = z.strictObject({ reason: z.string().min(1).max(500) })
  app.post(
    `${API_PREFIX}/risk/kill-switch/trip`,
    {
      config: { access: 'admin' },
      schema: {
        tags: ['risk'],
        summary: 'Trip the kill switch: refuse new orders, cancel working ones',
        body: ReasonBody,
        response: { 200: RiskView },
      },
    },
    (request) => {
      core.killSwitch.trip(core.clock.now(), `${request.body.reason} (key ${request.apiKey!.name})`)
      return riskView()
    },
  )
  app.post(
    `${API_PREFIX}/risk/kill-switch/reset`,
    {
      config: { access: 'admin' },
      schema: {
        tags: ['risk'],
        summary: 'Reset the kill switch (a reason is required)',
        body: ReasonBody,
        response: { 200: RiskView },
      },
    },
    (request) => {
      core.killSwitch.reset(core.clock.now(), `${request.body.reason} (key ${request.apiKey!.name})`)
      return riskView()
    },
  )
}
