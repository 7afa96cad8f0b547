/**
 * A walk-forward's folder: `walk-forward.json` (what was asked, each window and the overall
 * figures), `oos-equity.json` (the stitched out-of-sample equity and benchmark, point by point)
 * and `report.html` (report.ts). The folder is named by a hash of the specification and the data,
 * so the same walk-forward run twice writes to the same folder, and each file is replaced whole.
 */
import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { type WalkForwardDescription, renderWalkForwardReport } from './report.ts'
import type { WalkForwardOutcome } from './run-walk-forward.ts'

export const WALK_FORWARD_FILES = {
  summary: 'walk-forward.json',
  equity: 'oos-equity.json',
  report: 'report.html',
} as const

const ID_LENGTH = 16

/** A short hex name for a walk-forward: the same specification gives the same id. */
export function walkForwardId(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, ID_LENGTH)
}

/** walk-forward.json: the specification, every window (train and test metrics in full) and the whole. */
export function walkForwardSummary(outcome: WalkForwardOutcome, spec: unknown): unknown {
  return {
    spec,
    rank: outcome.rank,
    windows: outcome.windows.map((w) => ({
      index: w.window.index,
      train: {
        start: new Date(w.window.trainStart).toISOString(),
        end: new Date(w.window.trainEnd).toISOString(),
        bars: w.window.trainBars,
      },
      test: {
        start: new Date(w.window.testStart).toISOString(),
        end: new Date(w.window.testEnd).toISOString(),
        bars: w.window.testBars,
        partial: w.window.partial,
      },
      tradeFrom: new Date(w.tradeFrom).toISOString(),
      trials: w.trials,
      skipped: w.skipped,
      failed: w.failed,
      chosen: w.chosen,
      inSampleValue: w.inSampleValue,
      outOfSampleValue: w.outOfSampleValue,
      degradation: w.degradation,
      efficiency: w.efficiency,
      inSample: w.inSample,
      outOfSample: w.outOfSample,
    })),
    outOfSample: outcome.metrics,
    efficiency: outcome.efficiency,
    deflatedSharpe: outcome.deflatedSharpe,
    deflatedSharpeNote: outcome.deflatedSharpeNote,
  }
}

/** Writes the three files into `folder` (created when missing); returns their paths. */
export async function writeWalkForward(
  outcome: WalkForwardOutcome,
  description: WalkForwardDescription,
  folder: string,
): Promise<{ readonly summary: string; readonly equity: string; readonly report: string }> {
  await mkdir(folder, { recursive: true })
  const paths = {
    summary: join(folder, WALK_FORWARD_FILES.summary),
    equity: join(folder, WALK_FORWARD_FILES.equity),
    report: join(folder, WALK_FORWARD_FILES.report),
  }
  await writeFileAtomically(
    paths.summary,
    `${JSON.stringify(walkForwardSummary(outcome, description.spec), null, 2)}\n`,
  )
  const benchmark = outcome.stitched.benchmark
  await writeFileAtomically(
    paths.equity,
    `${JSON.stringify({
      initialCapital: outcome.stitched.initialCapital,
      windowStarts: outcome.windows.map((w) => w.tradeFrom),
      points: outcome.stitched.equity.map((p, i) => ({
        time: p.time,
        equity: p.equity,
        benchmark: benchmark[i]?.equity ?? null,
      })),
    })}\n`,
  )
  await writeFileAtomically(paths.report, renderWalkForwardReport(outcome, description))
  return paths
}
