/**
 * Data sets: upload a bar file (CSV or Parquet, told apart by content), validated by the data
 * layer under the chosen policy; list, fetch (with the validation report), delete. A file that
 * fails validation is refused with its report and nothing is stored; the same bytes uploaded
 * again return the data set already stored.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { readBarFile, validateBarFile } from '../../data/bar-file.ts'
import { TradePulseError, isTradePulseError } from '../../domain/errors.ts'
import type { DatasetRecord } from '../../store/repositories/datasets.ts'
import type { ApiContext } from '../context.ts'
import { DetailedError } from '../problem.ts'
import { API_PREFIX } from '../paths.ts'

const UPLOAD_TYPES = ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.apache.parquet']

const DatasetView = z.object({
  id: z.string(),
  name: z.string(),
  format: z.enum(['csv', 'parquet']),
  sizeBytes: z.number(),
  rowCount: z.number(),
  fingerprint: z.string(),
  createdAt: z.string(),
})
const DatasetDetail = DatasetView.extend({ report: z.unknown() })

function view(record: DatasetRecord): z.infer<typeof DatasetView> {
  return {
    id: record.id,
    name: record.name,
    format: record.format,
    sizeBytes: record.sizeBytes,
    rowCount: record.rowCount,
    fingerprint: record.fingerprint,
    createdAt: new Date(record.createdAt).toISOString(),
  }
}

export function registerDatasetRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const dir = join(context.config.dataDir, 'datasets')
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: context.config.uploadLimitBytes },
    (_request, body, done) => {
      done(null, body)
    },
  )

  app.post(
    `${API_PREFIX}/datasets`,
    {
      config: { access: 'trade' },
      bodyLimit: context.config.uploadLimitBytes,
      schema: {
        tags: ['datasets'],
        summary: 'Upload a bar file (CSV or Parquet) as the raw body; it is validated before it is stored',
        querystring: z.strictObject({
          name: z
            .string()
            .min(1)
            .max(200)
            .refine(
              (name) => !/[/\\]/.test(name) && !name.split('').some((c) => c.charCodeAt(0) < 0x20),
              'a file name without slashes or control characters',
            ),
          policy: z.enum(['strict', 'repair']).default('strict'),
        }),
        response: { 201: DatasetDetail, 200: DatasetDetail },
      },
    },
    async (request, reply) => {
      const body = request.body
      if (!Buffer.isBuffer(body))
        throw new TradePulseError(
          'API_UNSUPPORTED_MEDIA_TYPE',
          `upload the file as the body with Content-Type ${UPLOAD_TYPES.join(', ')}`,
          { field: 'content-type' },
        )
      if (body.length === 0)
        throw new TradePulseError('DATA_EMPTY', 'the uploaded file is empty', { file: request.query.name })
      const fingerprint = createHash('sha256').update(body).digest('hex')
      const known = await context.datasets.findByFingerprint(fingerprint)
      if (known !== undefined) return reply.status(200).send({ ...view(known), report: known.report })

      await mkdir(dir, { recursive: true })
      const id = randomUUID()
      const staging = join(dir, `.${id}.upload`)
      await writeFile(staging, body)
      try {
        // Validated under repair so the report lists every issue; strict then refuses if any is an error.
        const validation = await validateBarFile(staging, { policy: 'repair' })
        let rowCount: number
        let report: unknown
        if (validation.format === 'csv') {
          const errors = validation.report.issues.filter((i) => i.severity === 'error')
          if (request.query.policy === 'strict' && errors.length > 0) {
            const first = errors[0]!
            throw new DetailedError(
              'DATA_INVALID_BAR',
              `${errors.length} problem(s) under the strict policy (upload with policy=repair to repair what can be); the first: line ${first.line}: ${first.message}`,
              {
                file: request.query.name,
                line: first.line,
                ...(first.field === undefined ? {} : { field: first.field }),
              },
              { report: { ...validation.report, file: request.query.name } },
            )
          }
          rowCount = validation.report.barsAccepted
          report = {
            ...validation.report,
            file: request.query.name,
            notes: [...validation.report.notes, ...validation.notes],
          }
        } else {
          rowCount = validation.series.length
          report = { format: 'parquet', bars: rowCount, notes: validation.notes }
        }
        // A repaired CSV is stored as uploaded; readers apply the same policy when they read it.
        await readBarFile(staging, { policy: request.query.policy })
        const storagePath = join(dir, `${id}.${validation.format}`)
        await rename(staging, storagePath)
        const record: DatasetRecord = {
          id,
          name: request.query.name,
          format: validation.format,
          sizeBytes: body.length,
          rowCount,
          fingerprint,
          report,
          storagePath,
          createdAt: context.now(),
        }
        await context.datasets.insert(record)
        return await reply.status(201).send({ ...view(record), report })
      } catch (error) {
        if (isTradePulseError(error) && error.location.file === staging)
          throw new TradePulseError(error.code, error.message.replace(staging, request.query.name), {
            ...error.location,
            file: request.query.name,
          })
        throw error
      } finally {
        await rm(staging, { force: true })
      }
    },
  )

  app.get(
    `${API_PREFIX}/datasets`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['datasets'],
        summary: 'Data sets, newest first, with cursor pagination',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().optional(),
        }),
        response: { 200: z.object({ items: z.array(DatasetView), nextCursor: z.string().optional() }) },
      },
    },
    async (request) => {
      const page = await context.datasets.list({
        limit: request.query.limit,
        ...(request.query.cursor === undefined ? {} : { cursor: request.query.cursor }),
      })
      return {
        items: page.items.map(view),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      }
    },
  )

  app.get(
    `${API_PREFIX}/datasets/:id`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['datasets'],
        summary: 'One data set with its validation report',
        params: z.object({ id: z.string() }),
        response: { 200: DatasetDetail },
      },
    },
    async (request) => {
      const record = await context.datasets.get(request.params.id)
      if (record === undefined)
        throw new TradePulseError('API_NOT_FOUND', `no data set ${request.params.id}`, { field: 'id' })
      return { ...view(record), report: record.report }
    },
  )

  app.get(
    `${API_PREFIX}/datasets/:id/bars`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['datasets'],
        summary: 'The last bars of a data set as columns, for a chart (the stored file is the exact record)',
        params: z.object({ id: z.string() }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100_000).default(5_000) }),
        response: {
          200: z.object({
            datasetId: z.string(),
            total: z.number().describe('bars in the data set; the columns hold the last `limit` of them'),
            time: z.array(z.string()),
            open: z.array(z.number()),
            high: z.array(z.number()),
            low: z.array(z.number()),
            close: z.array(z.number()),
            volume: z.array(z.number()),
          }),
        },
      },
    },
    async (request) => {
      const record = await context.datasets.get(request.params.id)
      if (record === undefined)
        throw new TradePulseError('API_NOT_FOUND', `no data set ${request.params.id}`, { field: 'id' })
      const { series } = await readBarFile(record.storagePath)
      const total = series.close.length
      const from = Math.max(0, total - request.query.limit)
      const column = (values: Float64Array): number[] => Array.from(values.subarray(from))
      return {
        datasetId: record.id,
        total,
        time: Array.from(series.openTime.subarray(from), (t) => new Date(t).toISOString()),
        open: column(series.open),
        high: column(series.high),
        low: column(series.low),
        close: column(series.close),
        volume: column(series.volume),
      }
    },
  )

  app.delete(
    `${API_PREFIX}/datasets/:id`,
    {
      config: { access: 'trade' },
      schema: {
        tags: ['datasets'],
        summary: 'Delete a data set and its file',
        params: z.object({ id: z.string() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const record = await context.datasets.get(request.params.id)
      if (record === undefined)
        throw new TradePulseError('API_NOT_FOUND', `no data set ${request.params.id}`, { field: 'id' })
      await context.datasets.delete(record.id)
      await rm(record.storagePath, { force: true })
      return reply.status(204).send(null)
    },
  )
}
