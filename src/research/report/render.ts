/**
 * report.html of a sweep folder: one self-contained page (no script, no external request; the
 * charts are inline SVG, their hover text SVG <title>s), so it opens offline from file://.
 * Sections: summary, heat map of two parameters, the rank metric's distribution over the
 * trials, the top 20, and the overfitting statistics with their verdict and the CSCV logits.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { escapeHtml } from '../../backtest/report/html-text.ts'
import type { SweepOverfitting } from '../sweep/overfitting-summary.ts'
import type { RankSpec } from '../sweep/rank.ts'
import { type Heatmap, type HeatmapRow, defaultHeatmapParams, heatmapOf, histogram } from './heatmap.ts'

export const REPORT_FILE = 'report.html'

export interface SweepReportRow extends HeatmapRow {
  readonly index: number
  readonly totalReturn: number | null
  readonly sharpe: number | null
  readonly maxDrawdown: number | null
  readonly trades: number | null
}

export interface SweepReportInput {
  readonly sweepId: string
  readonly strategy: string
  readonly engine: 'event-driven' | 'vectorised'
  /** Parameter names of the space, in order. */
  readonly space: unknown
  readonly search: unknown
  readonly rank: RankSpec
  readonly combinations: number
  readonly rows: readonly SweepReportRow[]
  /** Indices best first. */
  readonly ranking: readonly number[]
  readonly overfitting: SweepOverfitting
  /** The two parameters of the heat map; default the first two numeric ones. */
  readonly heatmap?: readonly [string, string]
}

const TOP = 20
const CELL = 28

