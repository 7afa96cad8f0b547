/**
 * The three analyses of a backtest run (`BacktestResult`, as `readRun` reads it back from a run
 * folder): what the market tape, the positions and the phase labels are, taken from the run's
 * own records, so `tradepulse report` and the backtest report compute them the same way.
 */
import { TradePulseError } from '../domain/errors.ts'
import type { BacktestResult } from '../backtest/result.ts'
import { type DrawdownStats, maxDrawdown } from '../backtest/metrics/drawdown.ts'
import { type AttributionReport, attribute } from './attribution/attribution.ts'
import { type ExposureReport, exposureBreakdown } from './attribution/exposure.ts'
import { type PhaseTimeline, phaseTimeline } from './attribution/phase-timeline.ts'
import { ledgerCurrency } from './money-units.ts'
import { annualisedVolatility, beta, correlationMatrix, simpleReturns } from './risk/dependence.ts'
import {
  type HistoricalWindow,
  type Position,
  type RiskLimits,
  type ShockedVar,
  type StressResult,
  historicalScenario,
  priceShockScenario,
  volatilityShockScenario,
} from './risk/stress.ts'
import { type VarFigure, varTable } from './risk/value-at-risk.ts'
import { sampleStd } from './statistics.ts'
import type { MarketTape } from './tca/market-tape.ts'
import { type TcaReport, transactionCosts } from './tca/tca.ts'

/** The closes the run recorded at every equity time, per instrument (no volumes in a run folder). */
export function runMarketTape(result: BacktestResult): MarketTape {
  const times = result.equity.map((point) => point.time)
  return new Map(Object.entries(result.closes).map(([id, closes]) => [id, { times, closes }]))
}

export function runTransactionCosts(result: BacktestResult, market = runMarketTape(result)): TcaReport {
  return transactionCosts({
    strategy: result.strategy.name,
    currency: ledgerCurrency(result.accountCurrency),
    orders: result.orders,
    fills: result.fills,
    market,
  })
}

/** Market-phase labels over each instrument's closes in the run. */
export function runPhases(result: BacktestResult): Map<string, PhaseTimeline> {
  const times = result.equity.map((point) => point.time)
  return new Map(Object.entries(result.closes).map(([id, closes]) => [id, phaseTimeline(times, closes)]))
}

export function runAttribution(result: BacktestResult, phases = runPhases(result)): AttributionReport {
  return attribute({
    strategy: result.strategy.name,
    currency: ledgerCurrency(result.accountCurrency),
    initialCapital: result.initialCapital,
    trades: result.trades,
    phases,
  })
}

function lastFinite(values: readonly number[] | undefined): number | null {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) {
    const value = values![i]!
    if (Number.isFinite(value)) return value
  }
  return null
}

