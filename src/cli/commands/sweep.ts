/**
 * `tradepulse sweep`: a strategy over many parameter combinations — a grid, seeded random draws or
 * a genetic search over its declared space, narrowed by `--space` or `--param` — on worker
 * threads, into a sweep folder (sweep.json, results.jsonl, ranking.json). Running the same command
 * again, or `--resume DIR`, carries on where an interrupted sweep stopped. Prints the ten best
 * combinations and the folder. See docs/research.md#parameter-sweeps.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Command, Option } from 'commander'
import { type SearchKind, SEARCH_KINDS } from '../../research/optimise/search.ts'
import { SWEEP_FILES, sweepId } from '../../research/sweep/folder.ts'
import { RANK_METRICS, type RankSpec, parseRank } from '../../research/sweep/rank.ts'
import {
  type SweepOptions,
  type SweepOutcome,
  describeSweep,
  runSweep,
} from '../../research/sweep/run-sweep.ts'
import { loadStrategy } from '../../strategy/load.ts'
import { runQueuedSweep } from '../../research/queue/coordinator.ts'
import { instrumentBars, readBacktestConfig } from '../backtest-inputs.ts'
import { readBarInputs } from '../bar-inputs.ts'
import { type CliIo, writeJson, writeLine, writeNotes } from '../io.ts'
import {
  type ReaderFlags,
  parseIntegerOption,
  parseJsonObjectOption,
  readerOptions,
  usageError,
} from '../options.ts'
import { startProgress } from '../progress.ts'
import { searchSpace, searchSpec } from '../sweep-options.ts'
import { formatOverfitting, runSweepExtras, writeEngineReport } from './sweep-extras.ts'
import { type WideFlags, wideOption } from '../wide-input.ts'

interface SweepFlags extends ReaderFlags, WideFlags {
  readonly strategy: string
  readonly data: string
  readonly params?: string
  readonly space?: string
  readonly param: readonly string[]
  readonly search: SearchKind
  readonly trials: string
  readonly seed: string
  readonly config?: string
  readonly rank: string
  readonly workers?: string
  readonly out: string
  readonly resume?: string
  readonly keepTop: string
  readonly json: boolean
  readonly fast: boolean
  readonly confirm?: string
  readonly heatmap?: string
  readonly queue?: string
}

const TOP = 10

function formatValue(value: number | null): string {
  if (value === null) return 'n/a'
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4)
}

function formatParams(params: Readonly<Record<string, unknown>>, swept: readonly string[]): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))
  return swept.map((name) => `${name}=${text(params[name])}`).join(' ')
}

/** The ten best combinations as a table: position, swept parameters, rank metric and headline figures. */
export function formatSweepTable(outcome: SweepOutcome): string[] {
  const swept = Object.keys(outcome.space)
  const byIndex = new Map(outcome.results.map((r) => [r.index, r]))
  const rows = outcome.ranking.slice(0, TOP).map((entry) => {
    const result = byIndex.get(entry.index)
    const metrics = result !== undefined && 'metrics' in result ? result.metrics : undefined
    return [
      String(entry.position),
      formatParams(entry.params, swept),
      formatValue(entry.value),
      formatValue(metrics?.strategy.totalReturn ?? null),
      formatValue(metrics?.strategy.sharpe ?? null),
      formatValue(metrics?.strategy.drawdown.maxDrawdown ?? null),
      String(metrics?.trades.trades ?? 0),
    ]
  })
  const header = ['#', 'parameters', outcome.rank.metric, 'return', 'Sharpe', 'max DD', 'trades']
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)))
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`
  return [line(header), ...rows.map(line)]
}

export function registerSweep(program: Command, io: CliIo): void {
  const command = program
    .command('sweep')
    .description(
      'Run a strategy over many parameter combinations (grid, random or genetic search) on worker threads; rank them and keep the results in a folder that a rerun resumes',
    )
    .requiredOption(
      '--strategy <name|path>',
      'a built-in strategy, a module path (./my-strategy.ts) or an npm package',
    )
    .requiredOption(
      '--data <file|dir>',
      'a bar file, a directory of bar files (one instrument each) or a wide file',
    )
    .option('--params <json>', 'parameters held fixed in every combination, as a JSON object')
    .option(
      '--space <json>',
      'the space to explore, replacing the strategy\'s, e.g. \'{"fast": {"int": [2, 50]}}\'',
    )
    .option(
      '--param <range>',
      'one dimension of the space: NAME=LO:HI[:STEP] or NAME=A,B,… (repeatable)',
      (value: string, previous: readonly string[]) => [...previous, value],
      [] as readonly string[],
    )
    .addOption(
      new Option('--search <kind>', 'how combinations are chosen').choices(SEARCH_KINDS).default('grid'),
    )
    .option('--trials <n>', 'combinations a random or genetic search proposes', '100')
    .option('--seed <n>', 'seed of a random or genetic search', '1')
    .option('--config <file>', 'backtest configuration (JSON): capital, frictions, latency, risk')
    .option(
      '--rank <metric>',
      `metric to rank by, best first, optionally :max or :min (${Object.keys(RANK_METRICS).join(', ')})`,
      'sharpe',
    )
    .option('--workers <n>', 'worker threads (default: the available cores; 0 runs in this thread)')
    .option('--out <dir>', 'where sweep folders are written', 'runs')
    .option('--resume <dir>', 'carry on the sweep in this folder (it must be the same sweep)')
    .option('--keep-top <n>', 'also write the full run folders of the best N combinations', '0')
    .option('--json', 'print a summary as JSON (and no progress bar)', false)
    .option('--fast', 'evaluate every combination on the vectorised fast path (one instrument)', false)
    .option('--confirm <top:N>', 'with --fast: rerun the best N through the engine and compare')
    .option('--heatmap <a,b>', "the report's heat map parameters (default the first two numeric)")
    .option(
      '--queue <url>',
      'run the combinations on `tradepulse worker` processes through this Redis (redis://HOST:PORT)',
    )
  for (const option of readerOptions()) command.addOption(option)
  command.addOption(wideOption()).addHelpText(
    'after',
    `
