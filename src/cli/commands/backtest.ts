/**
 * `tradepulse backtest`: a strategy over bar files through the execution core, with every friction
 * of the configuration, into a run folder (config, data fingerprints, orders, fills, trades,
 * equity, metrics, report.html). Prints a summary, a chart of equity and the report's path.
 * `--check-lookahead` reruns on truncated data and flags any decision that changes;
 * `--scenarios` runs the pathological scenarios and fails if an expectation breaks.
 */
import { analyticsReportExtension } from '../../analytics/report/backtest-sections.ts'
import { readImpactK, withImpactK } from '../impact-k.ts'
import type { Command } from 'commander'
import { runBacktest } from '../../backtest/engine.ts'
import { checkLookahead } from '../../backtest/engine/lookahead.ts'
import type { BacktestInput } from '../../backtest/input.ts'
import { computeMetrics } from '../../backtest/metrics/index.ts'
import type { BacktestMetrics } from '../../backtest/metrics/metrics.ts'
import { writeRun } from '../../backtest/run-store/index.ts'
import { runScenarios } from '../../backtest/scenarios/runner.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { formatIso } from '../../domain/time.ts'
import { loadStrategy } from '../../strategy/load.ts'
import { instrumentBars, readBacktestConfig } from '../backtest-inputs.ts'
import { readBarInputs } from '../bar-inputs.ts'
import { type CliIo, writeJson, writeLine, writeNotes, writeText } from '../io.ts'
import { type ReaderFlags, parseJsonObjectOption, readerOptions } from '../options.ts'
import { startProgress } from '../progress.ts'
import { renderLineChart } from '../terminal-chart.ts'
import { type WideFlags, wideOption } from '../wide-input.ts'

interface BacktestFlags extends ReaderFlags, WideFlags {
  readonly strategy: string
  readonly data: string
  readonly params?: string
  readonly config?: string
  readonly out: string
  readonly json: boolean
  readonly chart: boolean
  readonly checkLookahead: boolean
  readonly scenarios?: string
  readonly impactK?: string
}

