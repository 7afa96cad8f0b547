/**
 * Health, the error catalogue, instruments, strategies and indicators: what a client reads
 * before it does anything.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { readBarFile } from '../../data/bar-file.ts'
import { ERROR_CODES, type ErrorCode, TradePulseError } from '../../domain/errors.ts'
import { formatDecimal } from '../../domain/decimal.ts'
import { BUILTIN_REGISTRY } from '../../indicators/registry.ts'
import { inputsFor, inputsFromSeries } from '../../indicators/series-inputs.ts'
import { describeStrategyParams } from '../../strategy/define.ts'
import { BUILTIN_STRATEGIES } from '../../strategy/registry.ts'
import type { ApiContext } from '../context.ts'
import { problemType, statusOf } from '../problem.ts'
import { API_PREFIX } from '../paths.ts'

const Check = z.object({ status: z.enum(['ok', 'failing']), detail: z.string() })

/**
 * Fresh when every instrument quoted since start was quoted within `marketDataStaleAfterMs`;
 * an instrument never quoted is not stale (the desk may simply not trade it yet).
 */
function marketDataCheck(context: ApiContext): z.infer<typeof Check> {
  const limitMs = context.config.marketDataStaleAfterMs
  const now = context.desk.core.clock.now()
  const stale: string[] = []
  for (const [instrumentId, quote] of context.desk.quotes) {
    const ageMs = now - quote.tsEvent
    if (ageMs > limitMs) stale.push(`${instrumentId} ${(ageMs / 1000).toFixed(1)} s old`)
  }
  const quoted = context.desk.quotes.size
  if (stale.length > 0) return { status: 'failing', detail: `stale over ${limitMs} ms: ${stale.join(', ')}` }
  return {
    status: 'ok',
    detail: `${quoted} instrument${quoted === 1 ? '' : 's'} quoted, none older than ${limitMs} ms`,
  }
}

export function registerSystemRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers, the venue is connected, the journal is open',
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), Check) }),
          503: z.object({ status: z.literal('not-ready'), checks: z.record(z.string(), Check) }),
        },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, z.infer<typeof Check>> = {}
      try {
        await context.db.query('SELECT 1 AS one')
        checks.database = { status: 'ok', detail: context.db.dialect }
      } catch (error) {
        checks.database = {
          status: 'failing',
          detail: error instanceof Error ? error.message : String(error),
        }
      }
      checks.venue = {
        status: 'ok',
        detail: `${context.desk.venue.name}: ${context.desk.venue.workingOrders()} working orders`,
      }
      const recovered = context.desk.journal.recovered
      checks.journal = {
        status: 'ok',
        detail:
          `${context.desk.journal.path}, last sequence ${context.desk.journal.lastSeq}; ` +
          `recovered ${recovered.records.length} records at start` +
          // A torn tail is an unacknowledged write cut short by a crash: dropped, and said so here.
          (recovered.droppedTailBytes > 0
            ? `, dropped a torn tail of ${recovered.droppedTailBytes} bytes`
            : ''),
      }
      checks.marketData = marketDataCheck(context)
      const ready = Object.values(checks).every((c) => c.status === 'ok')
      if (ready) return { status: 'ready' as const, checks }
      return reply.status(503).send({ status: 'not-ready' as const, checks })
    },
  )

  app.get(
    `${API_PREFIX}/errors/:code`,
    {
      config: { access: 'public' },
      schema: {
        tags: ['errors'],
        summary: 'One entry of the error catalogue: what a problem type means',
        params: z.object({ code: z.string() }),
        response: {
          200: z.object({ type: z.string(), code: z.string(), title: z.string(), status: z.number() }),
        },
      },
    },
    (request) => {
      const code = request.params.code
      if (!(code in ERROR_CODES))
        throw new TradePulseError('API_NOT_FOUND', `no error code ${JSON.stringify(code)}`, { field: 'code' })
      const known = code as ErrorCode
      return { type: problemType(known), code: known, title: ERROR_CODES[known], status: statusOf(known) }
    },
  )

  app.get(
    `${API_PREFIX}/instruments`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['market'],
        summary: 'The instruments the desk trades, with their price and quantity grids',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                symbol: z.string(),
                venue: z.string(),
                assetClass: z.string(),
                quoteCurrency: z.string(),
                tickSize: z.string(),
                lotSize: z.string(),
                multiplier: z.string(),
              }),
            ),
          }),
        },
      },
    },
    () => ({
      items: [...context.desk.instruments.values()].map((i) => ({
        id: i.id,
        symbol: i.symbol,
        venue: i.venue,
        assetClass: i.assetClass,
        quoteCurrency: i.quoteCurrency.code,
        tickSize: formatDecimal(i.tickSize),
        lotSize: formatDecimal(i.lotSize),
        multiplier: formatDecimal(i.multiplier),
      })),
    }),
  )

  app.get(
    `${API_PREFIX}/strategies`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['strategies'],
        summary: 'Built-in strategies with the JSON Schema of their parameters',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                name: z.string(),
                title: z.string(),
                description: z.string(),
                params: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    () => ({
      items: BUILTIN_STRATEGIES.map((s) => ({
        name: s.name,
        title: s.title,
        description: s.description,
        params: describeStrategyParams(s),
      })),
    }),
  )

  app.get(
    `${API_PREFIX}/indicators`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['indicators'],
        summary: 'Every indicator with its inputs, outputs and the JSON Schema of its parameters',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                name: z.string(),
                title: z.string(),
                category: z.string(),
                description: z.string(),
                inputs: z.array(z.string()),
                outputs: z.array(z.string()),
                params: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    () => ({
      items: BUILTIN_REGISTRY.indicators.map((i) => ({
        name: i.name,
        title: i.title,
        category: i.category,
        description: i.description,
        inputs: [...i.inputs],
        outputs: [...i.outputs],
        params: i.describeParams(),
      })),
    }),
  )

  app.post(
    `${API_PREFIX}/indicators/:name/compute`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['indicators'],
        summary: 'Compute an indicator over a data set; values are null during the warm-up',
        params: z.object({ name: z.string() }),
        body: z.strictObject({
          datasetId: z.string().min(1),
          params: z.record(z.string(), z.unknown()).default({}),
        }),
        response: {
          200: z.object({
            indicator: z.string(),
            datasetId: z.string(),
            time: z.array(z.string()),
            outputs: z.record(z.string(), z.array(z.number().nullable())),
          }),
        },
      },
    },
    async (request) => {
      const indicator = BUILTIN_REGISTRY.find(request.params.name)
      if (indicator === undefined)
        throw new TradePulseError(
          'INDICATOR_UNKNOWN',
          `no indicator ${JSON.stringify(request.params.name)}`,
          { field: 'name' },
        )
      const dataset = await context.datasets.get(request.body.datasetId)
      if (dataset === undefined)
        throw new TradePulseError('API_NOT_FOUND', `no data set ${request.body.datasetId}`, {
          field: 'datasetId',
        })
      const { series } = await readBarFile(dataset.storagePath)
      // Bar data: order flow is classified from the bars (tick rule), quotes are absent.
      const outputs = indicator.compute(
        inputsFor(indicator, inputsFromSeries(series)),
        request.body.params,
      ) as Record<string, Float64Array>
      const time = Array.from(series.openTime, (t) => new Date(t).toISOString())
      return {
        indicator: indicator.name,
        datasetId: dataset.id,
        time,
        outputs: Object.fromEntries(
          Object.entries(outputs).map(([k, v]) => [k, Array.from(v, (x) => (Number.isFinite(x) ? x : null))]),
        ),
      }
    },
  )
}
