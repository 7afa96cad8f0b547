/**
 * Writes a run to `<dir>/<run id>/`: config.json, metrics.json, orders.json, fills.json,
 * trades.json, events.json, equity.json (or equity.parquet beyond 50,000 points) and
 * report.html. Nothing in the folder depends on when or where it was written, so writing the
 * same run twice gives byte-identical files. Each file is written atomically (written beside, then
 * renamed): a reader sees an old file or the new one, never a part.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import type { BacktestMetrics } from '../metrics/metrics.ts'
import { type ReportExtension, renderReport } from '../report/render.ts'
import type { BacktestResult } from '../result.ts'
import { equityJson } from './equity-json.ts'
import { equityParquet } from './equity-parquet.ts'
import { equityTable } from './equity-table.ts'
import { MAX_JSON_EQUITY_POINTS, RUN_FILES, jsonLines, prettyJson } from './files.ts'
import { runId } from './run-id.ts'
import { RUN_FORMAT_VERSION, type RunConfigFile } from './schemas.ts'

export interface WriteRunOptions {
  /** Most equity points written as JSON; more go to Parquet. Default 50,000. */
  readonly maxJsonEquityPoints?: number
  /** Sections outer modules add to report.html (analytics: transaction costs, attribution). */
  readonly reportExtensions?: readonly ReportExtension[]
}

export interface RunInfo {
  readonly runId: string
  /** The run's folder: `<dir>/<runId>`. */
  readonly path: string
  readonly equityFile: 'equity.json' | 'equity.parquet'
  /** The files written, in the order they were written. */
  readonly files: readonly string[]
}

export async function writeRun(
  result: BacktestResult,
  metrics: BacktestMetrics,
  dir: string,
  options: WriteRunOptions = {},
): Promise<RunInfo> {
  const limit = options.maxJsonEquityPoints ?? MAX_JSON_EQUITY_POINTS
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`maxJsonEquityPoints must be an integer >= 0, was ${limit}`)
  const id = runId(result)
  const path = join(dir, id)
  const table = equityTable(result)
  const equityFile = result.equity.length <= limit ? RUN_FILES.equityJson : RUN_FILES.equityParquet
  const config: RunConfigFile = {
    formatVersion: RUN_FORMAT_VERSION,
    runId: id,
    strategy: result.strategy,
    config: result.config,
    accountCurrency: result.accountCurrency,
    initialCapital: result.initialCapital,
    data: [...result.data],
    equityFile,
  }
  const contents: [string, string | Uint8Array][] = [
    [RUN_FILES.config, prettyJson(config)],
    [RUN_FILES.metrics, prettyJson(metrics)],
    [RUN_FILES.orders, jsonLines(result.orders)],
    [RUN_FILES.fills, jsonLines(result.fills)],
    [RUN_FILES.trades, jsonLines(result.trades)],
    [RUN_FILES.events, jsonLines(result.events)],
    [equityFile, equityFile === RUN_FILES.equityJson ? equityJson(table) : equityParquet(table)],
    [RUN_FILES.report, renderReport(result, metrics, options.reportExtensions)],
  ]
  await mkdir(path, { recursive: true })
  for (const [name, content] of contents) await writeFileAtomically(join(path, name), content)
  return { runId: id, path, equityFile, files: contents.map(([name]) => name) }
}
