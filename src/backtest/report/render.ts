/**
 * The run's report: one self-contained HTML file that opens offline. It inlines the
 * lightweight-charts standalone build and the run's chart data (as JSON in a
 * `<script type="application/json">`), and draws the equity against buy-and-hold, the drawdown
 * and each instrument's price with its trades; the monthly returns, the metrics, the frictions,
 * the trades and the configuration are plain HTML tables. Nothing is loaded from anywhere: no external
 * script, stylesheet, font or image.
 *
 * The output depends only on the result and the metrics (and the installed chart library), so
 * the same run renders to the same bytes.
 *
 * Modules above the backtest add sections through `ReportExtension`s (analytics adds transaction
 * costs and attribution, analytics/report/backtest-sections.ts): the backtest cannot import them,
 * so each brings its HTML, its chart data and the script that draws it.
 */
import type { BacktestMetrics } from '../metrics/metrics.ts'
import type { BacktestResult } from '../result.ts'
import { chartLibrarySource } from './chart-library.ts'
import { reportChartData } from './chart-data.ts'
import { escapeHtml, jsonForScript, scriptSource } from './html-text.ts'
import { PAGE_SCRIPT } from './page-script.ts'
import {
  configSection,
  frictionsSection,
  metricsSection,
  monthlySection,
  summarySection,
  tradesSection,
} from './sections.ts'

/** The page's stylesheet, shared with other reports drawn in the same style (walk-forward). */
export const REPORT_STYLE = `
:root { color-scheme: light; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2933; background: #f8fafc; }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 32px 0 8px; font-size: 16px; }
.subtitle { margin: 0 0 16px; color: #52606d; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; padding: 10px 14px; min-width: 120px; }
.tile .label { display: block; color: #52606d; font-size: 12px; }
.tile .value { display: block; font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.chart { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; height: 320px; }
.chart.small { height: 200px; }
.legend { color: #52606d; font-size: 12px; margin: 4px 0 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: middle; }
table { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border: 1px solid #e4e7eb; text-align: right; }
th[scope="row"] { text-align: left; font-weight: 500; }
thead th { background: #f1f5f9; }
.heatmap td { min-width: 52px; }
.heatmap td.year { font-weight: 600; }
.note { color: #52606d; font-size: 12px; }
pre { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; padding: 12px; overflow-x: auto; font-size: 12px; }
footer { margin-top: 32px; color: #7b8794; font-size: 12px; }
`

/**
 * Sections an outer module adds to the page: `html` goes after the frictions, `data` into a JSON
 * element with id `dataElementId`, and `script` runs after the page's own (it finds the chart
 * library as `window.LightweightCharts`). An element id must not be one the page already uses.
 */
export interface ReportExtension {
  readonly html: string
  readonly dataElementId: string
  readonly data: unknown
  readonly script: string
}

export function renderReport(
  result: BacktestResult,
  metrics: BacktestMetrics,
  extensions: readonly ReportExtension[] = [],
): string {
  const chartData = reportChartData(result)
  const priceCharts = chartData.instruments
    .map(
      (instrument, index) =>
        `<h3>${escapeHtml(instrument.instrumentId)}</h3><div class="chart small" id="chart-price-${index}"></div>`,
    )
    .join('\n')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(result.strategy.name)} — backtest report</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${summarySection(result, metrics)}
<section id="equity"><h2>Equity and buy-and-hold</h2>
<div class="chart" id="chart-equity"></div>
<p class="legend"><span class="swatch" style="background:#1d4ed8"></span>Strategy<span class="swatch" style="background:#9ca3af"></span>Buy and hold (the capital split equally across the instruments at their first close)</p>
</section>
<section id="drawdown"><h2>Drawdown</h2>
<div class="chart small" id="chart-drawdown"></div>
</section>
<section id="prices"><h2>Prices and trades</h2>
<p class="legend">Arrows mark entries (up: long, down: short), circles exits, at the first equity time at or after the fill.</p>
${priceCharts}
</section>
${monthlySection(result)}
${metricsSection(result, metrics)}
${frictionsSection(result, metrics)}
${extensions.map((e) => e.html).join('\n')}
${tradesSection(result)}
${configSection(result)}
<footer>Charts drawn with TradingView Lightweight Charts™ (Apache License 2.0), inlined in this file.</footer>
<script type="application/json" id="report-data">${jsonForScript(chartData)}</script>
<script>${scriptSource(chartLibrarySource())}</script>
<script>${PAGE_SCRIPT}</script>
${extensions
  .map(
    (e) =>
      `<script type="application/json" id="${escapeHtml(e.dataElementId)}">${jsonForScript(e.data)}</script>\n<script>${scriptSource(e.script)}</script>`,
  )
  .join('\n')}
</body>
</html>
`
}