function number(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a'
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Dark blue (worst) to yellow (best), through teal: readable and colour-blind safe enough. */
function colour(share: number): string {
  const stops = [
    [68, 1, 84],
    [33, 145, 140],
    [253, 231, 37],
  ] as const
  const scaled = Math.min(1, Math.max(0, share)) * 2
  const lower = stops[Math.min(1, Math.floor(scaled))]!
  const upper = stops[Math.min(2, Math.floor(scaled) + 1)]!
  const t = scaled - Math.min(1, Math.floor(scaled))
  const mix = (k: 0 | 1 | 2): number => Math.round(lower[k] + (upper[k] - lower[k]) * t)
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`
}

function heatmapSvg(map: Heatmap, rank: RankSpec): string {
  const left = 70
  const top = 10
  const width = left + map.xValues.length * CELL + 10
  const height = top + map.yValues.length * CELL + 50
  const span = map.max - map.min
  const share = (value: number): number => {
    const s = span === 0 ? 1 : (value - map.min) / span
    return rank.direction === 'max' ? s : 1 - s
  }
  const cells = map.cells.map((cell) => {
    const x = left + map.xValues.indexOf(cell.x) * CELL
    const y = top + (map.yValues.length - 1 - map.yValues.indexOf(cell.y)) * CELL
    const title = `${map.xParam}=${cell.x}, ${map.yParam}=${cell.y}: best ${rank.metric} ${number(cell.value)} of ${cell.count} combination(s)`
    return `<rect class="cell" x="${x}" y="${y}" width="${CELL - 1}" height="${CELL - 1}" fill="${colour(share(cell.value))}" data-x="${cell.x}" data-y="${cell.y}" data-value="${cell.value}"><title>${escapeHtml(title)}</title></rect>`
  })
  const xLabels = map.xValues.map(
    (v, i) =>
      `<text x="${left + i * CELL + CELL / 2}" y="${top + map.yValues.length * CELL + 14}" text-anchor="middle">${v}</text>`,
  )
  const yLabels = map.yValues.map(
    (v, i) =>
      `<text x="${left - 6}" y="${top + (map.yValues.length - 1 - i) * CELL + CELL / 2 + 4}" text-anchor="end">${v}</text>`,
  )
  const axes = `<text x="${left + (map.xValues.length * CELL) / 2}" y="${height - 18}" text-anchor="middle">${escapeHtml(map.xParam)}</text><text x="12" y="${top + (map.yValues.length * CELL) / 2}" transform="rotate(-90 12 ${top + (map.yValues.length * CELL) / 2})" text-anchor="middle">${escapeHtml(map.yParam)}</text>`
  const stops = [0, 0.25, 0.5, 0.75, 1].map((s) => `<stop offset="${s}" stop-color="${colour(s)}"/>`).join('')
  const worst = rank.direction === 'max' ? map.min : map.max
  const best = rank.direction === 'max' ? map.max : map.min
  const legend = `<svg class="legend" width="260" height="40" role="img" aria-label="colour scale"><defs><linearGradient id="scale">${stops}</linearGradient></defs><rect x="10" y="4" width="240" height="12" fill="url(#scale)"/><text x="10" y="32">${number(worst)} (worst)</text><text x="250" y="32" text-anchor="end">${number(best)} (best)</text></svg>`
  return `<svg class="heatmap" width="${width}" height="${height}" role="img" aria-label="heat map of ${escapeHtml(rank.metric)}">${cells.join('')}${xLabels.join('')}${yLabels.join('')}${axes}</svg>${legend}`
}

function histogramSvg(values: readonly number[], label: string, className: string): string {
  const bins = histogram(values, 30)
  if (bins.length === 0) return '<p>No values.</p>'
  const width = 600
  const height = 160
  const most = Math.max(...bins.map((b) => b.count))
  const barWidth = width / bins.length
  const bars = bins.map((bin, b) => {
    const h = (bin.count / most) * (height - 30)
    return `<rect class="bar" x="${b * barWidth}" y="${height - 20 - h}" width="${Math.max(1, barWidth - 1)}" height="${h}" fill="#3b6ea5"><title>${escapeHtml(`${label} ${number(bin.lower)} to ${number(bin.upper)}: ${bin.count}`)}</title></rect>`
  })
  const first = bins[0]!.lower
  const last = bins[bins.length - 1]!.upper
  return `<svg class="${className}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)} histogram">${bars.join('')}<text x="0" y="${height - 4}">${number(first)}</text><text x="${width}" y="${height - 4}" text-anchor="end">${number(last)}</text><text x="${width / 2}" y="${height - 4}" text-anchor="middle">${escapeHtml(label)}</text></svg>`
}

function overfittingSection(overfitting: SweepOverfitting): string {
  const dsr = overfitting.deflatedSharpe
  const pbo = overfitting.pbo
  const dsrText =
    'unavailable' in dsr
      ? `<p>Deflated Sharpe ratio: unavailable (${escapeHtml(dsr.unavailable)}).</p>`
      : `<p>Deflated Sharpe ratio of the best combination: <strong class="dsr">${number(dsr.deflatedSharpe)}</strong> (Sharpe ${number(dsr.sharpe)} per period against ${number(dsr.expectedMaximumSharpe)} expected from the best of ${dsr.trials} trials without skill, over ${dsr.observations} periods): ${escapeHtml(dsr.verdict)}.</p>`
  const pboText =
    'unavailable' in pbo
      ? `<p>Probability of backtest overfitting: unavailable (${escapeHtml(pbo.unavailable)}).</p>`
      : `<p>Probability of backtest overfitting: <strong class="pbo">${number(pbo.probability)}</strong> (CSCV, ${pbo.partitions} blocks, ${pbo.combinations} splits, ${pbo.trials} trials × ${pbo.observations} periods; probability of loss ${number(pbo.probabilityOfLoss)}): ${escapeHtml(pbo.verdict)}.</p>${histogramSvg(pbo.logits, 'logit λ of the in-sample best’s out-of-sample rank', 'logits')}<p class="note">λ &gt; 0: the in-sample best stayed above the median out of sample; λ ≤ 0 counts toward PBO.</p>`
  return `<section id="overfitting"><h2>Overfitting</h2><p class="verdict">${escapeHtml(overfitting.verdict)}</p>${dsrText}${pboText}<p class="note">Periods are UTC days (bars, for daily or coarser data); Sharpe ratios here are per period.</p></section>`
}

export function renderSweepReport(input: SweepReportInput): string {
  const byIndex = new Map(input.rows.map((row) => [row.index, row]))
  const names = Object.keys(typeof input.space === 'object' && input.space !== null ? input.space : {})
  const chosen = input.heatmap ?? defaultHeatmapParams(names, input.rows)
  const map =
    chosen === undefined ? undefined : heatmapOf(input.rows, chosen[0], chosen[1], input.rank.direction)
  const best = input.ranking[0] === undefined ? undefined : byIndex.get(input.ranking[0])
  const summary = `<section id="summary"><h1>Sweep ${escapeHtml(input.sweepId)}</h1><table>
<tr><th>strategy</th><td>${escapeHtml(input.strategy)}</td></tr>
<tr><th>engine</th><td>${input.engine}</td></tr>
<tr><th>space</th><td><code>${escapeHtml(JSON.stringify(input.space))}</code></td></tr>
<tr><th>search</th><td><code>${escapeHtml(JSON.stringify(input.search))}</code></td></tr>
<tr><th>trials</th><td>${input.rows.length} evaluated of ${input.combinations} proposed</td></tr>
<tr><th>rank</th><td>${escapeHtml(input.rank.metric)} (${input.rank.direction})</td></tr>
<tr><th>best</th><td class="best">${
    best === undefined
      ? 'none ranked'
      : escapeHtml(
          Object.entries(best.params)
            .map(([k, v]) => `${k}=${text(v)}`)
            .join(' '),
        )
  }</td></tr>
</table></section>`
  const heat =
    map === undefined
      ? `<section id="heatmap"><h2>Heat map</h2><p>No two numeric parameters with values to map.</p></section>`
      : `<section id="heatmap"><h2>Heat map: best ${escapeHtml(input.rank.metric)} by ${escapeHtml(map.xParam)} × ${escapeHtml(map.yParam)}</h2>${heatmapSvg(map, input.rank)}</section>`
  const values = input.rows.map((row) => row.value).filter((v): v is number => v !== null)
  const distribution = `<section id="distribution"><h2>Distribution of ${escapeHtml(input.rank.metric)} over the trials</h2>${histogramSvg(values, input.rank.metric, 'distribution')}</section>`
  const header = ['#', 'parameters', input.rank.metric, 'return', 'Sharpe', 'max DD', 'trades']
  const tableRows = input.ranking.slice(0, TOP).map((index, position) => {
    const row = byIndex.get(index)!
    const params = Object.entries(row.params)
      .filter(([name]) => names.length === 0 || names.includes(name))
      .map(([k, v]) => `${k}=${text(v)}`)
      .join(' ')
    return `<tr><td>${position + 1}</td><td>${escapeHtml(params)}</td><td>${number(row.value)}</td><td>${number(row.totalReturn)}</td><td>${number(row.sharpe)}</td><td>${number(row.maxDrawdown)}</td><td>${number(row.trades)}</td></tr>`
  })
  const top = `<section id="top"><h2>Top ${Math.min(TOP, input.ranking.length)}</h2><table class="top"><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${tableRows.join('')}</tbody></table></section>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sweep ${escapeHtml(input.sweepId)} — ${escapeHtml(input.strategy)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse}th,td{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}
table.top td:nth-child(n+3){text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:11px;fill:#333}.verdict{font-size:1.2em;font-weight:600}.note{color:#666;font-size:12px}
</style></head><body>
${summary}
${heat}
${distribution}
${top}
${overfittingSection(input.overfitting)}
</body></html>
`
}

/** Writes report.html into the sweep folder; returns its path. */
export async function writeSweepReport(folder: string, input: SweepReportInput): Promise<string> {
  const path = join(folder, REPORT_FILE)
  await writeFile(path, renderSweepReport(input))
  return path
}
