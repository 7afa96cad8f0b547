/**
 * A backtest job's thread: reads the data sets, runs the strategy through the engine, writes the
 * run folder, and reports progress and the outcome to backtest-jobs.ts. A thread of its own keeps
 * the server answering while a long backtest runs, and lets a cancel stop it at once.
 */
import { analyticsReportExtension } from '../analytics/report/backtest-sections.ts'
import { parentPort, workerData } from 'node:worker_threads'
import { basename, extname } from 'node:path'
import type { BacktestConfigInput } from '../backtest/config.ts'
import { resolveBacktestConfig } from '../backtest/config.ts'
import { runBacktest } from '../backtest/engine.ts'
import { instrumentForSeries } from '../backtest/engine/instruments.ts'
import { computeMetrics } from '../backtest/metrics/index.ts'
import { writeRun } from '../backtest/run-store/index.ts'
import { readBarFile } from '../data/bar-file.ts'
import { loadStrategy } from '../strategy/load.ts'

export interface BacktestWorkerInput {
  readonly strategy: string
  readonly params: Readonly<Record<string, unknown>>
  readonly config: BacktestConfigInput
  readonly files: readonly { readonly path: string; readonly name: string }[]
  readonly runsDir: string
}

export type BacktestWorkerMessage =
  | { readonly kind: 'progress'; readonly progress: number }
  | { readonly kind: 'done'; readonly runId: string }
  | { readonly kind: 'failed'; readonly error: string }

const input = workerData as BacktestWorkerInput
const post = (message: BacktestWorkerMessage): void => {
  parentPort!.postMessage(message)
}

try {
  const strategy = await loadStrategy(input.strategy)
  const currency = resolveBacktestConfig(input.config).accountCurrency
  const data = []
  for (const file of input.files) {
    const { series } = await readBarFile(file.path)
    const symbol =
      basename(file.name, extname(file.name))
        .replace(/[^A-Za-z0-9._/^:-]/g, '_')
        .slice(0, 32) || 'DATA'
    data.push({ instrument: instrumentForSeries(symbol, series, currency), series, source: file.name })
  }
  let reported = 0
  const result = runBacktest({
    strategy,
    params: input.params,
    data,
    config: input.config,
    onProgress: (done, total) => {
      const progress = total === 0 ? 1 : done / total
      if (progress - reported >= 0.01) {
        reported = progress
        post({ kind: 'progress', progress })
      }
    },
  })
  const run = await writeRun(result, computeMetrics(result), input.runsDir, {
    reportExtensions: [analyticsReportExtension(result)],
  })
  post({ kind: 'done', runId: run.runId })
} catch (error) {
  post({ kind: 'failed', error: error instanceof Error ? error.message : String(error) })
}
