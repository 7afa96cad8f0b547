import type { Command } from 'commander'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { readBarFile } from '../../data/bar-file.ts'
import { formatIso } from '../../domain/time.ts'
import { PRICE_FIELDS, type PriceField, inputsFor, inputsFromSeries } from '../../indicators/series-inputs.ts'
import { type CliIo, writeJson, writeLine, writeNotes, writeText } from '../io.ts'
import {
  type ReaderFlags,
  csvOptionsFrom,
  parseJsonObjectOption,
  readerOptions,
  usageError,
} from '../options.ts'
import { checkOutputFile } from '../output-path.ts'
import { type PluginFlags, indicatorRegistryFrom, pluginOptions } from '../plugin-options.ts'
import { withProgress } from '../progress.ts'
import { renderLineChart } from '../terminal-chart.ts'

interface ComputeFlags extends ReaderFlags, PluginFlags {
  readonly params?: string
  readonly field: string
  readonly benchmark?: string
  readonly out?: string
  readonly json: boolean
  readonly tail: string
}

function parseField(text: string): PriceField {
  if (!(PRICE_FIELDS as readonly string[]).includes(text)) {
    throw usageError('--field', `must be one of ${PRICE_FIELDS.join(', ')}, was ${JSON.stringify(text)}`)
  }
  return text as PriceField
}

function formatNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x)
}

/** The first row at which every output is defined, or null when none is. */
function firstDefinedRow(outputs: Record<string, Float64Array>, names: readonly string[]): number | null {
  const length = outputs[names[0]!]?.length ?? 0
  for (let i = 0; i < length; i++) if (names.every((name) => !Number.isNaN(outputs[name]![i]!))) return i
  return null
}

export function registerIndicatorsCompute(indicators: Command, io: CliIo): void {
  const command = indicators
    .command('compute')
    .description('Compute one indicator over a bar file; print the latest values or write every row to CSV')
    .argument('<name>', 'indicator name (see `tradepulse indicators list`)')
    .argument('<file>', 'bar file: CSV text or Parquet, told apart by content')
  for (const option of [...readerOptions(), ...pluginOptions()]) command.addOption(option)
  command
    .option('--params <json>', 'parameters as a JSON object, e.g. \'{"period": 14}\'')
    .option(
      '--field <field>',
      `the series an indicator's "value" input reads (${PRICE_FIELDS.join(', ')})`,
      'close',
    )
    .option('--benchmark <file>', 'a second bar file on the same bars, for correlation and beta')
    .option('--out <file.csv>', 'write time and every output, one row per bar')
    .option('--tail <n>', 'how many of the latest rows to print', '5')
    .option('--json', 'print the latest row and the parameters as JSON', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse indicators compute rsi data/sp500-2000.csv --params '{"period": 14}'
  tradepulse indicators compute bollinger data/sp500-2000.csv --out /tmp/bollinger.csv
  tradepulse indicators compute beta data/universe/SIM001.csv --benchmark data/universe/SIM000.csv
  tradepulse indicators compute efficiency-ratio data/sp500-2000.csv --plugin ./examples/plugin-indicators/index.js`,
    )
    .action(async (name: string, file: string, flags: ComputeFlags) => {
      const indicator = (await indicatorRegistryFrom(flags)).get(name)
      const params = indicator.resolve(parseJsonObjectOption('--params', flags.params))
      const field = parseField(flags.field)
      const tail = Number(flags.tail)
      if (!Number.isSafeInteger(tail) || tail < 0)
        throw usageError('--tail', `must be a whole number, was ${flags.tail}`)
      if (flags.out !== undefined) await checkOutputFile('--out', flags.out, [file, flags.benchmark])
      const input = await withProgress(io, 'reading', 'bytes', (onProgress) =>
        readBarFile(file, { ...csvOptionsFrom(flags), onProgress }),
      )
      writeNotes(io, input.notes)
      const benchmarkFile =
        flags.benchmark === undefined ? undefined : await readBarFile(flags.benchmark, csvOptionsFrom(flags))
      writeNotes(io, benchmarkFile?.notes ?? [])
      const benchmark = benchmarkFile?.series
      if (indicator.inputs.includes('benchmark') && benchmark === undefined) {
        throw usageError('--benchmark', `${indicator.name} needs a benchmark series: pass --benchmark FILE`)
      }
      const series = input.series
      const outputs = indicator.compute(
        inputsFor(indicator, inputsFromSeries(series, field, benchmark)),
        params,
      )
      // Counted on this file's bars (time-bucketed indicators need their times); for an indicator
      // whose warm-up depends on the data it is a lower bound, so the actual start is shown too.
      const warmup = indicator.warmup(params, series.openTime)
      const lowerBound = indicator.dataDependentWarmup === true
      const firstDefined = firstDefinedRow(outputs, indicator.outputs)
      const last = series.length - 1
      const latest = Object.fromEntries(
        indicator.outputs.map((o) => [o, last < 0 ? Number.NaN : outputs[o]![last]!]),
      )
      if (flags.out !== undefined) {
        const lines = [`time,${indicator.outputs.join(',')}`]
        for (let i = 0; i < series.length; i++) {
          lines.push(
            `${formatIso(series.openTime[i]!)},${indicator.outputs.map((o) => formatNumber(outputs[o]![i]!)).join(',')}`,
          )
        }
        await writeFileAtomically(flags.out, `${lines.join('\n')}\n`)
      }
      if (flags.json) {
        writeJson(io.stdout, {
          indicator: indicator.name,
          file,
          params,
          bars: series.length,
          warmup,
          warmupIsLowerBound: lowerBound,
          firstDefinedRow: firstDefined,
          time: last < 0 ? null : formatIso(series.openTime[last]!),
          latest: Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, Number.isNaN(v) ? null : v])),
          ...(flags.out === undefined ? {} : { out: flags.out }),
        })
        return
      }
      writeLine(
        io.stdout,
        `${indicator.title} (${indicator.name}) ${JSON.stringify(params)} over ${series.length} bars of ${file}`,
      )
      writeLine(
        io.stdout,
        lowerBound
          ? `warm-up: at least ${warmup} bars (it depends on the data; ${firstDefined === null ? 'no value yet' : `the first value is at row ${firstDefined}`})`
          : `warm-up: ${warmup} bars`,
      )
      writeLine(io.stdout)
      writeLine(io.stdout, ['time'.padEnd(24), ...indicator.outputs.map((o) => o.padStart(14))].join(' '))
      for (let i = Math.max(0, series.length - tail); i < series.length; i++) {
        const cells = indicator.outputs.map((o) => {
          const v = outputs[o]![i]!
          return (Number.isNaN(v) ? 'NaN' : v.toPrecision(8)).padStart(14)
        })
        writeLine(io.stdout, [formatIso(series.openTime[i]!).padEnd(24), ...cells].join(' '))
      }
      const first = indicator.outputs[0]!
      const defined = outputs[first]!.subarray(Math.min(firstDefined ?? warmup, series.length))
      if (defined.length > 1) {
        writeLine(io.stdout)
        writeText(io.stdout, renderLineChart(defined, { title: `${indicator.name} ${first}` }))
      }
      if (flags.out !== undefined) {
        writeLine(io.stdout)
        writeLine(io.stdout, `wrote ${series.length} rows to ${flags.out}`)
      }
    })
}
