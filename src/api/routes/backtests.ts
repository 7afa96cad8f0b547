/**
 * Backtests as jobs: create (strategy, parameters, data sets, configuration), poll status and
 * progress, cancel, and fetch the finished run's metrics, trades, equity and HTML report.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { backtestConfigSchema } from '../../backtest/config.ts'
import { RUN_FILES } from '../../backtest/run-store/index.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { parseStrategyParams } from '../../strategy/define.ts'
import { findStrategy } from '../../strategy/registry.ts'
import type { JobRecord } from '../../store/repositories/jobs.ts'
import { jobView } from '../backtest-jobs.ts'
import type { ApiContext } from '../context.ts'
import { API_PREFIX } from '../paths.ts'

export const BacktestRequest = z.strictObject({
  strategy: z.string().min(1).describe('a built-in strategy name (GET /api/v1/strategies)'),
  params: z.record(z.string(), z.unknown()).default({}),
  datasetIds: z.array(z.string().min(1)).min(1).max(100).describe('one data set per instrument'),
  config: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('capital, frictions, latency and risk, as docs/backtest.md'),
})

const JobView = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.number(),
  request: z.unknown(),
  runId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})

export function registerBacktestRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const Id = z.object({ id: z.string().min(1) })

  const finishedRun = async (id: string): Promise<string> => {
    const job = await getJob(context, id)
    if (job.status !== 'succeeded' || job.runId === null)
      throw new TradePulseError(
        'API_CONFLICT',
        `backtest ${id} is ${job.status}; its results exist once it has succeeded`,
        { field: 'id' },
      )
    return join(context.backtests.runsDir, job.runId)
  }

  app.post(
    `${API_PREFIX}/backtests`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['backtests'],
        summary: 'Start a backtest as a background job',
        body: BacktestRequest,
        response: { 202: JobView },
      },
    },
    async (request, reply) => {
      const body = request.body
      const strategy = findStrategy(body.strategy)
      if (strategy === undefined)
        throw new TradePulseError(
          'STRATEGY_NOT_FOUND',
          `no built-in strategy ${JSON.stringify(body.strategy)}`,
          { field: 'strategy' },
        )
      parseStrategyParams(strategy, body.params)
      const config = backtestConfigSchema.safeParse(body.config)
      if (!config.success) {
        const issue = config.error.issues[0]!
        throw new TradePulseError('API_VALIDATION', issue.message, {
          field: ['config', ...issue.path].join('.'),
        })
      }
      for (const id of body.datasetIds)
        if ((await context.datasets.get(id)) === undefined)
          throw new TradePulseError('API_NOT_FOUND', `no data set ${id}`, { field: 'datasetIds' })
      const job = await context.jobs.enqueue({ id: randomUUID(), request: body, createdAt: context.now() })
      context.events.publish('job', jobView(job))
      context.backtests.kick()
      return reply
        .status(202)
        .header('Location', `${API_PREFIX}/backtests/${job.id}`)
        .send(jobView(job) as z.infer<typeof JobView>)
    },
  )

  app.get(
    `${API_PREFIX}/backtests`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['backtests'],
        summary: 'Backtest jobs, newest first, optionally by status',
        querystring: z.strictObject({
          status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().optional(),
        }),
        response: { 200: z.object({ items: z.array(JobView), nextCursor: z.string().optional() }) },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query
      const page = await context.jobs.list({
        limit,
        ...(status === undefined ? {} : { status }),
        ...(cursor === undefined ? {} : { cursor }),
      })
      return {
        items: page.items.map((j) => jobView(j) as z.infer<typeof JobView>),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      }
    },
  )

  app.get(
    `${API_PREFIX}/backtests/:id`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['backtests'],
        summary: 'A backtest job: status and progress',
        params: Id,
        response: { 200: JobView },
      },
    },
    async (request) => jobView(await getJob(context, request.params.id)) as z.infer<typeof JobView>,
  )

  app.post(
    `${API_PREFIX}/backtests/:id/cancel`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['backtests'],
        summary: 'Cancel a queued or running backtest',
        params: Id,
        response: { 200: JobView },
      },
    },
    async (request) => {
      const job = await getJob(context, request.params.id)
      if (!(await context.backtests.cancel(job)))
        throw new TradePulseError(
          'API_CONFLICT',
          `backtest ${job.id} is ${job.status}: only a queued or running backtest can be cancelled`,
          { field: 'id' },
        )
      return jobView(await getJob(context, job.id)) as z.infer<typeof JobView>
    },
  )

  const runFile = (file: string, what: string): void => {
    app.get(
      `${API_PREFIX}/backtests/:id/${what}`,
      {
        config: { access: 'read' },
        schema: {
          tags: ['backtests'],
          summary: `The finished run's ${what}`,
          params: Id,
          response: { 200: z.unknown() },
        },
      },
      async (request) =>
        JSON.parse(await readFile(join(await finishedRun(request.params.id), file), 'utf8')) as unknown,
    )
  }
  runFile(RUN_FILES.metrics, 'metrics')
  runFile(RUN_FILES.trades, 'trades')

  app.get(
    `${API_PREFIX}/backtests/:id/equity`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['backtests'],
        summary: "The finished run's equity curve (JSON, or Parquet for long runs)",
        params: Id,
      },
    },
    async (request, reply) => {
      const dir = await finishedRun(request.params.id)
      const config = JSON.parse(await readFile(join(dir, RUN_FILES.config), 'utf8')) as { equityFile: string }
      const bytes = await readFile(join(dir, config.equityFile))
      return reply
        .type(config.equityFile.endsWith('.parquet') ? 'application/vnd.apache.parquet' : 'application/json')
        .send(bytes)
    },
  )

  app.get(
    `${API_PREFIX}/backtests/:id/report`,
    {
      config: { access: 'read' },
      schema: { tags: ['backtests'], summary: "The finished run's self-contained HTML report", params: Id },
    },
    async (request, reply) => {
      const html = await readFile(join(await finishedRun(request.params.id), RUN_FILES.report))
      return reply
        .type('text/html; charset=utf-8')
        .header(
          'Content-Security-Policy',
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
        )
        .send(html)
    },
  )
}

async function getJob(context: ApiContext, id: string): Promise<JobRecord> {
  const job = await context.jobs.get(id)
  if (job === undefined) throw new TradePulseError('API_NOT_FOUND', `no backtest ${id}`, { field: 'id' })
  return job
}
