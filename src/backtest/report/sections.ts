/**
 * The HTML of the report's tables: the headline figures, the metrics of the strategy beside its
 * buy-and-hold benchmark, the frictions paid, the monthly returns heat map and the run's
 * configuration. Pure string building; every value from the run is escaped.
 */
import type { BacktestMetrics } from '../metrics/metrics.ts'
import type { PerformanceStats } from '../metrics/performance.ts'
import type { BacktestResult } from '../result.ts'
import { MISSING, formatCount, formatDate, formatDays, formatNumber, formatPercent } from './format.ts'
import { escapeHtml } from './html-text.ts'
import { type YearRow, monthlyReturns, yearRows } from './monthly-returns.ts'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function row(cells: readonly string[], header = false): string {
  const tag = header ? 'th' : 'td'
  return `<tr>${cells.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<${tag}>${cell}</${tag}>`)).join('')}</tr>`
}

export function summarySection(result: BacktestResult, metrics: BacktestMetrics): string {
  const tiles: [string, string][] = [
    ['Total return', formatPercent(metrics.strategy.totalReturn)],
    ['Buy and hold', formatPercent(metrics.benchmark.totalReturn)],
    ['Annualised return', formatPercent(metrics.strategy.annualisedReturn)],
    ['Sharpe', formatNumber(metrics.strategy.sharpe)],
    ['Max drawdown', formatPercent(metrics.strategy.drawdown.maxDrawdown)],
    ['Trades', formatCount(metrics.trades.trades)],
  ]
  const span = `${formatDate(metrics.startTime)} to ${formatDate(metrics.endTime)}`
  return `<header>
<h1>${escapeHtml(result.strategy.name)}</h1>
<p class="subtitle">${escapeHtml(span)} · ${formatCount(metrics.points)} equity points · ${escapeHtml(result.data.map((data) => data.instrumentId).join(', '))} · initial capital ${formatNumber(result.initialCapital)} ${escapeHtml(result.accountCurrency)}</p>
<div class="tiles">${tiles.map(([label, value]) => `<div class="tile"><span class="label">${label}</span><span class="value">${value}</span></div>`).join('')}</div>
</header>`
}

function performanceRows(strategy: PerformanceStats, benchmark: PerformanceStats): string[] {
  const both = (label: string, pick: (stats: PerformanceStats) => string): string =>
    row([label, pick(strategy), pick(benchmark)])
  return [
    both('Total return', (stats) => formatPercent(stats.totalReturn)),
    both('Annualised return (CAGR)', (stats) => formatPercent(stats.annualisedReturn)),
    both('Annualised volatility', (stats) => formatPercent(stats.annualisedVolatility)),
    both('Sharpe ratio', (stats) => formatNumber(stats.sharpe)),
    both('Sortino ratio', (stats) => formatNumber(stats.sortino)),
    both('Calmar ratio', (stats) => formatNumber(stats.calmar)),
    both('Max drawdown', (stats) => formatPercent(stats.drawdown.maxDrawdown)),
    both('Max drawdown peak', (stats) => formatDate(stats.drawdown.peakTime)),
    both('Max drawdown trough', (stats) => formatDate(stats.drawdown.troughTime)),
    both('Recovered', (stats) =>
      stats.drawdown.peakTime === null
        ? MISSING
        : stats.drawdown.recoveryTime === null
          ? 'not by the end'
          : formatDate(stats.drawdown.recoveryTime),
    ),
    both('Drawdown duration', (stats) =>
      stats.drawdown.peakTime === null ? MISSING : formatDays(stats.drawdown.durationMs),
    ),
    both('Final equity', (stats) => formatNumber(stats.endEquity)),
  ]
}

export function metricsSection(result: BacktestResult, metrics: BacktestMetrics): string {
  const { trades, annualisation } = metrics
  const periods =
    annualisation.periodsPerYear === null
      ? MISSING
      : `${formatNumber(annualisation.periodsPerYear, 1)} (${annualisation.calendar === 'weekdays' ? '252 trading days' : '365 days'} a year)`
  const single = (label: string, value: string): string => row([label, value, ''])
  return `<section id="metrics"><h2>Metrics</h2>
