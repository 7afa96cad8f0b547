/**
 * `tradepulse report tca|risk|attribution RUN_OR_JOURNAL`: the transaction costs, the risk and
 * stress, or the P&L attribution of a backtest run folder or of an execution journal (a paper or
 * live trading data folder holding journal.jsonl, or the file itself), as terminal tables
 * (`--json` for the figures as JSON) and, with `--html FILE`, a self-contained HTML page. A
 * journal is read into the same records a run folder gives (analytics/journal-result.ts), with
 * the instruments, account currency and starting cash of the service configuration (`--config`).
 * See docs/analytics.md.
 */
import type { Command } from 'commander'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { BacktestResult } from '../../backtest/result.ts'
import { readRun } from '../../backtest/run-store/read-run.ts'
import { resultFromJournal } from '../../analytics/journal-result.ts'
import { loadServiceConfig } from '../../api/config.ts'
import { JOURNAL_FILE, instrumentsOf } from '../../api/trading-desk.ts'
import { journalRecordCodec } from '../../execution/journal-record-codec.ts'
import { readJournal } from '../../execution/journal/jsonl-journal.ts'
import { ledgerCurrency } from '../../analytics/money-units.ts'
import { runAttribution, runRisk, runTransactionCosts } from '../../analytics/run-analysis.ts'
import {
  type AnalyticsSection,
  attributionSection,
  renderAnalyticsReport,
  riskSection,
  tcaSection,
} from '../../analytics/report/render.ts'
import {
  type ReportTable,
  attributionTables,
  formatTableText,
  riskTables,
  tcaTables,
} from '../../analytics/report/tables.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { liquidityReport } from './report-liquidity.ts'
import { usageError } from '../options.ts'
import { checkOutputFile } from '../output-path.ts'

const REPORT_KINDS = ['tca', 'risk', 'attribution', 'liquidity'] as const
type ReportKind = (typeof REPORT_KINDS)[number]

interface ReportFlags {
  readonly json: boolean
  readonly html?: string
  readonly config?: string
  readonly window?: string
  readonly out?: string
}

/** The journal file `path` names (a data folder holding journal.jsonl, or a .jsonl file), or undefined for a run folder. */
function journalPath(path: string): string | undefined {
  if (path.endsWith('.jsonl') && existsSync(path)) return path
  const inside = join(path, JOURNAL_FILE)
  return existsSync(path) && statSync(path).isDirectory() && existsSync(inside) ? inside : undefined
}

/** The run's records, and its periods per year when the run folder knows them. */
async function readSource(
  path: string,
  flags: ReportFlags,
): Promise<{ result: BacktestResult; periodsPerYear: number | null }> {
  const journal = journalPath(path)
  if (journal === undefined) {
    const { result, metrics } = await readRun(path)
    return { result, periodsPerYear: metrics.annualisation.periodsPerYear }
  }
  const config = loadServiceConfig(flags.config)
  const { records } = readJournal(journal, journalRecordCodec)
  const result = resultFromJournal(records, {
    source: journal,
    instruments: instrumentsOf(config),
    accountCurrency: config.accountCurrency,
    initialCapital: Number(config.initialCash),
  })
  // Journal times are irregular (marks at quotes): no fixed number of periods per year.
  return { result, periodsPerYear: null }
}

function isKind(text: string): text is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(text)
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'Transaction costs, risk and stress, or P&L attribution of a backtest run folder or an execution journal',
    )
    .argument('<kind>', `one of ${REPORT_KINDS.join(', ')}`)
    .argument(
      '<run>',
      'a run folder written by tradepulse backtest (runs/<run id>), or a trading data folder holding journal.jsonl (or the file)',
    )
    .option(
      '--config <file>',
      'service configuration naming the journal’s instruments (default tradepulse.config.json)',
    )
    .option('--json', 'print the figures as JSON instead of tables', false)
    .option('--html <file>', 'also write a self-contained HTML report to this file (tca, risk, attribution)')
    .option('--window <bars>', 'liquidity: bars in the σ of the impact fit', '20')
    .option('--out <fit.json>', 'liquidity: write the impact fit here, for tradepulse backtest --impact-k')
    .addHelpText(
      'after',
      `
Examples:
  tradepulse report tca runs/0123456789abcdef
  tradepulse report attribution runs/0123456789abcdef --html attribution.html
  tradepulse report risk runs/0123456789abcdef --json
  tradepulse report tca .tradepulse/data --config tradepulse.config.json
  tradepulse report liquidity runs/0123456789abcdef --out impact-fit.json`,
    )
    .action(async (kind: string, run: string, flags: ReportFlags) => {
      if (!isKind(kind))
        throw usageError('<kind>', `must be one of ${REPORT_KINDS.join(', ')}, was ${JSON.stringify(kind)}`)
      if (kind === 'liquidity' && flags.html !== undefined)
        throw usageError('--html', 'the liquidity report has no HTML page: use --json or --out')
      if (flags.html !== undefined) await checkOutputFile('--html', flags.html, [])
      if (flags.out !== undefined) await checkOutputFile('--out', flags.out, [])
      const { result, periodsPerYear } = await readSource(run, flags)
      if (kind === 'liquidity') {
        await liquidityReport(result, flags, io)
        return
      }
      let figures: unknown
      let tables: ReportTable[]
      let section: AnalyticsSection
      switch (kind) {
        case 'tca': {
          const report = runTransactionCosts(result)
          figures = report
          tables = tcaTables(report)
          section = tcaSection(report)
          break
        }
        case 'attribution': {
          const report = runAttribution(result)
          figures = report
          tables = attributionTables(report)
          section = attributionSection(result, report)
          break
        }
        case 'risk': {
          const report = runRisk(result, periodsPerYear === null ? {} : { periodsPerYear })
          // The drawdown at every point is for the chart; the JSON keeps the figures.
          figures = { ...report, drawdownSeries: undefined }
          tables = riskTables(report, ledgerCurrency(result.accountCurrency))
          section = riskSection(result, report)
          break
        }
      }
      if (flags.json) writeJson(io.stdout, figures)
      else {
        for (const table of tables) {
          for (const line of formatTableText(table)) writeLine(io.stdout, line)
          writeLine(io.stdout)
        }
      }
      if (flags.html !== undefined) {
        await writeFileAtomically(flags.html, renderAnalyticsReport(result, [section]))
        writeLine(io.stderr, `wrote ${flags.html}`)
      }
    })
}
