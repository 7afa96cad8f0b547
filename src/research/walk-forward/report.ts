/**
 * The walk-forward report: one self-contained HTML page in the style of the backtest report. It
 * reuses that report's pieces — the stitched out-of-sample account is a BacktestResult, so its
 * headline tiles, metrics table, equity-against-buy-and-hold and drawdown charts are drawn by the
 * same code, with lightweight-charts inlined (never fetched). Added here: the in-sample against
 * out-of-sample figure of each window as paired bars (plain HTML, no script needed), the table of
 * windows, and the deflated Sharpe ratio with its verdict.
 *
 * The output depends only on the outcome and the description passed in, so the same walk-forward
 * renders to the same bytes.
 */
import { chartLibrarySource } from '../../backtest/report/chart-library.ts'
import { reportChartData } from '../../backtest/report/chart-data.ts'
import { MISSING, formatDate, formatNumber, formatPercent } from '../../backtest/report/format.ts'
import { escapeHtml, jsonForScript, scriptSource } from '../../backtest/report/html-text.ts'
import { REPORT_STYLE } from '../../backtest/report/render.ts'
import { metricsSection, summarySection } from '../../backtest/report/sections.ts'
import type { WalkForwardOutcome, WindowOutcome } from './run-walk-forward.ts'

/** What the page says the walk-forward was: shown in the subtitle and the configuration block. */
export interface WalkForwardDescription {
  readonly strategy: string
  /** e.g. "rolling, train 2y, test 6m, step 6m". */
  readonly windows: string
  readonly search: string
  readonly spec: unknown
}

const EXTRA_STYLE = `
.pairs td.bars { min-width: 320px; text-align: left; }
.bar { height: 9px; margin: 2px 0; border-radius: 2px; }
.bar.is { background: #94a3b8; }
.bar.oos { background: #1d4ed8; }
.bar.negative { opacity: 0.55; background-image: repeating-linear-gradient(45deg, transparent 0 3px, rgba(255,255,255,0.6) 3px 6px); }
.verdict { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; padding: 10px 14px; max-width: 900px; }
.verdict.genuine { border-color: #15803d; }
.verdict.doubtful { border-color: #b91c1c; }
`

/** Draws the equity and drawdown charts; publishes `window.__report` as the backtest page does. */
const PAGE_SCRIPT = `(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var options = {
    autoSize: true,
    layout: { attributionLogo: false, background: { type: 'solid', color: '#ffffff' }, textColor: '#1f2933', fontSize: 12 },
    grid: { vertLines: { color: '#f1f3f5' }, horzLines: { color: '#f1f3f5' } },
    rightPriceScale: { borderVisible: false },
    timeScale: { borderVisible: false, timeVisible: data.intraday, secondsVisible: false, fixLeftEdge: true, fixRightEdge: true },
    crosshair: { mode: 0 }
  };
  var seriesLengths = {};
  var equity = LC.createChart(document.getElementById('chart-equity'), options);
  var held = equity.addSeries(LC.LineSeries, { color: '#9ca3af', lineWidth: 2, title: 'Buy and hold' });
  held.setData(data.benchmark);
  var oos = equity.addSeries(LC.LineSeries, { color: '#1d4ed8', lineWidth: 2, title: 'Out of sample' });
  oos.setData(data.equity);
  LC.createSeriesMarkers(oos, data.windowStarts.map(function (time, i) {
    return { time: time, position: 'belowBar', shape: 'circle', color: '#64748b', text: 'W' + (i + 1) };
  }));
  equity.timeScale().fitContent();
  var drawdown = LC.createChart(document.getElementById('chart-drawdown'), options);
  var dd = drawdown.addSeries(LC.BaselineSeries, {
    baseValue: { type: 'price', price: 0 },
    topLineColor: '#b91c1c', bottomLineColor: '#b91c1c',
    bottomFillColor1: 'rgba(185, 28, 28, 0.1)', bottomFillColor2: 'rgba(185, 28, 28, 0.35)', lineWidth: 1,
    priceFormat: { type: 'custom', formatter: function (value) { return value.toFixed(1) + '%'; } }
  });
  dd.setData(data.drawdown);
  drawdown.timeScale().fitContent();
  seriesLengths.equity = oos.data().length;
  seriesLengths.benchmark = held.data().length;
  seriesLengths.drawdown = dd.data().length;
  window.__report = { seriesLengths: seriesLengths, points: data.points, ready: true };
})();
`

function paramsText(params: Readonly<Record<string, unknown>> | null): string {
  if (params === null) return 'none (nothing ranked)'
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
}

function pairsSection(outcome: WalkForwardOutcome): string {
  const values = outcome.windows.flatMap((w) => [w.inSampleValue, w.outOfSampleValue])
  const largest = Math.max(0, ...values.map((v) => (v === null ? 0 : Math.abs(v))))
  const bar = (kind: 'is' | 'oos', value: number | null): string => {
    if (value === null) return `<div class="bar ${kind}" style="width:0"></div>`
    const width = largest === 0 ? 0 : (100 * Math.abs(value)) / largest
    return `<div class="bar ${kind}${value < 0 ? ' negative' : ''}" style="width:${width.toFixed(1)}%" title="${formatNumber(value, 3)}"></div>`
  }
  const rows = outcome.windows.map(
    (w) =>
      `<tr><th scope="row">${w.window.index + 1}</th><td>${formatNumber(w.inSampleValue, 3)}</td><td>${formatNumber(w.outOfSampleValue, 3)}</td><td class="bars">${bar('is', w.inSampleValue)}${bar('oos', w.outOfSampleValue)}</td></tr>`,
  )
  return `<section id="in-vs-out"><h2>In sample against out of sample: ${escapeHtml(outcome.rank.metric)}</h2>
<table class="pairs"><thead><tr><th>Window</th><th>In sample</th><th>Out of sample</th><th></th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<p class="legend"><span class="swatch" style="background:#94a3b8"></span>In sample (the best of the train period's trials)<span class="swatch" style="background:#1d4ed8"></span>Out of sample (the same parameters on the test period). Hatched bars are negative; lengths are relative to the largest value.</p>
</section>`
}

