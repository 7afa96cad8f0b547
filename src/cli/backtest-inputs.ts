/**
 * What `backtest` and `sweep` both read before they run: the backtest configuration of
 * `--config FILE`, and the bar inputs of `--data` as instruments with their series.
 */
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { z } from 'zod'
import { type BacktestConfigInput, resolveBacktestConfig } from '../backtest/config.ts'
import { instrumentForSeries } from '../backtest/engine/instruments.ts'
import type { InstrumentBars } from '../backtest/input.ts'
import { TradePulseError } from '../domain/errors.ts'
import type { BarInput } from './bar-inputs.ts'
import { usageError } from './options.ts'

/** Reads `--config FILE`: JSON of the backtest configuration, every field checked. */
export async function readBacktestConfig(path: string | undefined): Promise<BacktestConfigInput> {
  if (path === undefined) return {}
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new TradePulseError('DATA_FILE_NOT_FOUND', 'cannot read the configuration', { file: path })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw usageError(
      '--config',
      `${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  try {
    resolveBacktestConfig(parsed)
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issue = error.issues[0]!
      throw usageError('--config', `${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    }
    throw error
  }
  return parsed as BacktestConfigInput
}

function symbolOf(name: string): string {
  const base = basename(name, extname(name))
  return base.replace(/[^A-Za-z0-9._-]/g, '_') || 'ASSET'
}

/** Each bar input as an instrument (named after its file or column) with its series. */
export function instrumentBars(inputs: readonly BarInput[], config: BacktestConfigInput): InstrumentBars[] {
  const currency = resolveBacktestConfig(config).accountCurrency
  return inputs.map(({ name, series }) => ({
    instrument: instrumentForSeries(symbolOf(name), series, currency),
    series,
    source: name,
  }))
}