/** The positions held at the end of the run: net quantity from the fills × the last close. */
export function runPositions(result: BacktestResult): Position[] {
  const quantities = new Map<string, number>()
  for (const fill of result.fills) {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity
    quantities.set(fill.instrumentId, (quantities.get(fill.instrumentId) ?? 0) + signed)
  }
  const positions: Position[] = []
  for (const [instrumentId, quantity] of [...quantities.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (quantity === 0) continue
    const close = lastFinite(result.closes[instrumentId])
    if (close === null) {
      throw new TradePulseError('ANALYTICS_RUN_UNREADABLE', `no close recorded for ${instrumentId}`, {
        file: 'equity.json',
        field: `closes.${instrumentId}`,
      })
    }
    positions.push({ instrumentId, value: quantity * close })
  }
  return positions
}

/** The historical windows replayed on today's positions when the run's data covers them. */
export const HISTORICAL_WINDOWS: readonly HistoricalWindow[] = [
  { name: '2008-10 crash', from: Date.UTC(2008, 9, 1), to: Date.UTC(2008, 9, 31) },
  { name: '2020-03 pandemic', from: Date.UTC(2020, 2, 1), to: Date.UTC(2020, 2, 31) },
]

export interface RiskReport {
  readonly points: number
  readonly var: readonly VarFigure[]
  /** In currency: VaR and ES × the last equity. */
  readonly lastEquity: number
  readonly annualisedVolatility: number | null
  readonly betaToBenchmark: number | null
  readonly drawdown: DrawdownStats
  readonly instruments: readonly string[]
  /** Correlation of the instruments' close-to-close returns, row-major. */
  readonly correlation: readonly number[]
  readonly positions: readonly Position[]
  readonly exposure: ExposureReport
  readonly stress: readonly StressResult[]
  readonly volatilityStress: ShockedVar | null
  /** Drawdown of the equity at each point, as a fraction, for the chart. */
  readonly drawdownSeries: readonly { readonly time: number; readonly value: number }[]
}

export interface RiskOptions {
  readonly periodsPerYear?: number
  readonly limits?: RiskLimits
}

export function runRisk(result: BacktestResult, options: RiskOptions = {}): RiskReport {
  const ccy = ledgerCurrency(result.accountCurrency)
  const equity = result.equity.map((point) => point.equity)
  const times = result.equity.map((point) => point.time)
  const returns = simpleReturns(equity)
  if (returns.length < 2) {
    throw new TradePulseError(
      'ANALYTICS_RUN_UNREADABLE',
      `the run has ${equity.length} equity points; risk needs 3 or more`,
      {
        file: 'equity.json',
      },
    )
  }
  const benchmarkReturns = simpleReturns(result.benchmark.map((point) => point.equity))
  const instruments = Object.keys(result.closes).sort()
  // Correlation over the times every instrument has a close on both ends of the return.
  const closeReturns = instruments.map((id) => simpleReturns(result.closes[id]!))
  const usable = Array.from({ length: returns.length }, (_, t) => t).filter((t) =>
    closeReturns.every((r) => Number.isFinite(r[t]!)),
  )
  const aligned = closeReturns.map((r) => usable.map((t) => r[t]!))
  const positions = runPositions(result)
  const lastEquity = equity[equity.length - 1]!
  const limits = options.limits ?? { maxLoss: lastEquity * 0.1, maxValueAtRisk: lastEquity * 0.05 }
  const histories = new Map(instruments.map((id) => [id, { times, closes: result.closes[id]! }]))
  const covered = HISTORICAL_WINDOWS.filter((w) => times[0]! <= w.from && times[times.length - 1]! >= w.to)
  const stress: StressResult[] = [
    ...covered.map((w) => historicalScenario(positions, histories, w, ccy, limits)),
    priceShockScenario(positions, { name: 'market −10%', factor: -0.1 }, ccy, limits),
    priceShockScenario(positions, { name: 'market +10%', factor: 0.1 }, ccy, limits),
    ...positions.map((p) =>
      priceShockScenario(
        positions,
        { name: `${p.instrumentId} −20%`, instruments: { [p.instrumentId]: -0.2 } },
        ccy,
        limits,
      ),
    ),
  ]
  let volatilityStress: ShockedVar | null = null
  if (positions.length > 0 && usable.length >= 2) {
    const index = new Map(instruments.map((id, i) => [id, i]))
    const held = positions.map((p) => aligned[index.get(p.instrumentId)!]!)
    const rho = correlationMatrix(held)
    volatilityStress = volatilityShockScenario(
      positions,
      held.map((r) => sampleStd(r)),
      rho.map((value) => (Number.isNaN(value) ? 0 : value)),
      { name: 'volatility ×2, correlations halfway to 1', volatilityScale: 2, correlationShift: 0.5 },
      0.99,
      limits,
    )
  }
  const peaks: number[] = []
  let peak = Number.NEGATIVE_INFINITY
  for (const value of equity) {
    peak = Math.max(peak, value)
    peaks.push(peak)
  }
  return {
    points: equity.length,
    var: varTable(returns),
    lastEquity,
    annualisedVolatility:
      options.periodsPerYear === undefined ? null : annualisedVolatility(returns, options.periodsPerYear),
    betaToBenchmark: benchmarkReturns.length === returns.length ? beta(returns, benchmarkReturns) : null,
    drawdown: maxDrawdown(times, equity),
    instruments,
    correlation: usable.length >= 2 ? Array.from(correlationMatrix(aligned)) : [],
    positions,
    exposure: exposureBreakdown(
      positions.map((p) => ({ instrumentId: p.instrumentId, value: p.value })),
      ccy,
    ),
    stress,
    volatilityStress,
    drawdownSeries: equity.map((value, i) => ({
      time: times[i]!,
      value: peaks[i]! > 0 ? 1 - value / peaks[i]! : 0,
    })),
  }
}