function windowRow(w: WindowOutcome): string {
  const cells = [
    `${formatDate(w.window.trainStart)} – ${formatDate(w.window.trainEnd)}`,
    `${formatDate(w.window.testStart)} – ${formatDate(w.window.testEnd)}${w.window.partial ? ' (partial)' : ''}`,
    escapeHtml(paramsText(w.chosen)),
    String(w.trials),
    formatNumber(w.inSampleValue, 3),
    formatNumber(w.outOfSampleValue, 3),
    formatNumber(w.degradation, 2),
    formatNumber(w.efficiency, 2),
    formatPercent(w.outOfSample.strategy.totalReturn),
    String(w.outOfSample.trades.trades),
  ]
  return `<tr><th scope="row">${w.window.index + 1}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
}

function windowsSection(outcome: WalkForwardOutcome): string {
  const metric = escapeHtml(outcome.rank.metric)
  return `<section id="windows"><h2>Windows</h2>
<table class="metrics"><thead><tr><th>#</th><th>Train</th><th>Test</th><th>Chosen parameters</th><th>Trials</th><th>IS ${metric}</th><th>OOS ${metric}</th><th>OOS / IS</th><th>WFE</th><th>OOS return</th><th>OOS trades</th></tr></thead><tbody>
${outcome.windows.map(windowRow).join('\n')}
</tbody></table>
<p class="note">Periods are half-open: a window's test ends where the next begins. OOS / IS is the ratio of the rank metric; WFE (walk-forward efficiency) the ratio of annualised returns, shown only when the in-sample return is positive. Walk-forward efficiency of the whole: ${formatNumber(outcome.efficiency, 2)}.</p>
</section>`
}

function deflatedSection(outcome: WalkForwardOutcome): string {
  const dsr = outcome.deflatedSharpe
  if (dsr === null)
    return `<section id="deflated-sharpe"><h2>Deflated Sharpe ratio</h2>
<p class="verdict">Not computed: ${escapeHtml(outcome.deflatedSharpeNote ?? MISSING)}</p></section>`
  return `<section id="deflated-sharpe"><h2>Deflated Sharpe ratio</h2>
<p class="verdict ${dsr.genuine ? 'genuine' : 'doubtful'}"><strong>DSR ${formatNumber(dsr.deflatedSharpe, 3)}</strong> — ${escapeHtml(dsr.verdict)}.</p>
<table class="metrics"><tbody>
<tr><th scope="row">Sharpe ratio per period (stitched out of sample)</th><td>${formatNumber(dsr.sharpe, 4)}</td></tr>
<tr><th scope="row">Best expected from the trials without skill</th><td>${formatNumber(dsr.expectedMaximumSharpe, 4)}</td></tr>
<tr><th scope="row">Trials (most ranked in one window)</th><td>${dsr.trials}</td></tr>
<tr><th scope="row">Variance of the trials' Sharpe ratios (mean over windows)</th><td>${dsr.trialSharpeVariance.toExponential(3)}</td></tr>
<tr><th scope="row">Returns, skewness, kurtosis</th><td>${dsr.observations}, ${formatNumber(dsr.skewness, 2)}, ${formatNumber(dsr.kurtosis, 2)}</td></tr>
</tbody></table>
<p class="note">The returns are those of the stitched out-of-sample equity; each window's choice was the best of its trials, which the deflation accounts for (docs/research.md#overfitting-statistics).</p>
</section>`
}

export function renderWalkForwardReport(
  outcome: WalkForwardOutcome,
  description: WalkForwardDescription,
): string {
  const chart = reportChartData(outcome.stitched)
  const data = {
    equity: chart.equity,
    benchmark: chart.benchmark,
    drawdown: chart.drawdown,
    intraday: chart.intraday,
    points: chart.points,
    windowStarts: outcome.windows.map((w) => Math.floor(w.tradeFrom / 1000)),
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(description.strategy)} — walk-forward report</title>
<style>${REPORT_STYLE}${EXTRA_STYLE}</style>
</head>
<body>
${summarySection(outcome.stitched, outcome.metrics)}
<p class="subtitle">Walk-forward: ${escapeHtml(description.windows)} · ${escapeHtml(description.search)} · ranked by ${escapeHtml(outcome.rank.metric)} (${outcome.rank.direction}) · ${outcome.windows.length} windows. Every figure above is out of sample.</p>
<section id="equity"><h2>Stitched out-of-sample equity</h2>
<div class="chart" id="chart-equity"></div>
<p class="legend"><span class="swatch" style="background:#1d4ed8"></span>Out of sample, each window starting from the last one's ending equity<span class="swatch" style="background:#9ca3af"></span>Buy and hold over the same test periods. Circles mark window starts.</p>
</section>
<section id="drawdown"><h2>Drawdown</h2>
<div class="chart small" id="chart-drawdown"></div>
</section>
${pairsSection(outcome)}
${windowsSection(outcome)}
${deflatedSection(outcome)}
${metricsSection(outcome.stitched, outcome.metrics)}
<section id="config"><h2>Configuration</h2>
<pre>${escapeHtml(JSON.stringify(description.spec, null, 2))}</pre></section>
<footer>Charts drawn with TradingView Lightweight Charts™ (Apache License 2.0), inlined in this file.</footer>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${scriptSource(chartLibrarySource())}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`
}
