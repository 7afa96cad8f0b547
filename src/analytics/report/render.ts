/**
 * The analytics report: one self-contained HTML page per analysis (transaction costs, risk,
 * attribution), in the backtest report's style (REPORT_STYLE) and with the same inlined
 * lightweight-charts build — nothing is fetched. The section renderers are exported on their
 * own so the backtest report can embed the TCA and attribution sections in its page; a section
 * needs the chart library and ANALYTICS_PAGE_SCRIPT only for its chart.
 */
import type { BacktestResult } from '../../backtest/result.ts'
import { chartLibrarySource } from '../../backtest/report/chart-library.ts'
import { escapeHtml, jsonForScript, scriptSource } from '../../backtest/report/html-text.ts'
import { REPORT_STYLE } from '../../backtest/report/render.ts'
import type { AttributionReport } from '../attribution/attribution.ts'
import { ledgerCurrency } from '../money-units.ts'
import type { RiskReport } from '../run-analysis.ts'
import type { TcaReport } from '../tca/tca.ts'
import { type AnalyticsChart, attributionChart, riskChart, tcaChart } from './chart-series.ts'
import { ANALYTICS_PAGE_SCRIPT } from './page-script.ts'
import { type ReportTable, attributionTables, riskTables, tcaTables } from './tables.ts'

export interface AnalyticsSection {
  readonly id: string
  readonly html: string
  readonly chart: AnalyticsChart
}

export function tableHtml(table: ReportTable): string {
  const head = table.header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, c) => (c === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`,
    )
    .join('\n')
  return `<h3>${escapeHtml(table.title)}</h3>\n<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

function section(
  id: string,
  title: string,
  note: string,
  chart: AnalyticsChart,
  tables: readonly ReportTable[],
): AnalyticsSection {
  const html = `<section id="${id}"><h2>${escapeHtml(title)}</h2>
<p class="note">${escapeHtml(note)}</p>
<p class="legend">${escapeHtml(chart.title)}</p>
<div class="chart small" id="${chart.id}"></div>
${tables.map(tableHtml).join('\n')}
</section>`
  return { id, html, chart }
}

export function tcaSection(report: TcaReport): AnalyticsSection {
  return section(
    'tca',
    'Transaction costs',
    'Implementation shortfall (IS) in basis points against the last close at submission; positive is a cost. Percentiles are over orders. See docs/analytics.md.',
    tcaChart(report),
    tcaTables(report),
  )
}

export function attributionSection(result: BacktestResult, report: AttributionReport): AnalyticsSection {
  return section(
    'attribution',
    'Attribution',
    'Each dimension sums exactly to the total P&L. A trade held through several market phases is shared among them by the bars it was held in each.',
    attributionChart(result.trades, report),
    attributionTables(report),
  )
}

export function riskSection(result: BacktestResult, report: RiskReport): AnalyticsSection {
  return section(
    'risk',
    'Risk and stress',
    'VaR and ES as fractions of the equity from its period returns; 10-day figures scale the 1-day ones (square root of time). Stress applies to the positions open at the end of the run.',
    riskChart(report),
    riskTables(report, ledgerCurrency(result.accountCurrency)),
  )
}

/** A whole page of one or more sections. */
export function renderAnalyticsReport(result: BacktestResult, sections: readonly AnalyticsSection[]): string {
  const title = `${result.strategy.name} — ${sections.map((s) => s.id).join(', ')} report`
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(result.strategy.name)}</h1>
<p class="subtitle">${escapeHtml(sections.map((s) => s.id).join(' · '))} · ${result.data.map((d) => escapeHtml(d.instrumentId)).join(', ')}</p>
${sections.map((s) => s.html).join('\n')}
<footer>Charts drawn with TradingView Lightweight Charts™ (Apache License 2.0), inlined in this file.</footer>
<script type="application/json" id="analytics-data">${jsonForScript({ charts: sections.map((s) => s.chart) })}</script>
<script>${scriptSource(chartLibrarySource())}</script>
<script>${ANALYTICS_PAGE_SCRIPT}</script>
</body>
</html>
`
}
