/**
 * `tradepulse walk-forward`: optimise a strategy on rolling (or anchored) train periods with the
 * sweep machinery, trade each choice on the test period that follows, and report the stitched
 * out-of-sample result with its deflated Sharpe ratio. Writes walk-forward.json, oos-equity.json
 * and report.html into a folder under `--out`. See docs/research.md#walk-forward-analysis.
 */
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import { isTradePulseError } from '../../domain/errors.ts'
import { SEARCH_KINDS, type SearchKind } from '../../research/optimise/search.ts'
import { RANK_METRICS, parseRank } from '../../research/sweep/rank.ts'
import { walkForwardId, writeWalkForward } from '../../research/walk-forward/folder.ts'
import { type WalkForwardOutcome, runWalkForward } from '../../research/walk-forward/run-walk-forward.ts'
import { type WindowLength, type WindowSpec, parseDuration } from '../../research/walk-forward/windows.ts'
import { resolveBacktestConfig } from '../../backtest/config.ts'
import { barsFingerprint } from '../../backtest/engine/fingerprint.ts'
import { loadStrategy } from '../../strategy/load.ts'
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
import { type WideFlags, wideOption } from '../wide-input.ts'

interface WalkForwardFlags extends ReaderFlags, WideFlags {
  readonly strategy: string
  readonly data: string
  readonly params?: string
  readonly space?: string
  readonly param: readonly string[]
  readonly search: SearchKind
  readonly trials: string
  readonly seed: string
  readonly train?: string
  readonly test?: string
  readonly trainBars?: string
  readonly testBars?: string
  readonly step?: string
  readonly anchored: boolean
  readonly config?: string
  readonly rank: string
  readonly workers?: string
  readonly out: string
  readonly json: boolean
}

/** The flag behind each window setting, for errors raised below the CLI. */
const FLAG_OF: Readonly<Record<string, string>> = { step: '--step', data: '--data' }

/** `--train/--test` (durations) or `--train-bars/--test-bars`, and `--step` in the same kind. */
export function windowSpecFromFlags(flags: {
  readonly train?: string | undefined
  readonly test?: string | undefined
  readonly trainBars?: string | undefined
  readonly testBars?: string | undefined
  readonly step?: string | undefined
  readonly anchored?: boolean | undefined
}): WindowSpec {
  const byDuration = flags.train !== undefined || flags.test !== undefined
  const byBars = flags.trainBars !== undefined || flags.testBars !== undefined
  if (byDuration && byBars)
    throw usageError(
      '--train-bars',
      'give --train and --test (durations) or --train-bars and --test-bars, not both',
    )
  if (!byDuration && !byBars)
    throw usageError('--train', 'give --train and --test (e.g. 2y and 6m) or --train-bars and --test-bars')
  const length = (flag: string, text: string | undefined): WindowLength => {
    if (text === undefined) throw usageError(flag, 'is required with the other window flags')
    if (byBars) return { bars: parseIntegerOption(flag, text, 1) }
    try {
      return { duration: parseDuration(text, flag) }
    } catch (error) {
      if (isTradePulseError(error)) throw usageError(flag, error.message.replace(`${flag}: `, ''))
      throw error
    }
  }
  const train = byBars ? length('--train-bars', flags.trainBars) : length('--train', flags.train)
  const test = byBars ? length('--test-bars', flags.testBars) : length('--test', flags.test)
  const step = flags.step === undefined ? undefined : length('--step', flags.step)
  return { train, test, ...(step === undefined ? {} : { step }), anchored: flags.anchored ?? false }
}

function describeLength(length: WindowLength): string {
  return 'bars' in length ? `${length.bars} bars` : length.duration.label
}

function describeWindows(spec: WindowSpec): string {
  const step = spec.step ?? spec.test
  return `${spec.anchored === true ? 'anchored' : 'rolling'}, train ${describeLength(spec.train)}, test ${describeLength(spec.test)}, step ${describeLength(step)}`
}