function percent(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`
}

function number(x: number | null, digits = 2): string {
  return x === null ? 'n/a' : x.toFixed(digits)
}

function money(x: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** The summary table: the strategy beside buy-and-hold, then trading and frictions. */
export function formatBacktestSummary(metrics: BacktestMetrics, currency: string): string[] {
  const s = metrics.strategy
  const b = metrics.benchmark
  const row = (label: string, ours: string, hold: string): string =>
    `  ${label.padEnd(22)}${ours.padStart(14)}${hold.padStart(16)}`
  const t = metrics.trades
  const f = metrics.frictions
  return [
    row('', 'strategy', 'buy and hold'),
    row('total return', percent(s.totalReturn), percent(b.totalReturn)),
    row('annualised return', percent(s.annualisedReturn), percent(b.annualisedReturn)),
    row('annualised volatility', percent(s.annualisedVolatility), percent(b.annualisedVolatility)),
    row('Sharpe', number(s.sharpe), number(b.sharpe)),
    row('Sortino', number(s.sortino), number(b.sortino)),
    row('Calmar', number(s.calmar), number(b.calmar)),
    row('max drawdown', percent(s.drawdown.maxDrawdown), percent(b.drawdown.maxDrawdown)),
    row(
      'drawdown duration',
      `${(s.drawdown.durationMs / 86_400_000).toFixed(0)} d`,
      `${(b.drawdown.durationMs / 86_400_000).toFixed(0)} d`,
    ),
    '',
    `  trades ${t.trades} (${t.closedTrades} closed), win rate ${percent(t.winRate)}, profit factor ${number(t.profitFactor)}, exposure ${percent(metrics.exposure)}, turnover ${number(metrics.turnover)}×/yr`,
    `  paid: fees ${money(f.fees)} ${currency}, slippage ${money(f.slippage)} ${currency}, financing ${money(f.financing)} ${currency}`,
  ]
}

export function registerBacktest(program: Command, io: CliIo): void {
  const command = program
    .command('backtest')
    .description(
      'Run a strategy over bar files through the execution core, with commissions, slippage, latency and liquidity; write a run folder and an HTML report',
    )
    .requiredOption(
      '--strategy <name|path>',
      'a built-in strategy, a module path (./my-strategy.ts) or an npm package',
    )
    .requiredOption(
      '--data <file|dir>',
      'a bar file, a directory of bar files (one instrument each) or a wide file',
    )
    .option('--params <json>', 'strategy parameters as a JSON object')
    .option('--config <file>', 'backtest configuration (JSON): capital, frictions, latency, risk')
    .option('--out <dir>', 'where run folders are written', 'runs')
    .option('--check-lookahead', 'rerun on truncated data and flag any decision that changes', false)
    .option(
      '--scenarios <names>',
      'run the pathological scenarios (all, or names separated by commas) and fail on a broken expectation',
    )
    .option(
      '--impact-k <k|fit.json>',
      'square-root impact slippage with a calibrated k: a number, or the fit tradepulse report liquidity --out wrote',
    )
    .option('--json', 'print the metrics and the run folder as JSON', false)
    .option('--no-chart', 'leave out the chart of equity')
  for (const option of readerOptions()) command.addOption(option)
  command.addOption(wideOption()).addHelpText(
    'after',
    `
Examples:
  tradepulse backtest --strategy regime --data data/sp500-2000.csv
  tradepulse backtest --strategy ma-crossover --data data/universe --params '{"fast": 20, "slow": 100}'
  tradepulse backtest --strategy ./my-strategy.ts --data prices.csv --config backtest.json
  tradepulse backtest --strategy breakout --data data/sp500-2000.csv --scenarios all
  tradepulse backtest --strategy ma-crossover --data data/sp500-2000.csv --check-lookahead`,
  )
  command.action(async (flags: BacktestFlags) => {
    const params = parseJsonObjectOption('--params', flags.params)
    const fileConfig = await readBacktestConfig(flags.config)
    const config =
      flags.impactK === undefined ? fileConfig : withImpactK(fileConfig, await readImpactK(flags.impactK))
    const strategy = await loadStrategy(flags.strategy)
    const inputs = await readBarInputs(flags.data, flags)
    for (const input of inputs) writeNotes(io, input.notes)
    const data = instrumentBars(inputs, config)
    const progress = startProgress(io, 'backtest', 'bars')
    const input: BacktestInput = {
      strategy,
      params,
      data,
      config,
      onProgress: (done, total) => {
        progress.update(done, total)
      },
    }
    let result
    try {
      result = runBacktest(input)
    } finally {
      progress.stop()
    }
    const metrics = computeMetrics(result)
    const run = await writeRun(result, metrics, flags.out, {
      reportExtensions: [analyticsReportExtension(result)],
    })
    const report = `${run.path}/report.html`

    const quiet: BacktestInput = { strategy, params, data, config }
    const lookahead = flags.checkLookahead ? checkLookahead(quiet) : undefined
    const scenarioNames =
      flags.scenarios === undefined || flags.scenarios === 'all'
        ? undefined
        : flags.scenarios.split(',').map((n) => n.trim())
    const scenarios =
      flags.scenarios === undefined ? undefined : runScenarios(runBacktest, quiet, scenarioNames)

    if (flags.json) {
      writeJson(io.stdout, {
        runId: run.runId,
        folder: run.path,
        report,
        metrics,
        ...(lookahead === undefined ? {} : { lookahead }),
        ...(scenarios === undefined
          ? {}
          : {
              scenarios: scenarios.map(({ scenario, passed, outcomes }) => ({ scenario, passed, outcomes })),
            }),
      })
    } else {
      const first = metrics.startTime === null ? '' : formatIso(metrics.startTime).slice(0, 10)
      const last = metrics.endTime === null ? '' : formatIso(metrics.endTime).slice(0, 10)
      writeLine(
        io.stdout,
        `${strategy.name} on ${data.map((d) => d.instrument.id).join(', ')}: ${result.barEvents.toLocaleString('en-US')} bar events, ${first} → ${last}, ${metrics.orders} orders, ${metrics.fills} fills`,
      )
      for (const line of formatBacktestSummary(metrics, result.accountCurrency)) writeLine(io.stdout, line)
      if (flags.chart && result.equity.length > 1) {
        writeLine(io.stdout)
        writeText(
          io.stdout,
          renderLineChart(
            result.equity.map((p) => p.equity),
            { title: `equity, ${result.accountCurrency}`, xLabels: [first, last] },
          ),
        )
      }
      if (lookahead !== undefined) {
        writeLine(
          io.stdout,
          lookahead.passed
            ? `look-ahead check: passed (${lookahead.decisionsCompared} decisions compared at ${lookahead.cuts.length} cuts)`
            : `look-ahead check: FAILED`,
        )
        for (const leak of lookahead.leaks)
          writeLine(io.stdout, `  leak at ${formatIso(leak.time)} on ${leak.instrumentId}: ${leak.message}`)
      }
      for (const scenario of scenarios ?? []) {
        writeLine(io.stdout, `scenario ${scenario.scenario}: ${scenario.passed ? 'passed' : 'FAILED'}`)
        for (const outcome of scenario.outcomes)
          if (!outcome.passed) writeLine(io.stdout, `  ${outcome.expectation}: ${outcome.message}`)
      }
      writeLine(io.stdout, `run ${run.runId}: ${run.path}`)
      writeLine(io.stdout, `report: ${report}`)
    }
    const failedScenarios = (scenarios ?? []).filter((s) => !s.passed).map((s) => s.scenario)
    if (lookahead !== undefined && !lookahead.passed) {
      throw new TradePulseError(
        'BACKTEST_LOOKAHEAD',
        `${lookahead.leaks.length} decision(s) change when later data is removed`,
      )
    }
    if (failedScenarios.length > 0) {
      throw new TradePulseError(
        'BACKTEST_SCENARIO_FAILED',
        `expectations broke in: ${failedScenarios.join(', ')}`,
      )
    }
  })
}
