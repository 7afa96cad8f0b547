/**
 * `tradepulse backtest --impact-k K|FIT.json`: the backtest's impact slippage with a calibrated
 * k. The value is a number, or the JSON file `tradepulse report liquidity RUN --out FIT.json`
 * writes (its `k`, and its `window`, the σ window the fit used, which the slippage model then
 * uses too, so the backtest charges what the fit measured).
 */
import { readFile } from 'node:fs/promises'
import type { BacktestConfigInput } from '../backtest/config.ts'
import { usageError } from './options.ts'

export interface ImpactSetting {
  readonly k: number
  readonly window?: number
}

export async function readImpactK(value: string): Promise<ImpactSetting> {
  const number = Number(value)
  if (value.trim() !== '' && Number.isFinite(number)) {
    if (number < 0) throw usageError('--impact-k', `must be ≥ 0, was ${value}`)
    return { k: number }
  }
  let text: string
  try {
    text = await readFile(value, 'utf8')
  } catch {
    throw usageError('--impact-k', `${value} is neither a number nor a readable fit file`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw usageError(
      '--impact-k',
      `${value} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const fit = parsed as { k?: unknown; window?: unknown }
  if (typeof fit.k !== 'number' || !Number.isFinite(fit.k) || fit.k < 0)
    throw usageError(
      '--impact-k',
      `${value}: "k" must be a number ≥ 0 (a fit written by tradepulse report liquidity --out)`,
    )
  if (fit.window !== undefined && !(Number.isInteger(fit.window) && (fit.window as number) >= 2))
    throw usageError('--impact-k', `${value}: "window" must be an integer ≥ 2`)
  return fit.window === undefined ? { k: fit.k } : { k: fit.k, window: fit.window as number }
}

/** `config` with its slippage switched to sqrt-impact at the calibrated k (and the fit's window). */
export function withImpactK(config: BacktestConfigInput, setting: ImpactSetting): BacktestConfigInput {
  return {
    ...config,
    slippage: {
      ...(config.slippage ?? {}),
      model: 'sqrt-impact',
      impactCoefficient: setting.k,
      ...(setting.window === undefined ? {} : { window: setting.window }),
    },
  }
}
