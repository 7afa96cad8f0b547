import type { Command } from 'commander'
import { readBarFile } from '../../data/bar-file.ts'
import { summarizeSeries } from '../../data/summary.ts'
import { type CliIo, writeJson, writeLine, writeNotes, writeText } from '../io.ts'
import { type ReaderFlags, csvOptionsFrom, readerOptions } from '../options.ts'
import { withProgress } from '../progress.ts'
import { formatSummary } from '../report-format.ts'
import { renderLineChart } from '../terminal-chart.ts'
import { type WideFlags, readsWide, wideOption } from '../wide-input.ts'
import { describeWideFile } from './wide-file.ts'

interface InfoFlags extends ReaderFlags, WideFlags {
  readonly json: boolean
  readonly chart: boolean
}

export function registerDataInfo(data: Command, io: CliIo): void {
  const command = data
    .command('info')
    .description(
      'Summarise a bar file: span, price range, return, volatility, drawdown, volume, gaps, and a chart of the close',
    )
    .argument('<file>', 'bar file: CSV text or Parquet, told apart by content')
  for (const option of readerOptions()) command.addOption(option)
  command
    .addOption(wideOption())
    .option('--json', 'print the summary as JSON', false)
    .option('--no-chart', 'leave out the chart of closes')
    .addHelpText(
      'after',
      `
Examples:
  tradepulse data info data/sp500-2000.csv
  tradepulse data info data/universe/SIM003.csv --json
  tradepulse data info closes.csv            # Date,IBM,AAPL,…: one row per symbol`,
    )
    .action(async (file: string, flags: InfoFlags) => {
      if (await readsWide(file, flags)) {
        await describeWideFile(io, file, flags)
        return
      }
      const input = await withProgress(io, 'reading', 'bytes', (onProgress) =>
        readBarFile(file, { ...csvOptionsFrom(flags), onProgress }),
      )
      writeNotes(io, input.notes)
      const summary = summarizeSeries(input.series, { calendar: flags.calendar })
      if (flags.json) {
        writeJson(io.stdout, { file, format: input.format, ...summary })
        return
      }
      for (const line of formatSummary(file, summary)) writeLine(io.stdout, line)
      if (flags.chart && input.series.length > 1) {
        writeLine(io.stdout)
        writeText(
          io.stdout,
          renderLineChart(input.series.close, {
            title: `close, ${summary.first?.slice(0, 10) ?? ''} → ${summary.last?.slice(0, 10) ?? ''}`,
            xLabels: [summary.first?.slice(0, 10) ?? '', summary.last?.slice(0, 10) ?? ''],
          }),
        )
      }
    })
}
