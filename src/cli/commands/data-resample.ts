import { type Command, Option } from 'commander'
import { barFileFormat, csvTimeFormatFor, readBarFile, writeBarFile } from '../../data/bar-file.ts'
import { writeBarsCsv } from '../../data/csv/index.ts'
import { resampleBars } from '../../data/resample.ts'
import { formatIso } from '../../domain/time.ts'
import { type CliIo, writeJson, writeLine, writeNotes } from '../io.ts'
import {
  type ReaderFlags,
  csvOptionsFrom,
  parseIntervalOption,
  parseTimeOption,
  readerOptions,
} from '../options.ts'
import { checkOutputFile } from '../output-path.ts'
import { withProgress } from '../progress.ts'

interface ResampleFlags extends ReaderFlags {
  readonly to: string
  readonly out?: string
  readonly asOf?: string
  readonly json: boolean
}

export function registerDataResample(data: Command, io: CliIo): void {
  const command = data
    .command('resample')
    .description(
      'Aggregate bars into a coarser, calendar-aligned interval; the bucket still forming at the end is reported, never written as a finished bar',
    )
    .argument('<file>', 'bar file: CSV text or Parquet, told apart by content')
    .requiredOption(
      '--to <interval>',
      'target interval, a whole multiple of the source (e.g. 5m, 1h, 1d, 1w)',
    )
    .option('--out <file>', 'write the bars here (.csv or .parquet); default: CSV on stdout')
    .option('--as-of <time>', 'the clock: buckets ending at or before this time count as finished')
  for (const option of readerOptions()) command.addOption(option)
  command
    .addOption(new Option('--json', 'print a JSON summary (requires --out)').default(false))
    .addHelpText(
      'after',
      `
Examples:
  tradepulse data resample data/sp500-2000.csv --to 1w --out sp500-weekly.csv
  tradepulse data resample data/universe/SIM000.csv --to 1h --out sim-1h.parquet
  tradepulse data resample minute.csv --to 5m --as-of 2024-01-02T16:00:00Z > five-minute.csv`,
    )
    .action(async (file: string, flags: ResampleFlags) => {
      const to = parseIntervalOption('--to', flags.to)
      const asOf = flags.asOf === undefined ? undefined : parseTimeOption('--as-of', flags.asOf)
      if (flags.out !== undefined) {
        await checkOutputFile('--out', flags.out, [file])
        // The extension picks the output format: a wrong one is known before the file is read.
        barFileFormat(flags.out)
      }
      const input = await withProgress(io, 'reading', 'bytes', (onProgress) =>
        readBarFile(file, { ...csvOptionsFrom(flags), onProgress }),
      )
      writeNotes(io, input.notes)
      const { bars, partial } = resampleBars(input.series, to, asOf === undefined ? {} : { asOf })
      if (flags.out === undefined) await writeBarsCsv(bars, io.stdout, { timeFormat: csvTimeFormatFor(bars) })
      else await writeBarFile(bars, flags.out)
      const summary = {
        input: file,
        output: flags.out ?? null,
        from: input.series.interval.label,
        to: to.label,
        barsIn: input.series.length,
        barsOut: bars.length,
        partial:
          partial === null
            ? null
            : { openTime: formatIso(partial.openTime), knownAt: formatIso(partial.knownAt) },
      }
      // With no --out the bars own stdout; the account of what happened goes to stderr.
      const report = flags.out === undefined ? io.stderr : io.stdout
      if (flags.json && flags.out !== undefined) writeJson(report, summary)
      else {
        writeLine(
          report,
          `${file}: ${summary.barsIn} bars of ${summary.from} → ${summary.barsOut} finished bars of ${to.label}${flags.out === undefined ? '' : ` in ${flags.out}`}`,
        )
        if (summary.partial !== null) {
          writeLine(
            report,
            `  the ${to.label} bucket opening ${summary.partial.openTime} is still forming (data up to ${summary.partial.knownAt}); not written`,
          )
        }
      }
    })
}
