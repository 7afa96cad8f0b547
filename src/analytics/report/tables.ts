/**
 * Each analysis as plain tables of formatted text — the one rendering both the terminal
 * (`tradepulse report`) and the HTML sections read, so the two always show the same figures.
 * Formatting is locale-free (src/backtest/report/format.ts): the same run gives the same bytes.
 */
import type { Currency } from '../../domain/money.ts'
import {
  MISSING,
  formatCount,
  formatDate,
  formatNumber,
  formatPercent,
} from '../../backtest/report/format.ts'
import type { AttributionReport } from '../attribution/attribution.ts'
import { formatUnits } from '../money-units.ts'
import type { RiskReport } from '../run-analysis.ts'
import type { Distribution } from '../statistics.ts'
import { TCA_DIMENSIONS, type TcaGroup } from '../tca/aggregate.ts'
import type { TcaReport } from '../tca/tca.ts'

export interface ReportTable {
  readonly title: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

function money(units: bigint, ccy: Currency): string {
  return formatUnits(units, ccy)
}

function bps(value: number | null): string {
  return value === null ? MISSING : formatNumber(value, 2)
}

function spread(d: Distribution): string[] {
  return [bps(d.p50), bps(d.p90), bps(d.p99)]
}

function tcaRow(group: TcaGroup, ccy: Currency): string[] {
  return [
    group.key,
    formatCount(group.orders),
    formatCount(group.fills),
    formatNumber(group.notional, 2),
    bps(group.weightedShortfallBps),
    ...spread(group.shortfallBps),
    bps(group.closeSlippageBps.p50),
    bps(group.vwapSlippageBps.p50),
    group.fillRate.mean === null ? MISSING : formatPercent(group.fillRate.mean, 1),
    group.submitToCompleteMs.p50 === null ? MISSING : formatNumber(group.submitToCompleteMs.p50, 0),
    money(group.fees, ccy),
    money(group.rebates, ccy),
    money(group.slippage, ccy),
  ]
}

const TCA_HEADER = [
  'group',
  'orders',
  'fills',
  'notional',
  'IS bps (wtd)',
  'IS p50',
  'IS p90',
  'IS p99',
  'vs close p50',
  'vs VWAP p50',
  'fill rate',
  'latency ms p50',
  'fees',
  'rebates',
  'slippage',
]

export function tcaTables(report: TcaReport): ReportTable[] {
  return [
    {
      title: 'Transaction costs: whole run',
      header: TCA_HEADER,
      rows: [tcaRow(report.total, report.currency)],
    },
    ...TCA_DIMENSIONS.map((dimension) => ({
      title: `Transaction costs by ${dimension}`,
      header: TCA_HEADER,
      rows: report.by[dimension].map((group) => tcaRow(group, report.currency)),
    })),
  ]
}

export function attributionTables(report: AttributionReport): ReportTable[] {
  const titles = {
    strategy: 'P&L by strategy',
    instrument: 'P&L by instrument',
    side: 'P&L by side',
    month: 'P&L by month closed',
    entryPhase: 'P&L by market phase at entry',
    phase: 'P&L by market phase held (shared by bars)',
  } as const
  return (Object.keys(titles) as (keyof typeof titles)[]).map((dimension) => ({
    title: titles[dimension],
    header: ['bucket', 'trades', 'P&L', 'return', 'win rate'],
    rows: [
      ...report.by[dimension].map((b) => [
        b.key,
        formatCount(b.trades),
        money(b.pnl, report.currency),
        formatPercent(b.returnContribution, 2),
        b.winRate === null ? MISSING : formatPercent(b.winRate, 1),
      ]),
      ['total', '', money(report.total, report.currency), '', ''],
    ],
  }))
}

export function riskTables(report: RiskReport, ccy: Currency): ReportTable[] {
  const tables: ReportTable[] = [
    {
      title: 'Value at risk and expected shortfall (of the last equity)',
      header: ['method', 'confidence', 'horizon', 'VaR', 'VaR amount', 'ES', 'ES amount'],
      rows: report.var.map((f) => [
        f.method,
        formatPercent(f.confidence, 0),
        `${f.horizonDays}d`,
        formatPercent(f.valueAtRisk, 2),
        formatNumber(f.valueAtRisk * report.lastEquity, 2),
        formatPercent(f.expectedShortfall, 2),
        formatNumber(f.expectedShortfall * report.lastEquity, 2),
      ]),
    },
    {
      title: 'Risk summary',
      header: ['figure', 'value'],
      rows: [
        ['equity points', formatCount(report.points)],
        [
          'annualised volatility',
          report.annualisedVolatility === null ? MISSING : formatPercent(report.annualisedVolatility),
        ],
        [
          'beta to buy-and-hold',
          report.betaToBenchmark === null ? MISSING : formatNumber(report.betaToBenchmark, 3),
        ],
        ['maximum drawdown', formatPercent(report.drawdown.maxDrawdown)],
        [
          'drawdown peak → trough',
          `${formatDate(report.drawdown.peakTime)} → ${formatDate(report.drawdown.troughTime)}`,
        ],
        [
          'Herfindahl of the positions',
          report.exposure.herfindahl === null ? MISSING : formatNumber(report.exposure.herfindahl, 3),
        ],
        [
          'concentration alert',
          report.exposure.concentrationAlert
            ? `yes (above ${formatNumber(report.exposure.threshold, 2)})`
            : 'no',
        ],
      ],
    },
    {
      title: 'Exposure at the end of the run',
      header: ['instrument', 'long', 'short', 'gross', 'net'],
      rows: [...report.exposure.instruments, report.exposure.total].map((row) => [
        row.key,
        money(row.long, ccy),
        money(row.short, ccy),
        money(row.gross, ccy),
        money(row.net, ccy),
      ]),
    },
    {
      title: 'Stress scenarios on the positions at the end of the run',
      header: ['scenario', 'P&L', 'by position', 'limits breached'],
      rows: report.stress.map((s) => [
        s.scenario,
        money(s.pnl, ccy),
        s.positions.map((p) => `${p.instrumentId} ${money(p.pnl, ccy)}`).join('; ') || MISSING,
        s.breaches
          .map((b) => `${b.limit}${b.instrumentId === undefined ? '' : ` (${b.instrumentId})`}`)
          .join(', ') || 'none',
      ]),
    },
  ]
  if (report.volatilityStress !== null) {
    const v = report.volatilityStress
    tables.push({
      title: 'Volatility and correlation stress (1-day 99% parametric VaR of the positions)',
      header: ['scenario', 'VaR before', 'VaR after', 'limits breached'],
      rows: [
        [
          v.scenario,
          formatNumber(v.before, 2),
          formatNumber(v.after, 2),
          v.breaches.map((b) => b.limit).join(', ') || 'none',
        ],
      ],
    })
  }
  const k = report.instruments.length
  if (report.correlation.length === k * k && k > 0) {
    tables.push({
      title: 'Correlation of the instruments’ returns',
      header: ['', ...report.instruments],
      rows: report.instruments.map((id, i) => [
        id,
        ...report.instruments.map((_, j) => formatNumber(report.correlation[i * k + j]!, 2)),
      ]),
    })
  }
  return tables
}

/** Columns padded to their widest cell: the first left-aligned, the rest right-aligned. */
export function formatTableText(table: ReportTable): string[] {
  const widths = table.header.map((title, c) =>
    Math.max(title.length, ...table.rows.map((row) => (row[c] ?? '').length)),
  )
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`.trimEnd()
  return [table.title, line(table.header), ...table.rows.map(line)]
}
