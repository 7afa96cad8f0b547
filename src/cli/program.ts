/**
 * The `tradepulse` command tree. Each command lives in its own module under commands/ and
 * registers itself on its parent; this file only assembles them.
 */
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { registerAnalyze } from './commands/analyze.ts'
import { registerBacktest } from './commands/backtest.ts'
import { registerDataGenerate } from './commands/data-generate.ts'
import { registerDataInfo } from './commands/data-info.ts'
import { registerDataResample } from './commands/data-resample.ts'
import { registerDataValidate } from './commands/data-validate.ts'
import { registerDb } from './commands/db.ts'
import { registerKeys } from './commands/keys.ts'
import { registerLive } from './commands/live.ts'
import { registerIndicatorsCompute } from './commands/indicators-compute.ts'
import { registerIndicatorsList } from './commands/indicators-list.ts'
import { registerPluginsPin } from './commands/plugins-pin.ts'
import { registerPluginsVerify } from './commands/plugins-verify.ts'
import { registerProbe } from './commands/probe.ts'
import { registerServe } from './commands/serve.ts'
import { registerReport } from './commands/report.ts'
import { registerSweep } from './commands/sweep.ts'
import { registerWalkForward } from './commands/walk-forward.ts'
import { registerWorker } from './commands/worker.ts'
import { type CliIo, writeText } from './io.ts'

/** Read at run time: src/cli and dist/cli both sit two levels below the package root. */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}

export function createProgram(io: CliIo): Command {
  const program = new Command('tradepulse')
    .description('TradePulse: market data, indicators, backtests and live trading on one set of types')
    .version(packageVersion())
    .option('--verbose', 'print stack traces for errors', false)
    .configureOutput({
      writeOut: (text) => {
        writeText(io.stdout, text)
      },
      writeErr: (text) => {
        writeText(io.stderr, text)
      },
      // A user error is one line: commander's message, any "Did you mean" on the next line, and
      // the hint go on one.
      outputError: (text, write) => {
        write(
          `${text
            .trim()
            .split(/\s*\n\s*/)
            .join(' ')} (add --help for usage)\n`,
        )
      },
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit status: 0 success, 1 a problem with the input or the command line, 2 a bug.

Examples:
  tradepulse data validate data/sp500-2000.csv
  tradepulse data resample data/sp500-2000.csv --to 1w --out weekly.csv
  tradepulse data info data/sp500-2000.csv
  tradepulse indicators compute rsi data/sp500-2000.csv
  tradepulse analyze data/universe`,
    )

  const data = program
    .command('data')
    .description('Validate, inspect, resample and generate bar data')
    .addHelpText(
      'after',
      `
Examples:
  tradepulse data validate data/sp500-2000.csv --policy repair
  tradepulse data generate --assets 8 --bars 10000 --seed 7 --out /tmp/universe`,
    )
  registerDataValidate(data, io)
  registerDataResample(data, io)
  registerDataGenerate(data, io)
  registerDataInfo(data, io)
  const indicators = program
    .command('indicators')
    .description('List indicators and compute them over bar files')
    .addHelpText(
      'after',
      `
Examples:
  tradepulse indicators list
  tradepulse indicators compute rsi data/sp500-2000.csv --params '{"period": 14}'`,
    )
  registerIndicatorsList(indicators, io)
  registerIndicatorsCompute(indicators, io)
  const plugins = program
    .command('plugins')
    .description('Pin plugins (indicator and strategy modules) in the allowlist and verify them')
    .addHelpText(
      'after',
      `
Examples:
  tradepulse plugins pin ./examples/plugin-indicators/index.js --write
  tradepulse plugins verify`,
    )
  registerPluginsPin(plugins, io)
  registerPluginsVerify(plugins, io)
  registerAnalyze(program, io)
  registerBacktest(program, io)
  registerSweep(program, io)
  registerWalkForward(program, io)
  registerWorker(program, io)
  registerDb(program, io)
  registerServe(program, io)
  registerKeys(program, io)
  registerLive(program, io)
  registerProbe(program, io)
  registerReport(program, io)
  const withDescendants = (command: Command): Command[] => [
    command,
    ...command.commands.flatMap(withDescendants),
  ]
  for (const command of program.commands.flatMap(withDescendants)) command.exitOverride()
  return program
}
