/**
 * `tradepulse report liquidity RUN`: the square-root impact model calibrated from a run's fills
 * (analytics/liquidity/run-impact.ts) — k with its standard error and R² — and the forecast cost
 * of an order of the median fill size at 5%, 10% and 20% participation of each instrument's last
 * bar volume, at the volatility of its last `--window` bars. Run folders hold no volumes, so the
 * run's own bar files (config.json `data[].source`, read from the current folder) supply them.
 * `--out FIT.json` writes the fit for `tradepulse backtest --impact-k FIT.json`.
 */
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { readBarFile } from '../../data/bar-file.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { BacktestResult } from '../../backtest/result.ts'
import { type ImpactBars, calibrateImpact, volatilityBefore } from '../../analytics/liquidity/run-impact.ts'
import { forecastImpact } from '../../analytics/liquidity/square-root-impact.ts'
import { type ReportTable, formatTableText } from '../../analytics/report/tables.ts'
import { runTransactionCosts } from '../../analytics/run-analysis.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { usageError } from '../options.ts'

export interface LiquidityFlags {
  readonly json: boolean
  readonly window?: string
  readonly out?: string
}

const PARTICIPATION = [0.05, 0.1, 0.2] as const

async function runBars(result: BacktestResult): Promise<Map<string, ImpactBars>> {
  const bars = new Map<string, ImpactBars>()
  for (const data of result.data) {
    let series
    try {
      series = (await readBarFile(data.source)).series
    } catch (error) {
      throw new TradePulseError(
        'ANALYTICS_RUN_UNREADABLE',
        `the liquidity report needs the run's bar volumes, but its data file ${data.source} cannot be read (${error instanceof Error ? error.message : String(error)}); run it from the folder the backtest ran in`,
        { file: data.source },
      )
    }
    bars.set(data.instrumentId, { openTime: series.openTime, close: series.close, volume: series.volume })
  }
  return bars
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function fixed(x: number | null, digits: number): string {
  return x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits)
}

export async function liquidityReport(
  result: BacktestResult,
  flags: LiquidityFlags,
  io: CliIo,
): Promise<void> {
  const window = flags.window === undefined ? 20 : Number(flags.window)
  if (!Number.isInteger(window) || window < 2)
    throw usageError('--window', `must be an integer ≥ 2, was ${flags.window}`)
  const bars = await runBars(result)
  const calibration = calibrateImpact(result, runTransactionCosts(result), bars, window)
  const { fit } = calibration
  const forecasts = [...bars.entries()].flatMap(([instrumentId, series]) => {
    const own = calibration.observations.filter((o) => o.instrumentId === instrumentId)
    const last = series.volume.length - 1
    const sigma = volatilityBefore(series.close, last + 1, window)
    const volume = series.volume[last] ?? 0
    if (own.length === 0 || !(volume > 0) || !(sigma >= 0)) return []
    const quantity = median(own.map((o) => o.quantity))
    return PARTICIPATION.map((participation) => ({
      instrumentId,
      quantity,
      participation,
      ...forecastImpact(fit.k, { quantity, dailyVolume: volume, dailyVolatility: sigma, participation }),
    }))
  })
  // Below two standard errors k is not told apart from 0: on small orders against a large volume
  // the shortfall is the price's own noise, and the forecasts mean nothing.
  const significant = fit.standardError !== null && fit.k > 2 * fit.standardError
  const figures = {
    model: 'cost ≈ k·σ·√(q/V)',
    significant,
    k: fit.k,
    standardError: fit.standardError,
    rSquared: fit.rSquared,
    observations: fit.observations,
    skipped: calibration.skipped,
    window,
    forecasts,
  }
  if (flags.out !== undefined) {
    await writeFileAtomically(
      flags.out,
      `${JSON.stringify({ k: fit.k, standardError: fit.standardError, rSquared: fit.rSquared, observations: fit.observations, window }, null, 2)}\n`,
    )
    writeLine(io.stderr, `wrote ${flags.out}`)
  }
  if (flags.json) {
    writeJson(io.stdout, figures)
    return
  }
  const tables: ReportTable[] = [
    {
      title: 'Square-root impact fitted on the fills (cost ≈ k·σ·√(q/V))',
      header: ['figure', 'value'],
      rows: [
        ['k', fixed(fit.k, 4)],
        ['standard error of k', fixed(fit.standardError, 4)],
        ['R² (through the origin)', fixed(fit.rSquared, 4)],
        ['fills fitted', String(fit.observations)],
        ['fills skipped', String(calibration.skipped)],
        ['σ window (bars)', String(window)],
      ],
    },
    {
      title: 'Forecast cost of an order of the median fill size, at the last bar’s volume and σ',
      header: ['instrument', 'quantity', 'participation', 'bars to fill', 'cost (bps)'],
      rows: forecasts.map((f) => [
        f.instrumentId,
        fixed(f.quantity, 2),
        `${(f.participation * 100).toFixed(0)}%`,
        Number.isFinite(f.durationDays) ? f.durationDays.toPrecision(3) : '—',
        fixed(f.costBps, 2),
      ]),
    },
  ]
  for (const table of tables) {
    for (const line of formatTableText(table)) writeLine(io.stdout, line)
    writeLine(io.stdout)
  }
  if (!significant) {
    writeLine(
      io.stdout,
      'k is not above two standard errors: the fills are too small against the volume (or too few) for their cost to show impact, and the forecasts mean nothing.',
    )
  }
}
