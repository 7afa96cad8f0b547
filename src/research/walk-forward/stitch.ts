/**
 * Out-of-sample results, and one curve made of them.
 *
 * `outOfSample(result, tradeFrom)` keeps the part of a warm-up + test run from `tradeFrom` on: its
 * first point is the account at `tradeFrom` (untouched by the warm-up, so the initial capital),
 * and the metrics of what is kept are the test period's alone — no flat warm-up stretch dilutes
 * the annualised figures.
 *
 * `stitchOutOfSample(segments, initialCapital)` chains the windows' test periods into one account:
 * each window starts from the previous window's ending equity. A window's run starts from the
 * configured capital, so its equity, and every amount of money it records (trade P&L and fees,
 * fill quantities and costs, frictions), is scaled by `previous end / its start` — an account
 * that had grown would have traded proportionally larger. Returns are unchanged by the scaling.
 * The benchmark is chained the same way, each window's buy-and-hold continuing from the last.
 * Where one window's first point falls on the previous window's last time, the two are the same
 * moment and the point is kept once.
 *
 * A position still open at the end of a window is marked at the last close (as a run's end
 * marks it) and not carried: the next window starts flat, so no closing cost is charged.
 */
import type {
  BacktestResult,
  EquityPoint,
  FillRecord,
  OrderRecord,
  RunEvent,
  TradeRecord,
} from '../../backtest/result.ts'
import type { UnixMillis } from '../../domain/time.ts'

/** Index of the last point at or before `time`, or 0 when every point is later. */
function baseIndex(points: readonly { readonly time: number }[], time: number): number {
  let base = 0
  for (let i = 0; i < points.length; i++) {
    if (points[i]!.time <= time) base = i
    else break
  }
  return base
}

/** The part of `result` from `tradeFrom` on, its first point stamped `tradeFrom`. */
export function outOfSample(result: BacktestResult, tradeFrom: number): BacktestResult {
  const from = tradeFrom as UnixMillis
  const base = baseIndex(result.equity, tradeFrom)
  const restamp = <P extends { readonly time: UnixMillis }>(points: readonly P[]): P[] =>
    points.slice(base).map((point, i) => (i === 0 && point.time < from ? { ...point, time: from } : point))
  const closes: Record<string, readonly number[]> = {}
  for (const [id, values] of Object.entries(result.closes)) closes[id] = values.slice(base)
  const after = <R extends { readonly time: number }>(records: readonly R[]): R[] =>
    records.filter((record) => record.time >= tradeFrom)
  return {
    ...result,
    equity: restamp(result.equity),
    benchmark: restamp(result.benchmark),
    closes,
    orders: result.orders.filter((order) => order.createdAt >= tradeFrom),
    fills: after(result.fills),
    trades: result.trades.filter((trade) => trade.entryTime >= tradeFrom),
    events: after(result.events),
  }
}

/** One account across the windows' out-of-sample results, in time order. */
export function stitchOutOfSample(
  segments: readonly BacktestResult[],
  initialCapital: number,
): BacktestResult {
  const equity: EquityPoint[] = []
  const benchmark: { time: UnixMillis; equity: number }[] = []
  const closes: Record<string, number[]> = {}
  const orders: OrderRecord[] = []
  const fills: FillRecord[] = []
  const trades: TradeRecord[] = []
  const events: RunEvent[] = []
  const frictions = { fees: 0, slippage: 0, financing: 0 }
  let capital = initialCapital
  let held = initialCapital
  let barEvents = 0
  for (const segment of segments) {
    const start = segment.equity[0]
    const benchmarkStart = segment.benchmark[0]
    if (start === undefined || benchmarkStart === undefined) continue
    const scale = capital / start.equity
    const benchmarkScale = held / benchmarkStart.equity
    const last = equity[equity.length - 1]
    const skip = last !== undefined && start.time <= last.time ? 1 : 0
    const length = equity.length
    for (let i = skip; i < segment.equity.length; i++) {
      const point = segment.equity[i]!
      equity.push({
        time: point.time,
        equity: point.equity * scale,
        cash: point.cash * scale,
        grossExposure: point.grossExposure * scale,
      })
      const b = segment.benchmark[i]!
      benchmark.push({ time: b.time, equity: b.equity * benchmarkScale })
    }
    for (const [id, values] of Object.entries(segment.closes)) {
      const column = (closes[id] ??= new Array<number>(length).fill(NaN))
      column.push(...values.slice(skip))
    }
    for (const column of Object.values(closes)) while (column.length < equity.length) column.push(NaN)
    orders.push(...segment.orders)
    fills.push(
      ...segment.fills.map((fill) => ({
        ...fill,
        lots: fill.lots * scale,
        quantity: fill.quantity * scale,
        fee: fill.fee * scale,
        slippage: fill.slippage * scale,
      })),
    )
    trades.push(
      ...segment.trades.map((trade) => ({
        ...trade,
        quantity: trade.quantity * scale,
        pnl: trade.pnl * scale,
        fees: trade.fees * scale,
      })),
    )
    events.push(...segment.events)
    frictions.fees += segment.frictions.fees * scale
    frictions.slippage += segment.frictions.slippage * scale
    frictions.financing += segment.frictions.financing * scale
    barEvents += segment.barEvents
    capital = equity[equity.length - 1]?.equity ?? capital
    held = benchmark[benchmark.length - 1]?.equity ?? held
  }
  const first = segments[0]
  return {
    strategy: first?.strategy ?? { name: 'walk-forward', params: {} },
    config: first?.config ?? {},
    accountCurrency: first?.accountCurrency ?? 'USD',
    initialCapital,
    data: first?.data ?? [],
    equity,
    benchmark,
    closes,
    orders,
    fills,
    trades,
    frictions,
    events,
    barEvents,
  }
}

/** Per-point simple returns of an equity curve: e[i] / e[i−1] − 1. */
export function equityReturns(equity: readonly { readonly equity: number }[]): Float64Array {
  const returns = new Float64Array(Math.max(0, equity.length - 1))
  for (let i = 1; i < equity.length; i++) returns[i - 1] = equity[i]!.equity / equity[i - 1]!.equity - 1
  return returns
}
