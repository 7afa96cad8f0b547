/**
 * `tradepulse analyze FILE|DIR`: the geometric state of a market at its latest bar. For a
 * universe — a directory of bar files, or a wide file with one close column per symbol — the
 * Kuramoto order parameter R across the assets; for each asset, entropy, delta entropy, Ricci
 * curvature, Hurst, VPIN and the market phase. With indicator plugins (`--plugin`, or the project's
 * allowlist), also the latest value of each plugin indicator, at its default parameters.
 */
import type { Command } from 'commander'
import type { BarSeries } from '../../data/bar-series.ts'
import { formatIso } from '../../domain/time.ts'
import { kuramotoFromPrices } from '../../indicators/geometric/kuramoto.ts'
import { MARKET_PHASES } from '../../indicators/geometric/market-phase-rules.ts'
import type { AnyIndicator } from '../../indicators/core/definition.ts'
import { BUILTIN_SOURCE, getIndicator } from '../../indicators/registry.ts'
import { inputsFor, inputsFromSeries } from '../../indicators/series-inputs.ts'
import { type CliIo, writeJson, writeLine, writeNotes, writeText } from '../io.ts'
import { type ReaderFlags, parseIntegerOption, readerOptions } from '../options.ts'
import { readBarInputs } from '../bar-inputs.ts'
import { renderLineChart } from '../terminal-chart.ts'
import { type WideFlags, wideOption } from '../wide-input.ts'
import { escapeForTerminal } from '../terminal-text.ts'
import { type PluginFlags, indicatorRegistryFrom, pluginOptions } from '../plugin-options.ts'

interface AnalyzeFlags extends ReaderFlags, WideFlags, PluginFlags {
  readonly window: string
  readonly json: boolean
  readonly chart: boolean
}

interface AssetReading {
  readonly asset: string
  readonly bars: number
  readonly time: string
  readonly close: number
  readonly entropy: number | null
  readonly deltaEntropy: number | null
  readonly ricci: number | null
  readonly ricciTemporal: number | null
  readonly hurst: number | null
  readonly vpin: number | null
  readonly consensus: number | null
  readonly phase: string | null
  readonly confidence: number | null
  readonly entry: number | null
  readonly exitUrgency: number | null
  readonly riskMultiplier: number | null
}

function latest(column: Float64Array | undefined): number | null {
  const v = column?.[column.length - 1]
  return v === undefined || Number.isNaN(v) ? null : v
}

function analyseAsset(
  name: string,
  series: BarSeries,
  window: number,
): { reading: AssetReading; entry: Float64Array } {
  const inputs = inputsFromSeries(series)
  const compute = (indicator: string, params: Record<string, unknown>): Record<string, Float64Array> =>
    getIndicator(indicator).compute(inputsFor(getIndicator(indicator), inputs), params)
  const maxLag = Math.min(50, Math.floor(window / 2))
  const timeframes = [1, 5, 15, 60].map((k) => `${k * series.interval.count}${series.interval.unit}`)
  const entropy = compute('entropy', { window })
  const deltaEntropy = compute('delta-entropy', { window })
  const ricci = compute('ricci', { window })
  const hurst = compute('hurst', { window, maxLag })
  const vpin = compute('vpin', {})
  const phase = compute('market-phase', { timeframes, curvatureWindow: window })
  const consensus = compute('multiscale-kuramoto', { timeframes })
  const phaseIndex = latest(phase.phase)
  const last = series.length - 1
  return {
    reading: {
      asset: name,
      bars: series.length,
      time: last < 0 ? '' : formatIso(series.openTime[last]!),
      close: series.close[last] ?? Number.NaN,
      entropy: latest(entropy.value),
      deltaEntropy: latest(deltaEntropy.value),
      ricci: latest(ricci.curvature),
      ricciTemporal: latest(ricci.temporal),
      hurst: latest(hurst.value),
      vpin: latest(vpin.value),
      consensus: latest(consensus.consensus),
      phase: phaseIndex === null ? null : (MARKET_PHASES[phaseIndex] ?? null),
      confidence: latest(phase.confidence),
      entry: latest(phase.entry),
      exitUrgency: latest(phase.exitUrgency),
      riskMultiplier: latest(phase.riskMultiplier),
    },
    entry: phase.entry!,
  }
}

/**
 * Closes of every asset on the open times of any of them, oldest first, NaN where an asset has
 * no bar. Kuramoto leaves an asset out of the bars it has no price for, so a symbol listed late
 * or delisted early counts while it trades and does not cut the panel short.
 */
function alignedCloses(all: readonly BarSeries[]): { time: Float64Array; closes: Float64Array[] } {
  const union = new Set<number>()
  for (const s of all) for (const t of s.openTime) union.add(t)
  const time = Float64Array.from([...union].sort((a, b) => a - b))
  const closes = all.map((s) => {
    const out = new Float64Array(time.length).fill(Number.NaN)
    let j = 0
    for (let i = 0; i < time.length && j < s.length; i++) {
      if (s.openTime[j] === time[i]) out[i] = s.close[j++]!
    }
    return out
  })
  return { time, closes }
}

