/**
 * The parts of `tradepulse sweep` beyond running the engine's sweep: `--fast` (the vectorised
 * fast path, research/sweep/fast-sweep.ts), `--confirm top:N` (its best rerun through the engine
 * and compared), and what every sweep ends with — the overfitting verdict and report.html.
 */
import { join } from 'node:path'
import { TradePulseError } from '../../domain/errors.ts'
import { engineReportRows, fastReportRows } from '../../research/report/from-outcome.ts'
import { type SweepReportInput, writeSweepReport } from '../../research/report/render.ts'
import { type Confirmation, confirmWithEngine, parseConfirm } from '../../research/sweep/confirm.ts'
import { type FastSweepOutcome, runFastSweep } from '../../research/sweep/fast-sweep.ts'
import { sweepId } from '../../research/sweep/folder.ts'
import type { SweepOverfitting } from '../../research/sweep/overfitting-summary.ts'
import { type SweepOptions, type SweepOutcome, describeSweep } from '../../research/sweep/run-sweep.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { usageError } from '../options.ts'
import { startProgress } from '../progress.ts'

export interface ExtraFlags {
  readonly fast: boolean
  readonly confirm?: string
  readonly heatmap?: string
  readonly json: boolean
  readonly out: string
  readonly resume?: string
}

function heatmapParams(flags: ExtraFlags, space: object): readonly [string, string] | undefined {
  if (flags.heatmap === undefined) return undefined
  const names = flags.heatmap.split(',').map((name) => name.trim())
  if (names.length !== 2 || names.some((name) => name === ''))
    throw usageError('--heatmap', `${JSON.stringify(flags.heatmap)} is not two parameters, NAME,NAME`)
  for (const name of names)
    if (!Object.hasOwn(space, name))
      throw usageError(
        '--heatmap',
        `${name} is not a dimension of the space (${Object.keys(space).join(', ')})`,
      )
  return [names[0]!, names[1]!]
}

/** The overfitting lines of the text summary. */
export function formatOverfitting(overfitting: SweepOverfitting): string[] {
  const dsr = overfitting.deflatedSharpe
  const pbo = overfitting.pbo
  return [
    'unavailable' in dsr
      ? `deflated Sharpe ratio: unavailable (${dsr.unavailable})`
      : `deflated Sharpe ratio of the best: ${dsr.deflatedSharpe.toFixed(3)} over ${dsr.trials} trials, ${dsr.observations} periods`,
    'unavailable' in pbo
      ? `probability of backtest overfitting: unavailable (${pbo.unavailable})`
      : `probability of backtest overfitting: ${pbo.probability.toFixed(3)} (CSCV, ${pbo.partitions} blocks)`,
    `verdict: ${overfitting.verdict}`,
  ]
}

function reportInput(
  outcome: SweepOutcome | FastSweepOutcome,
  strategy: string,
  search: unknown,
  engine: SweepReportInput['engine'],
  heatmap: readonly [string, string] | undefined,
): SweepReportInput {
  const rows =
    engine === 'vectorised'
      ? fastReportRows(outcome as FastSweepOutcome)
      : engineReportRows(outcome as SweepOutcome)
  return {
    sweepId: outcome.sweepId,
    strategy,
    engine,
    space: outcome.space,
    search,
    rank: outcome.rank,
    combinations: outcome.results.length + outcome.skipped,
    rows,
    ranking: outcome.ranking.map((entry) => entry.index),
    overfitting: outcome.overfitting,
    ...(heatmap === undefined ? {} : { heatmap }),
  }
}

/** Writes report.html for an engine sweep; returns its path. */
export async function writeEngineReport(
  flags: ExtraFlags,
  options: SweepOptions,
  outcome: SweepOutcome,
  folder: string,
): Promise<string> {
  const heatmap = heatmapParams(flags, outcome.space)
  return writeSweepReport(
    folder,
    reportInput(outcome, options.strategy.name, options.search, 'event-driven', heatmap),
  )
}

