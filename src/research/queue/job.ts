/**
 * What one job of a distributed sweep carries: one combination, and everything a worker on another
 * machine needs to run it — the strategy (a built-in name, an absolute path or a package), the
 * backtest configuration, and the data as the path `--data` named with the reader options and,
 * per instrument, the fingerprint (barsFingerprint) of the bars the sweep was started with. A
 * worker that reads different bars from that path refuses the job rather than mix two data sets
 * in one sweep.
 *
 * A job's id is the sweep id and the combination index, so enqueueing a combination again — a
 * coordinator restarted with the same command — finds the job already there and adds nothing.
 * The payload crosses a process boundary, so a worker parses it with the schema below.
 */
import { z } from 'zod'
import type { BacktestMetrics } from '../../backtest/metrics/index.ts'
import type { CombinationError, CombinationEvaluation } from '../sweep/evaluate.ts'

/** The one BullMQ queue every sweep's jobs go through; a worker serves any sweep. */
export const SWEEP_QUEUE = 'tradepulse-sweep'

/** Where a sweep's bars come from, as a worker reads them again. */
export const QueueDataSource = z.strictObject({
  /** A bar file, a directory of bar files or a wide file, as `--data` takes it; absolute. */
  path: z.string().min(1),
  /** The reader flags (policy, delimiter, columns, date format, interval, calendar, wide). */
  reader: z.record(z.string(), z.unknown()),
  instruments: z
    .array(
      z.strictObject({
        instrumentId: z.string().min(1),
        /** The file, or the column of a wide file, the instrument was read from. */
        source: z.string(),
        fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .min(1),
})
export type QueueDataSource = z.infer<typeof QueueDataSource>

export const SweepJobData = z.strictObject({
  sweepId: z.string().regex(/^[0-9a-f]{16}$/),
  index: z.number().int().min(0),
  strategyModule: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()).optional(),
  data: QueueDataSource,
})
export type SweepJobData = z.infer<typeof SweepJobData>

/** BullMQ refuses ids with a colon or that are bare integers; a hex id and an index have neither. */
export function sweepJobId(sweepId: string, index: number): string {
  return `${sweepId}-${index}`
}

/** The combination index of one of this sweep's job ids, or undefined for another sweep's. */
export function indexOfJob(sweepId: string, jobId: string | undefined): number | undefined {
  if (!jobId?.startsWith(`${sweepId}-`)) return undefined
  const index = Number(jobId.slice(sweepId.length + 1))
  return Number.isSafeInteger(index) && index >= 0 ? index : undefined
}

/**
 * A combination's outcome as a job's return value. BullMQ stores return values as JSON, which
 * would turn a Float64Array into an object keyed by position, so the per-period returns travel as
 * a plain array (JSON keeps every double exactly) and become a Float64Array again on collection.
 */
export type JobOutcome =
  | { readonly metrics: BacktestMetrics; readonly periodReturns: readonly number[] }
  | { readonly error: CombinationError }

export function toJobOutcome(outcome: CombinationEvaluation): JobOutcome {
  return 'error' in outcome
    ? outcome
    : { metrics: outcome.metrics, periodReturns: Array.from(outcome.periodReturns) }
}

export function fromJobOutcome(outcome: JobOutcome): CombinationEvaluation {
  return 'error' in outcome
    ? outcome
    : { metrics: outcome.metrics, periodReturns: Float64Array.from(outcome.periodReturns) }
}