<table class="metrics"><thead><tr><th></th><th>Strategy</th><th>Buy and hold</th></tr></thead><tbody>
${performanceRows(metrics.strategy, metrics.benchmark).join('\n')}
${single('Periods per year', periods)}
${single('Trades (closed / open)', `${formatCount(trades.trades)} (${formatCount(trades.closedTrades)} / ${formatCount(trades.openTrades)})`)}
${single('Win rate', formatPercent(trades.winRate))}
${single('Profit factor', formatNumber(trades.profitFactor))}
${single('Average win', formatNumber(trades.averageWin))}
${single('Average loss', formatNumber(trades.averageLoss))}
${single('Net trade P&amp;L', formatNumber(trades.netPnl))}
${single('Exposure', formatPercent(metrics.exposure))}
${single('Turnover (per year)', formatNumber(metrics.turnover))}
${single('Traded notional', formatNumber(metrics.tradedNotional))}
${single('Orders / fills', `${formatCount(metrics.orders)} / ${formatCount(metrics.fills)}`)}
${single('Bar events', formatCount(metrics.barEvents))}
</tbody></table>
<p class="note">Money in ${escapeHtml(result.accountCurrency)}. Risk-free rate 0. Definitions: docs/backtest-results.md.</p>
</section>`
}

export function frictionsSection(result: BacktestResult, metrics: BacktestMetrics): string {
  const { fees, slippage, financing } = metrics.frictions
  const total = fees + slippage + financing
  const share = (value: number): string =>
    formatPercent(result.initialCapital > 0 ? value / result.initialCapital : null)
  return `<section id="frictions"><h2>Frictions paid</h2>
<table class="metrics"><thead><tr><th></th><th>${escapeHtml(result.accountCurrency)}</th><th>of initial capital</th></tr></thead><tbody>
${row(['Fees', formatNumber(fees), share(fees)])}
${row(['Slippage', formatNumber(slippage), share(slippage)])}
${row(['Financing', formatNumber(financing), share(financing)])}
${row(['Total', formatNumber(total), share(total)])}
</tbody></table></section>`
}

/** Green for gains, red for losses, stronger as the month's size approaches the largest month's. */
function heatColour(value: number, largest: number): string {
  const strength = largest === 0 ? 0 : Math.min(1, Math.abs(value) / largest)
  const alpha = (0.12 + 0.68 * strength).toFixed(3)
  return value >= 0 ? `rgba(22, 163, 74, ${alpha})` : `rgba(220, 38, 38, ${alpha})`
}

export function monthlySection(result: BacktestResult): string {
  const rows: YearRow[] = yearRows(monthlyReturns(result.equity, result.initialCapital))
  let largest = 0
  for (const year of rows)
    for (const value of year.months) if (value !== null) largest = Math.max(largest, Math.abs(value))
  const cell = (value: number | null): string =>
    value === null
      ? '<td class="empty"></td>'
      : `<td style="background:${heatColour(value, largest)}">${formatPercent(value, 1)}</td>`
  const body = rows
    .map(
      (year) =>
        `<tr><th scope="row">${year.year}</th>${year.months.map(cell).join('')}<td class="year">${formatPercent(year.yearReturn, 1)}</td></tr>`,
    )
    .join('\n')
  return `<section id="monthly"><h2>Monthly returns</h2>
<table class="heatmap"><thead><tr><th></th>${MONTHS.map((month) => `<th>${month}</th>`).join('')}<th>Year</th></tr></thead><tbody>
${body}
</tbody></table></section>`
}

export function configSection(result: BacktestResult): string {
  const configuration = { strategy: result.strategy, config: result.config, data: result.data }
  return `<section id="config"><h2>Configuration</h2>
<pre>${escapeHtml(JSON.stringify(configuration, null, 2))}</pre></section>`
}

/** Beyond this many the trades are in trades.json only: the page stays quick to open. */
export const MAX_TRADES_SHOWN = 1000

export function tradesSection(result: BacktestResult): string {
  const shown = result.trades.slice(0, MAX_TRADES_SHOWN)
  const rows = shown.map(
    (trade) =>
      `<tr><th scope="row">${escapeHtml(trade.instrumentId)}</th><td>${trade.direction}</td><td>${formatDate(trade.entryTime)}</td><td>${trade.exitTime === null ? 'open' : formatDate(trade.exitTime)}</td><td>${formatNumber(trade.entryPrice, 4)}</td><td>${formatNumber(trade.exitPrice, 4)}</td><td>${formatNumber(trade.quantity, 0)}</td><td>${formatNumber(trade.pnl)}</td><td>${formatPercent(trade.returnPct)}</td><td>${formatCount(trade.bars)}</td></tr>`,
  )
  const rest = result.trades.length - shown.length
  const note =
    rest > 0
      ? `<p class="note">The first ${formatCount(MAX_TRADES_SHOWN)} trades are shown; ${formatCount(rest)} more in trades.json.</p>`
      : ''
  return `<section id="trades"><h2>Trades</h2>
<table class="metrics"><thead><tr><th>Instrument</th><th>Direction</th><th>Entry</th><th>Exit</th><th>Entry price</th><th>Exit price</th><th>Quantity</th><th>P&amp;L</th><th>Return</th><th>Bars</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>${note}</section>`
}