function formatConfirmation(confirmation: Confirmation): string[] {
  const head = `confirm #${confirmation.index} ${JSON.stringify(confirmation.params)}: ${confirmation.agrees ? 'agrees' : 'DIFFERS'}`
  if (confirmation.error !== undefined) return [head, `  the engine's run failed: ${confirmation.error}`]
  return [
    head,
    ...confirmation.comparisons.map(
      (c) =>
        `  ${c.metric.padEnd(12)} fast ${String(c.fast).padStart(22)}  engine ${String(c.engine).padStart(22)}  difference ${String(c.difference)}${c.agrees ? '' : ` (tolerance ${c.tolerance})`}`,
    ),
  ]
}

/**
 * Runs the sweep with `--fast` (and `--confirm`) and prints it; false when the engine's sweep
 * should run instead. `--confirm` without `--fast` is a usage error.
 */
export async function runSweepExtras(io: CliIo, flags: ExtraFlags, options: SweepOptions): Promise<boolean> {
  if (flags.confirm !== undefined && !flags.fast) throw usageError('--confirm', '--confirm needs --fast')
  if (!flags.fast) return false
  const confirmCount = flags.confirm === undefined ? 0 : parseConfirm(flags.confirm)
  const identity = { ...describeSweep(options).identity, engine: 'vectorised' as const }
  const folder = flags.resume ?? join(flags.out, `sweep-${sweepId(identity)}`)
  const progress = flags.json ? undefined : startProgress(io, 'sweep --fast', 'combinations')
  let outcome: FastSweepOutcome
  try {
    outcome = await runFastSweep({
      ...options,
      folder,
      onProgress: (done, total) => {
        progress?.update(done, total)
      },
    })
  } finally {
    progress?.stop()
  }
  const heatmap = heatmapParams(flags, outcome.space)
  const report = await writeSweepReport(
    folder,
    reportInput(outcome, options.strategy.name, options.search, 'vectorised', heatmap),
  )
  const best = outcome.ranking
    .slice(0, confirmCount)
    .map((entry) => outcome.results.find((r) => r.index === entry.index)!)
  const confirmations = confirmWithEngine(options, best)
  const combinations = outcome.results.length + outcome.skipped
  if (flags.json) {
    writeJson(io.stdout, {
      sweepId: outcome.sweepId,
      folder,
      engine: 'vectorised',
      strategy: options.strategy.name,
      space: outcome.space,
      search: options.search,
      rank: outcome.rank,
      combinations,
      evaluated: outcome.results.length,
      resumed: outcome.resumed,
      skipped: outcome.skipped,
      top: outcome.ranking.slice(0, 10).map((entry) => ({
        ...entry,
        metrics: outcome.results.find((r) => r.index === entry.index)?.metrics,
      })),
      overfitting: outcome.overfitting,
      confirmations,
      report,
    })
  } else {
    writeLine(
      io.stdout,
      `${options.strategy.name} on the fast path: ${combinations} combinations, ${outcome.results.length} run (${outcome.resumed} resumed), ${outcome.skipped} refused by the schema`,
    )
    for (const entry of outcome.ranking.slice(0, 10))
      writeLine(
        io.stdout,
        `  ${entry.position}  ${JSON.stringify(entry.params)}  ${outcome.rank.metric} ${entry.value.toPrecision(4)}`,
      )
    for (const line of formatOverfitting(outcome.overfitting)) writeLine(io.stdout, line)
    for (const confirmation of confirmations)
      for (const line of formatConfirmation(confirmation)) writeLine(io.stdout, line)
    writeLine(io.stdout, `report: ${report}`)
    writeLine(io.stdout, `sweep ${outcome.sweepId}: ${folder}`)
  }
  const differing = confirmations.filter((c) => !c.agrees)
  if (differing.length > 0) {
    const first = differing[0]!
    const metric = first.comparisons.find((c) => !c.agrees)
    throw new TradePulseError(
      'RESEARCH_FAST_PATH_DISAGREES',
      `${differing.length} of ${confirmations.length} confirmed combinations differ from the engine beyond the tolerance: #${first.index} ${JSON.stringify(first.params)} ${metric === undefined ? `failed in the engine (${first.error ?? ''})` : `${metric.metric} fast ${metric.fast}, engine ${metric.engine}`}${first.participationExceeded > 0 ? `; ${first.participationExceeded} fill(s) exceeded the participation limit` : ''}`,
      { field: '--confirm' },
    )
  }
  return true
}
