import { type Command, Option } from 'commander'
import { validateBarFile } from '../../data/bar-file.ts'
import type { BarSeries } from '../../data/bar-series.ts'
import { formatIso } from '../../domain/time.ts'
import { type CliIo, writeJson, writeLine, writeNotes } from '../io.ts'
import { type ReaderFlags, csvOptionsFrom, parseIntegerOption, readerOptions } from '../options.ts'
import { withProgress } from '../progress.ts'
import { formatIngestReport } from '../report-format.ts'
import { type WideFlags, readsWide, wideOption } from '../wide-input.ts'
import { validateWideFile } from './wide-file.ts'

interface ValidateFlags extends ReaderFlags, WideFlags {
  readonly json: boolean
  readonly maxIssues: string
}

/** Exit status a validation leads to: strict fails on any error-severity issue. */
export class ValidationFailed extends Error {
  readonly problems: number
  constructor(problems: number) {
    super(`${problems} problem${problems === 1 ? '' : 's'} found; the strict policy rejects this file`)
    this.name = 'ValidationFailed'
    this.problems = problems
  }
}

export function registerDataValidate(data: Command, io: CliIo): void {
  const command = data
    .command('validate')
    .description(
      'Check a bar file and report every problem with its line; under --policy repair, say what would be fixed or dropped',
    )
    .argument('<file>', 'bar file: CSV text or Parquet, told apart by content')
  for (const option of readerOptions()) command.addOption(option)
  command
    .addOption(wideOption())
    .addOption(new Option('--max-issues <n>', 'issues to list in the text output').default('50'))
    .option('--json', 'print the full report as JSON', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse data validate data/sp500-2000.csv --calendar nyse
  tradepulse data validate closes.csv        # Date,IBM,AAPL,…: reported per symbol
  tradepulse data validate broker-export.csv --policy repair --date-format "DD.MM.YYYY"
  tradepulse data validate ticks.csv --columns time=Timestamp,close=Last --json`,
    )
    .action(async (file: string, flags: ValidateFlags) => {
      const maxIssues = parseIntegerOption('--max-issues', flags.maxIssues, 0)
      if (await readsWide(file, flags)) {
        const problems = await validateWideFile(io, file, flags, maxIssues)
        if (flags.policy === 'strict' && problems > 0) throw new ValidationFailed(problems)
        return
      }
      // Scan the whole file in repair mode so every problem is listed, then judge by the policy asked for.
      const checked = await withProgress(io, 'validating', 'bytes', (onProgress) =>
        validateBarFile(file, { ...csvOptionsFrom(flags), policy: 'repair', onProgress }),
      )
      writeNotes(io, checked.notes)
      if (checked.format === 'parquet') {
        reportParquet(io, file, checked.series, flags)
        return
      }
      const report = checked.report
      const problems = Object.entries(report.issueCounts)
        .filter(([code]) => code !== 'gap')
        .reduce((sum, [, n]) => sum + n, 0)
      if (flags.json)
        writeJson(io.stdout, {
          policy: flags.policy,
          ok: flags.policy === 'repair' || problems === 0,
          format: 'csv',
          wide: false,
          ...report,
        })
      else {
        for (const line of formatIngestReport(report, maxIssues)) writeLine(io.stdout, line)
        if (problems === 0) writeLine(io.stdout, 'OK: no problems found')
        else if (flags.policy === 'repair')
          writeLine(io.stdout, `OK under repair: ${problems} problem(s) fixed or dropped as listed`)
      }
      if (flags.policy === 'strict' && problems > 0) throw new ValidationFailed(problems)
    })
}

/** A Parquet file that was read at all is valid: its reader refuses the first broken bar. */
function reportParquet(io: CliIo, file: string, series: BarSeries, flags: ValidateFlags): void {
  const last = series.length - 1
  const first = last < 0 ? null : formatIso(series.openTime[0]!)
  const final = last < 0 ? null : formatIso(series.openTime[last]!)
  if (flags.json) {
    writeJson(io.stdout, {
      policy: flags.policy,
      ok: true,
      file,
      format: 'parquet',
      bars: series.length,
      interval: series.interval.label,
      first,
      last: final,
    })
    return
  }
  writeLine(
    io.stdout,
    `${file}: Parquet, ${series.length} bars of ${series.interval.label}, ${first ?? '-'} → ${final ?? '-'}`,
  )
  writeLine(io.stdout, 'OK: no problems found')
}