Examples:
  tradepulse sweep --strategy ma-crossover --data data/sp500-2000.csv
  tradepulse sweep --strategy ma-crossover --data data/sp500-2000.csv --param fast=5:50:5 --param average=sma,ema
  tradepulse sweep --strategy breakout --data data/universe --search genetic --trials 400 --seed 7 --rank calmar
  tradepulse sweep --strategy ./my-strategy.ts --data prices.csv --space '{"period": {"int": [5, 60], "step": 5}}'
  tradepulse sweep --strategy ma-crossover --data data/sp500-2000.csv --fast --confirm top:5
  tradepulse sweep --strategy ma-crossover --data data/sp500-2000.csv --queue redis://127.0.0.1:6379
  tradepulse sweep --strategy ma-crossover --data data/sp500-2000.csv --resume runs/sweep-0123456789abcdef`,
  )
  command.action(async (flags: SweepFlags) => {
    const params = parseJsonObjectOption('--params', flags.params)
    const search = searchSpec(flags)
    const rank: RankSpec = parseRank(flags.rank)
    const workers =
      flags.workers === undefined ? undefined : parseIntegerOption('--workers', flags.workers, 0, 1024)
    const keepTop = parseIntegerOption('--keep-top', flags.keepTop, 0, 1000)
    if (flags.resume !== undefined && !existsSync(join(flags.resume, SWEEP_FILES.sweep)))
      throw usageError('--resume', `${flags.resume} holds no ${SWEEP_FILES.sweep}: not a sweep folder`)
    const config = await readBacktestConfig(flags.config)
    const strategy = await loadStrategy(flags.strategy)
    const resolvedSpace = searchSpace(strategy, flags, params)
    const inputs = await readBarInputs(flags.data, flags)
    for (const input of inputs) writeNotes(io, input.notes)
    const data = instrumentBars(inputs, config)

    const options: SweepOptions = {
      strategy,
      strategyModule: flags.strategy,
      params,
      space: resolvedSpace,
      search,
      data,
      config,
      rank,
      keepTop,
      ...(workers === undefined ? {} : { workers }),
    }
    if (flags.fast && flags.queue !== undefined)
      throw usageError('--queue', 'the fast path runs in this process; drop --fast to sweep on workers')
    if (flags.fast || flags.confirm !== undefined || flags.heatmap !== undefined) {
      const handled = await runSweepExtras(io, flags, options)
      if (handled) return
    }
    const folder = flags.resume ?? join(flags.out, `sweep-${sweepId(describeSweep(options).identity)}`)
    const progress = flags.json ? undefined : startProgress(io, 'sweep', 'combinations')
    let outcome: SweepOutcome
    try {
      const onProgress = (done: number, total: number): void => {
        progress?.update(done, total)
      }
      outcome =
        flags.queue === undefined
          ? await runSweep({ ...options, folder, onProgress })
          : await runQueuedSweep({
              ...options,
              folder,
              onProgress,
              queue: flags.queue,
              dataSource: {
                path: resolve(flags.data),
                reader: {
                  policy: flags.policy,
                  calendar: flags.calendar,
                  ...(flags.delimiter === undefined ? {} : { delimiter: flags.delimiter }),
                  ...(flags.columns === undefined ? {} : { columns: flags.columns }),
                  ...(flags.dateFormat === undefined ? {} : { dateFormat: flags.dateFormat }),
                  ...(flags.interval === undefined ? {} : { interval: flags.interval }),
                  ...(flags.wide === undefined ? {} : { wide: flags.wide }),
                },
              },
              log: (line) => {
                writeLine(io.stderr, line)
              },
            })
    } finally {
      progress?.stop()
    }
    const combinations = outcome.results.length + outcome.skipped
    const report = await writeEngineReport(flags, options, outcome, folder)
    if (flags.json) {
      const byIndex = new Map(outcome.results.map((r) => [r.index, r]))
      writeJson(io.stdout, {
        sweepId: outcome.sweepId,
        folder,
        strategy: strategy.name,
        space: outcome.space,
        search,
        rank,
        combinations,
        evaluated: outcome.results.length,
        resumed: outcome.resumed,
        skipped: outcome.skipped,
        failed: outcome.failed,
        top: outcome.ranking.slice(0, TOP).map((entry) => {
          const result = byIndex.get(entry.index)
          return {
            ...entry,
            ...(result !== undefined && 'metrics' in result ? { metrics: result.metrics } : {}),
          }
        }),
        keptRuns: outcome.keptRuns.map((run) => run.path),
        overfitting: outcome.overfitting,
        report,
      })
      return
    }
    writeLine(
      io.stdout,
      `${strategy.name} on ${data.map((d) => d.instrument.id).join(', ')}: ${combinations} combinations, ${outcome.results.length} run (${outcome.resumed} resumed), ${outcome.skipped} refused by the schema, ${outcome.failed} failed`,
    )
    if (outcome.ranking.length === 0) writeLine(io.stdout, `no combination has a ${rank.metric} to rank by`)
    else {
      writeLine(
        io.stdout,
        `best ${Math.min(TOP, outcome.ranking.length)} by ${rank.metric} (${rank.direction}):`,
      )
      for (const line of formatSweepTable(outcome)) writeLine(io.stdout, line)
    }
    for (const run of outcome.keptRuns) writeLine(io.stdout, `run ${run.runId}: ${run.path}`)
    for (const line of formatOverfitting(outcome.overfitting)) writeLine(io.stdout, line)
    writeLine(io.stdout, `report: ${report}`)
    writeLine(io.stdout, `sweep ${outcome.sweepId}: ${folder}`)
  })
}
