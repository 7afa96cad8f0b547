/**
 * Research results, read only: the sweep folders under `<dataDir>/sweeps/` that `tradepulse sweep
 * --out <dataDir>/sweeps` (or the demo) wrote — what was swept, every ranked combination with its
 * metric (for a heat map and the trial distribution), and the overfitting statistics (deflated
 * Sharpe ratio, probability of backtest overfitting). The service runs no sweeps itself; it shows
 * them. A folder that is incomplete or unreadable is left out of the list, never an error.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import type { ApiContext } from '../context.ts'
import { API_PREFIX } from '../paths.ts'

const SweepSummary = z.object({
  id: z.string(),
  strategy: z.string(),
  created: z.string(),
  combinations: z.number(),
  evaluated: z.number(),
  failed: z.number(),
  metric: z.string().describe('the rank metric'),
  direction: z.enum(['max', 'min']),
  best: z.number().nullable(),
  verdict: z.string().nullable().describe('the overfitting verdict, when the sweep computed one'),
})

const SweepDetail = SweepSummary.extend({
  space: z.record(z.string(), z.unknown()).describe('the swept dimensions, as the sweep declared them'),
  ranking: z.array(
    z.object({
      position: z.number(),
      params: z.record(z.string(), z.unknown()),
      value: z.number().nullable(),
    }),
  ),
  overfitting: z
    .object({
      trials: z.number(),
      observations: z.number(),
      deflatedSharpe: z
        .object({
          deflatedSharpe: z.number(),
          sharpe: z.number(),
          expectedMaximumSharpe: z.number(),
          params: z.record(z.string(), z.unknown()),
          verdict: z.string(),
        })
        .nullable(),
      pbo: z
        .object({
          probability: z.number(),
          probabilityOfLoss: z.number(),
          degradationSlope: z.number().nullable(),
          logits: z.array(z.number()),
          verdict: z.string(),
        })
        .nullable(),
      verdict: z.string(),
    })
    .nullable(),
})
type SweepDetail = z.infer<typeof SweepDetail>

const SWEEP_ID = /^[0-9a-f]{16}$/

interface Ranking {
  readonly rank?: { readonly metric?: string; readonly direction?: string }
  readonly combinations?: number
  readonly evaluated?: number
  readonly failed?: number
  readonly ranking?: readonly { position?: number; params?: Record<string, unknown>; value?: number | null }[]
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

/** A sweep folder as the API shows it; undefined when it lacks its description or its ranking. */
export async function readSweep(folder: string): Promise<SweepDetail | undefined> {
  let sweep: { sweepId?: unknown; strategy?: unknown; created?: unknown; space?: unknown }
  let ranking: Ranking
  try {
    sweep = (await readJson(join(folder, 'sweep.json'))) as typeof sweep
    ranking = (await readJson(join(folder, 'ranking.json'))) as Ranking
  } catch {
    return undefined
  }
  if (typeof sweep.sweepId !== 'string' || typeof sweep.strategy !== 'string') return undefined
  const overfitting = (await readJson(join(folder, 'overfitting.json')).catch(() => undefined)) as
    Record<string, Record<string, unknown> | number | string | null | undefined> | undefined
  const dsr = overfitting?.deflatedSharpe as Record<string, unknown> | null | undefined
  const pbo = overfitting?.pbo as Record<string, unknown> | null | undefined
  const rows = (ranking.ranking ?? []).map((r, i) => ({
    position: r.position ?? i + 1,
    params: r.params ?? {},
    value: num(r.value),
  }))
  const created = typeof sweep.created === 'string' ? sweep.created : (await stat(folder)).mtime.toISOString()
  return {
    id: sweep.sweepId,
    strategy: sweep.strategy,
    created,
    combinations: ranking.combinations ?? rows.length,
    evaluated: ranking.evaluated ?? rows.length,
    failed: ranking.failed ?? 0,
    metric: ranking.rank?.metric ?? 'sharpe',
    direction: ranking.rank?.direction === 'min' ? 'min' : 'max',
    best: rows[0]?.value ?? null,
    verdict: typeof overfitting?.verdict === 'string' ? overfitting.verdict : null,
    space:
      typeof sweep.space === 'object' && sweep.space !== null ? (sweep.space as Record<string, unknown>) : {},
    ranking: rows,
    overfitting:
      overfitting === undefined
        ? null
        : {
            trials: num(overfitting.trials) ?? rows.length,
            observations: num(overfitting.observations) ?? 0,
            deflatedSharpe:
              dsr === null || dsr === undefined
                ? null
                : {
                    deflatedSharpe: num(dsr.deflatedSharpe) ?? 0,
                    sharpe: num(dsr.sharpe) ?? 0,
                    expectedMaximumSharpe: num(dsr.expectedMaximumSharpe) ?? 0,
                    params: (dsr.params ?? {}) as Record<string, unknown>,
                    verdict: typeof dsr.verdict === 'string' ? dsr.verdict : '',
                  },
            pbo:
              pbo === null || pbo === undefined
                ? null
                : {
                    probability: num(pbo.probability) ?? 0,
                    probabilityOfLoss: num(pbo.probabilityOfLoss) ?? 0,
                    degradationSlope: num(pbo.degradationSlope),
                    logits: Array.isArray(pbo.logits)
                      ? pbo.logits.filter((x): x is number => num(x) !== null)
                      : [],
                    verdict: typeof pbo.verdict === 'string' ? pbo.verdict : '',
                  },
            verdict: typeof overfitting.verdict === 'string' ? overfitting.verdict : '',
          },
  }
}

export function registerResearchRoutes(fastify: FastifyInstance, context: ApiContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const root = join(context.config.dataDir, 'sweeps')

  app.get(
    `${API_PREFIX}/research/sweeps`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['research'],
        summary: 'Sweeps found under <dataDir>/sweeps, newest first',
        response: { 200: z.object({ items: z.array(SweepSummary) }) },
      },
    },
    async () => {
      const names = await readdir(root).catch(() => [] as string[])
      const sweeps = await Promise.all(
        names.filter((n) => n.startsWith('sweep-')).map((name) => readSweep(join(root, name))),
      )
      const items = sweeps
        .filter((s) => s !== undefined)
        .map((s) => SweepSummary.parse(s))
        .sort((a, b) => b.created.localeCompare(a.created))
      return { items }
    },
  )

  app.get(
    `${API_PREFIX}/research/sweeps/:id`,
    {
      config: { access: 'read' },
      schema: {
        tags: ['research'],
        summary: 'One sweep: its space, every ranked combination, and the deflated Sharpe ratio and PBO',
        params: z.object({ id: z.string() }),
        response: { 200: SweepDetail },
      },
    },
    async (request) => {
      const { id } = request.params
      const sweep = SWEEP_ID.test(id) ? await readSweep(join(root, `sweep-${id}`)) : undefined
      if (sweep === undefined)
        throw new TradePulseError('API_NOT_FOUND', `no sweep ${id} under ${root}`, { field: 'id' })
      return sweep
    },
  )
}
