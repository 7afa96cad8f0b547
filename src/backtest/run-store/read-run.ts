/**
 * Reads a run folder written by writeRun back into the result and metrics it was written from.
 * Every file is checked against its shape (schemas.ts); a missing or malformed file is refused
 * with its path and the field at fault.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import type { BacktestMetrics } from '../metrics/metrics.ts'
import type { BacktestResult } from '../result.ts'
import { parseEquityJson } from './equity-json.ts'
import { parseEquityParquet } from './equity-parquet.ts'
import { splitEquityTable } from './equity-table.ts'
import { RUN_FILES } from './files.ts'
import { eventsFile, fillsFile, metricsFile, ordersFile, runConfigFile, tradesFile } from './schemas.ts'

export interface StoredRun {
  readonly runId: string
  readonly result: BacktestResult
  readonly metrics: BacktestMetrics
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TradePulseError('DATA_FILE_NOT_FOUND', `cannot read the run file: ${reason}`, { file: path })
  }
}

async function readJson<T extends z.ZodType>(dir: string, name: string, schema: T): Promise<z.output<T>> {
  const path = join(dir, name)
  const text = (await readBytes(path)).toString('utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    })
  }
  const checked = schema.safeParse(parsed)
  if (!checked.success) {
    const issue = checked.error.issues[0]!
    throw new Error(`${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`)
  }
  return checked.data
}

export async function readRun(dir: string): Promise<StoredRun> {
  const config = await readJson(dir, RUN_FILES.config, runConfigFile)
  const metrics = await readJson(dir, RUN_FILES.metrics, metricsFile)
  const equityPath = join(dir, config.equityFile)
  const equityBytes = await readBytes(equityPath)
  const table =
    config.equityFile === RUN_FILES.equityJson
      ? parseEquityJson(equityBytes.toString('utf8'), equityPath)
      : await parseEquityParquet(equityBytes, equityPath)
  const series = splitEquityTable(table)
  const result: BacktestResult = {
    strategy: config.strategy,
    config: config.config,
    accountCurrency: config.accountCurrency,
    initialCapital: config.initialCapital,
    data: config.data,
    equity: series.equity,
    benchmark: series.benchmark,
    closes: series.closes,
    orders: await readJson(dir, RUN_FILES.orders, ordersFile),
    fills: await readJson(dir, RUN_FILES.fills, fillsFile),
    trades: await readJson(dir, RUN_FILES.trades, tradesFile),
    frictions: metrics.frictions,
    events: await readJson(dir, RUN_FILES.events, eventsFile),
    barEvents: metrics.barEvents,
  }
  return { runId: config.runId, result, metrics }
}