/** Latest value of every output of each plugin indicator, by `indicator.output`; one needing a benchmark or quotes is left out. */
function pluginReadings(series: BarSeries, plugins: readonly AnyIndicator[]): Record<string, number | null> {
  const inputs = inputsFromSeries(series)
  const readings: Record<string, number | null> = {}
  for (const indicator of plugins) {
    if (indicator.inputs.some((name) => name === 'benchmark' || inputs[name] === undefined)) continue
    const outputs = indicator.compute(inputsFor(indicator, inputs))
    for (const name of indicator.outputs) readings[`${indicator.name}.${name}`] = latest(outputs[name])
  }
  return readings
}

function fmt(x: number | null, digits = 4): string {
  return x === null ? '—' : x.toFixed(digits)
}

export function registerAnalyze(program: Command, io: CliIo): void {
  const command = program
    .command('analyze')
    .description(
      'Geometric state at the latest bar: Kuramoto synchrony across assets, entropy, delta entropy, Ricci curvature, Hurst, VPIN and the market phase',
    )
    .argument(
      '<path>',
      'a bar file, a directory of bar files (one asset each, e.g. data/universe), or a wide file (one close column per symbol)',
    )
  for (const option of [...readerOptions(), ...pluginOptions()]) command.addOption(option)
  command
    .addOption(wideOption())
    .option('--window <n>', 'trailing window for Kuramoto, entropy, Ricci and Hurst', '200')
    .option('--json', 'print the readings as JSON', false)
    .option('--no-chart', 'leave out the chart')
    .addHelpText(
      'after',
      `
Examples:
  tradepulse analyze data/universe
  tradepulse analyze closes.csv --window 60  # Date,IBM,AAPL,…: Kuramoto across the symbols
  tradepulse analyze data/sp500-2000.csv --window 250 --json
  tradepulse analyze data/universe --plugin ./examples/plugin-indicators/index.js`,
    )
    .action(async (path: string, flags: AnalyzeFlags) => {
      const window = parseIntegerOption('--window', flags.window, 20, 100_000)
      const registry = await indicatorRegistryFrom(flags)
      const plugins = registry.indicators.filter((i) => registry.sourceOf(i.name) !== BUILTIN_SOURCE)
      const inputs = await readBarInputs(path, flags)
      for (const input of inputs) writeNotes(io, input.notes)
      const assets = inputs.map(({ name, series }) => ({
        name,
        ...analyseAsset(name, series, window),
        plugins: pluginReadings(series, plugins),
      }))
      const panel = inputs.length > 1 ? alignedCloses(inputs.map((i) => i.series)) : undefined
      const kuramoto = panel === undefined ? undefined : kuramotoFromPrices(panel.closes, { window })
      const r = latest(kuramoto?.r)
      const atLatest = panel?.closes.filter((c) => !Number.isNaN(c[c.length - 1] ?? Number.NaN)).length ?? 0
      if (flags.json) {
        writeJson(io.stdout, {
          path,
          window,
          kuramoto:
            panel === undefined
              ? null
              : {
                  assets: inputs.length,
                  bars: panel.time.length,
                  assetsAtLatest: atLatest,
                  r,
                  psi: latest(kuramoto?.psi),
                },
          assets: assets.map((a) =>
            plugins.length === 0 ? a.reading : { ...a.reading, plugins: a.plugins },
          ),
        })
        return
      }
      writeLine(
        io.stdout,
        `${path}: ${inputs.length} asset${inputs.length === 1 ? '' : 's'}, window ${window}`,
      )
      if (panel !== undefined) {
        writeLine(
          io.stdout,
          `Kuramoto R across ${inputs.length} assets: ${fmt(r)} (1 = in phase, 0 = no synchrony) over ${panel.time.length} bars, ${atLatest} assets at the latest`,
        )
      }
      writeLine(io.stdout)
      const header = [
        'asset',
        'entropy',
        'Δentropy',
        'Ricci κ',
        'Hurst',
        'VPIN',
        'R multi',
        'phase',
        'conf',
        'entry',
      ]
      const widths = [14, 8, 9, 8, 6, 6, 8, 16, 5, 6]
      const row = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' ')
      writeLine(io.stdout, row(header))
      for (const { reading: a } of assets) {
        writeLine(
          io.stdout,
          row([
            // Escaped before it is cut and padded, so the columns line up with what is shown.
            escapeForTerminal(a.asset).slice(0, 14),
            fmt(a.entropy, 3),
            fmt(a.deltaEntropy, 3),
            fmt(a.ricci, 3),
            fmt(a.hurst, 2),
            fmt(a.vpin, 2),
            fmt(a.consensus, 3),
            a.phase ?? 'warming up',
            fmt(a.confidence, 2),
            fmt(a.entry, 2),
          ]),
        )
      }
      if (plugins.length > 0) {
        writeLine(io.stdout)
        writeLine(io.stdout, `plugin indicators at the latest bar (default parameters):`)
        for (const a of assets) {
          const cells = Object.entries(a.plugins).map(([key, value]) => `${key} ${fmt(value)}`)
          writeLine(io.stdout, `  ${escapeForTerminal(a.name).slice(0, 14).padEnd(14)} ${cells.join('  ')}`)
        }
      }
      if (!flags.chart) return
      const chart = kuramoto?.r ?? assets[0]?.entry
      const title =
        kuramoto === undefined
          ? `market-phase entry signal, ${assets[0]?.name ?? ''}`
          : 'Kuramoto R across assets'
      const defined = chart?.filter((x) => !Number.isNaN(x))
      if (defined !== undefined && defined.length > 1) {
        writeLine(io.stdout)
        writeText(io.stdout, renderLineChart(defined, { title }))
      }
    })
}