function formatValue(value: number | null): string {
  if (value === null) return 'n/a'
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4)
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/** One line per window: test period, chosen parameters, the metric in and out of sample. */
export function formatWindowTable(outcome: WalkForwardOutcome): string[] {
  const rows = outcome.windows.map((w) => [
    String(w.window.index + 1),
    `${day(w.window.testStart)}..${day(w.window.testEnd)}${w.window.partial ? '*' : ''}`,
    w.chosen === null
      ? 'none'
      : Object.entries(w.chosen)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' '),
    formatValue(w.inSampleValue),
    formatValue(w.outOfSampleValue),
    formatValue(w.degradation),
    formatValue(w.outOfSample.strategy.totalReturn),
  ])
  const header = [
    '#',
    'test',
    'chosen',
    `IS ${outcome.rank.metric}`,
    `OOS ${outcome.rank.metric}`,
    'OOS/IS',
    'OOS return',
  ]
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)))
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, c) => (c === 1 || c === 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`
  return [line(header), ...rows.map(line)]
}

export function registerWalkForward(program: Command, io: CliIo): void {
  const command = program
    .command('walk-forward')
    .description(
      'Optimise a strategy on each train period, trade the choice on the test period after it, and report the stitched out-of-sample result',
    )
    .requiredOption('--strategy <name|path>', 'a built-in strategy, a module path or an npm package')
    .requiredOption(
      '--data <file|dir>',
      'a bar file, a directory of bar files (one instrument each) or a wide file; instruments are windowed by time',
    )
    .option('--params <json>', 'parameters held fixed in every combination, as a JSON object')
    .option('--space <json>', "the space each train period is searched over, replacing the strategy's")
    .option(
      '--param <range>',
      'one dimension of the space: NAME=LO:HI[:STEP] or NAME=A,B,… (repeatable)',
      (value: string, previous: readonly string[]) => [...previous, value],
      [] as readonly string[],
    )
    .addOption(
      new Option('--search <kind>', 'how combinations are chosen').choices(SEARCH_KINDS).default('grid'),
    )
    .option('--trials <n>', 'combinations a random or genetic search proposes per window', '100')
    .option('--seed <n>', 'seed of a random or genetic search', '1')
    .option('--train <duration>', 'train length: 2y, 18m (months), 26w, 90d, 12h, 30min')
    .option('--test <duration>', 'test length, as --train')
    .option('--train-bars <n>', 'train length in bars (instead of --train)')
    .option('--test-bars <n>', 'test length in bars (instead of --test)')
    .option(
      '--step <length>',
      'how far each window moves on, in the kind of --train/--train-bars (default: the test length)',
    )
    .option('--anchored', 'every train period starts at the first bar (grows) instead of rolling', false)
    .option('--config <file>', 'backtest configuration (JSON): capital, frictions, latency, risk')
    .option(
      '--rank <metric>',
      `metric to choose by, best first, optionally :max or :min (${Object.keys(RANK_METRICS).join(', ')})`,
      'sharpe',
    )
    .option('--workers <n>', 'worker threads per sweep (default: the available cores; 0 runs in this thread)')
    .option('--out <dir>', 'where walk-forward folders are written', 'runs')
    .option('--json', 'print a summary as JSON (and no progress bar)', false)
  for (const option of readerOptions()) command.addOption(option)
  command.addOption(wideOption()).addHelpText(
    'after',
    `
Examples:
  tradepulse walk-forward --strategy ma-crossover --data data/sp500-2000.csv --train 2y --test 6m
  tradepulse walk-forward --strategy ma-crossover --data data/sp500-2000.csv --train-bars 500 --test-bars 125 --anchored
  tradepulse walk-forward --strategy breakout --data data/universe --train 1y --test 3m --search random --trials 50 --rank calmar`,
  )
  command.action(async (flags: WalkForwardFlags) => {
    const params = parseJsonObjectOption('--params', flags.params)
    const search = searchSpec(flags)
    const rank = parseRank(flags.rank)
    const windows = windowSpecFromFlags(flags)
    const workers =
      flags.workers === undefined ? undefined : parseIntegerOption('--workers', flags.workers, 0, 1024)
    const config = await readBacktestConfig(flags.config)
    const strategy = await loadStrategy(flags.strategy)
    const space = searchSpace(strategy, flags, params)
    const inputs = await readBarInputs(flags.data, flags)
    for (const input of inputs) writeNotes(io, input.notes)
    const data = instrumentBars(inputs, config)

    const spec = {
      strategy: strategy.name,
      params,
      space,
      search,
      rank,
      windows,
      config: resolveBacktestConfig(config),
      data: data.map((d) => ({
        instrumentId: d.instrument.id,
        source: d.source,
        fingerprint: barsFingerprint(d.series),
      })),
    }
    const progress = flags.json ? undefined : startProgress(io, 'walk-forward', 'combinations')
    let outcome: WalkForwardOutcome
    try {
      outcome = await runWalkForward({
        strategy,
        strategyModule: flags.strategy,
        params,
        space,
        search,
        data,
        config,
        rank,
        windows,
        ...(workers === undefined ? {} : { workers }),
        onProgress: (done, total) => {
          progress?.update(done, total)
        },
      })
    } catch (error) {
      if (isTradePulseError(error) && error.code === 'WALK_FORWARD_WINDOWS') {
        const field = error.location.field ?? ''
        const flag =
          FLAG_OF[field] ??
          (field === 'train' ? ('bars' in windows.train ? '--train-bars' : '--train') : undefined) ??
          (field === 'test' ? ('bars' in windows.test ? '--test-bars' : '--test') : undefined)
        if (flag !== undefined) throw usageError(flag, error.message.replace(`${field}: `, ''))
      }
      throw error
    } finally {
      progress?.stop()
    }
    const folder = join(flags.out, `walk-forward-${walkForwardId(spec)}`)
    const paths = await writeWalkForward(
      outcome,
      {
        strategy: strategy.name,
        windows: describeWindows(windows),
        search:
          search.kind === 'grid'
            ? 'grid search'
            : `${search.kind} search, ${search.trials} trials, seed ${search.seed}`,
        spec,
      },
      folder,
    )
    const dsr = outcome.deflatedSharpe
    if (flags.json) {
      writeJson(io.stdout, {
        folder,
        report: paths.report,
        strategy: strategy.name,
        windows: outcome.windows.map((w) => ({
          index: w.window.index,
          trainStart: w.window.trainStart,
          trainEnd: w.window.trainEnd,
          testStart: w.window.testStart,
          testEnd: w.window.testEnd,
          partial: w.window.partial,
          trials: w.trials,
          chosen: w.chosen,
          inSample: w.inSampleValue,
          outOfSample: w.outOfSampleValue,
          degradation: w.degradation,
          efficiency: w.efficiency,
        })),
        outOfSample: outcome.metrics.strategy,
        efficiency: outcome.efficiency,
        deflatedSharpe: dsr === null ? null : dsr.deflatedSharpe,
        verdict: dsr === null ? outcome.deflatedSharpeNote : dsr.verdict,
      })
      return
    }
    writeLine(
      io.stdout,
      `${strategy.name} on ${data.map((d) => d.instrument.id).join(', ')}: ${outcome.windows.length} windows (${describeWindows(windows)}), ranked by ${rank.metric} (${rank.direction})`,
    )
    for (const line of formatWindowTable(outcome)) writeLine(io.stdout, line)
    const s = outcome.metrics.strategy
    writeLine(
      io.stdout,
      `out of sample, stitched: return ${formatValue(s.totalReturn)}, Sharpe ${formatValue(s.sharpe)}, max DD ${formatValue(s.drawdown.maxDrawdown)}, efficiency ${formatValue(outcome.efficiency)}`,
    )
    writeLine(
      io.stdout,
      dsr === null
        ? `deflated Sharpe ratio: not computed (${outcome.deflatedSharpeNote ?? 'n/a'})`
        : `deflated Sharpe ratio ${dsr.deflatedSharpe.toFixed(3)}: ${dsr.verdict}`,
    )
    writeLine(io.stdout, `report: ${paths.report}`)
  })
}
