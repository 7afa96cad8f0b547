/**
 * BacktestResults built by hand for the metrics, the run store and the report: a realistic run
 * over two instruments (a few hundred daily points, longs and shorts, fees, slippage, short
 * financing, one trade still open at the end) and a small builder for equity series whose
 * metrics are worked out by hand in the tests.
 *
 * The realistic run is simulated here in a few lines, not by the engine, so that everything
 * downstream of the result can be tested on its own: prices follow a seeded random walk, orders
 * fill at the close plus slippage, and the equity is cash plus positions at the close.
 */
import { createHash } from 'node:crypto'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { MS_PER_DAY, type UnixMillis } from '../../domain/time.ts'
import type {
  BacktestResult,
  EquityPoint,
  FillRecord,
  InstrumentData,
  OrderRecord,
  RunEvent,
  TradeRecord,
} from '../result.ts'

/** 2025-01-02T00:00:00Z, a Thursday. */
export const FIXTURE_START = Date.UTC(2025, 0, 2) as UnixMillis

/** `count` weekday (Monday–Friday) midnights from `start`, skipping Saturdays and Sundays. */
export function weekdayTimes(start: number, count: number): UnixMillis[] {
  const times: UnixMillis[] = []
  for (let t = start; times.length < count; t += MS_PER_DAY) {
    const weekday = new Date(t).getUTCDay()
    if (weekday !== 0 && weekday !== 6) times.push(t as UnixMillis)
  }
  return times
}

/** `count` consecutive midnights from `start`, every day of the week (24x7 markets). */
export function calendarDayTimes(start: number, count: number): UnixMillis[] {
  return Array.from({ length: count }, (_, i) => (start + i * MS_PER_DAY) as UnixMillis)
}

export interface EquitySeriesOptions {
  readonly times?: readonly number[]
  readonly initialCapital?: number
  readonly benchmark?: readonly number[]
  readonly grossExposure?: readonly number[]
  readonly trades?: readonly TradeRecord[]
  readonly fills?: readonly FillRecord[]
}

/**
 * A result holding only an equity series (on weekdays from FIXTURE_START unless times are given),
 * for metrics worked out by hand. The benchmark defaults to the equity itself.
 */
export function resultFromEquity(
  values: readonly number[],
  options: EquitySeriesOptions = {},
): BacktestResult {
  const times = options.times ?? weekdayTimes(FIXTURE_START, values.length)
  if (times.length !== values.length)
    throw new RangeError(`times has ${times.length} entries, values ${values.length}`)
  const benchmark = options.benchmark ?? values
  const grossExposure = options.grossExposure ?? values.map(() => 0)
  const initialCapital = options.initialCapital ?? values[0] ?? 100
  return {
    strategy: { name: 'fixture', params: {} },
    config: { initialCapital },
    accountCurrency: 'USD',
    initialCapital,
    data: [],
    equity: values.map((equity, i) => ({
      time: times[i]! as UnixMillis,
      equity,
      cash: equity - grossExposure[i]!,
      grossExposure: grossExposure[i]!,
    })),
    benchmark: values.map((_, i) => ({ time: times[i]! as UnixMillis, equity: benchmark[i]! })),
    closes: {},
    orders: [],
    fills: options.fills ?? [],
    trades: options.trades ?? [],
    frictions: { fees: 0, slippage: 0, financing: 0 },
    events: [],
    barEvents: values.length,
  }
}

/** A closed trade with only what the trade statistics read filled in meaningfully. */
export function closedTrade(
  pnl: number,
  entryTime: number = FIXTURE_START,
  exitTime: number = FIXTURE_START + MS_PER_DAY,
): TradeRecord {
  return {
    instrumentId: 'AAA',
    direction: 'long',
    entryTime: entryTime as UnixMillis,
    exitTime: exitTime as UnixMillis,
    entryPrice: 100,
    exitPrice: 100 + pnl,
    quantity: 1,
    pnl,
    fees: 0,
    returnPct: pnl / 100,
    bars: 1,
  }
}

interface Holding {
  readonly instrumentId: string
  readonly direction: 'long' | 'short'
  readonly from: number
  /** Index of the bar that closes it; undefined: still open at the end. */
  readonly to?: number
}

const FEE_BASIS_POINTS = 1
const SLIPPAGE_BASIS_POINTS = 2
const BORROW_BASIS_POINTS_PER_YEAR = 50
const POSITION_FRACTION = 0.4

/**
 * A year and a bit of daily weekday bars for two instruments, traded on a fixed schedule: AAA long
 * three times and still long at the end, BBB short twice and long once. 300 equity points.
 */
export function twoInstrumentResult(points = 300): BacktestResult {
  const times = weekdayTimes(FIXTURE_START, points)
  const instruments = [
    { id: 'AAA.XNAS', start: 150, drift: 0.0006, volatility: 0.015 },
    { id: 'BBB.XNYS', start: 42, drift: -0.0002, volatility: 0.022 },
  ]
  const normal = new NormalSampler(new SeededRandom(20250102))
  const closes: Record<string, number[]> = {}
  for (const instrument of instruments) {
    const path: number[] = [instrument.start]
    for (let i = 1; i < points; i++) {
      path.push(
        Math.round(path[i - 1]! * Math.exp(instrument.drift + instrument.volatility * normal.next()) * 100) /
          100,
      )
    }
    closes[instrument.id] = path
  }
  const allHoldings: Holding[] = [
    { instrumentId: 'AAA.XNAS', direction: 'long', from: 20, to: 60 },
    { instrumentId: 'AAA.XNAS', direction: 'long', from: 100, to: 150 },
    { instrumentId: 'AAA.XNAS', direction: 'long', from: 200, to: 260 },
    { instrumentId: 'AAA.XNAS', direction: 'long', from: 280 },
    { instrumentId: 'BBB.XNYS', direction: 'short', from: 40, to: 80 },
    { instrumentId: 'BBB.XNYS', direction: 'long', from: 120, to: 170 },
    { instrumentId: 'BBB.XNYS', direction: 'short', from: 220, to: 250 },
  ]
  const schedule = allHoldings.filter((holding) => holding.from < points - 1)

  const initialCapital = 100_000
  let cash = initialCapital
  const position: Record<string, number> = { 'AAA.XNAS': 0, 'BBB.XNYS': 0 }
  const orders: OrderRecord[] = []
  const fills: FillRecord[] = []
  const trades: TradeRecord[] = []
  const frictions = { fees: 0, slippage: 0, financing: 0 }
  const open = new Map<Holding, { price: number; quantity: number; fees: number; financing: number }>()
  const equity: EquityPoint[] = []

  const fill = (holding: Holding, index: number, side: 'buy' | 'sell', quantity: number): FillRecord => {
    const close = closes[holding.instrumentId]![index]!
    const sign = side === 'buy' ? 1 : -1
    const price = Math.round(close * (1 + (sign * SLIPPAGE_BASIS_POINTS) / 10_000) * 10_000) / 10_000
    const fee = Math.round(price * quantity * FEE_BASIS_POINTS) / 10_000
    const slippage = Math.abs(price - close) * quantity
    const orderId = `O-${orders.length + 1}`
    const time = times[index]!
    orders.push({
      orderId,
      clientOrderId: `C-${orders.length + 1}`,
      instrumentId: holding.instrumentId,
      side,
      type: 'market',
      lots: quantity,
      price: null,
      stopPrice: null,
      status: 'filled',
      filledLots: quantity,
      averagePrice: price,
      createdAt: time,
      updatedAt: time,
      reason: null,
      tag: holding.to === index ? 'exit' : 'entry',
    })
    const record: FillRecord = {
      time,
      instrumentId: holding.instrumentId,
      orderId,
      tradeId: `T-${fills.length + 1}`,
      side,
      price,
      lots: quantity,
      quantity,
      fee,
      slippage,
      liquidity: 'taker',
    }
    fills.push(record)
    cash -= sign * price * quantity + fee
    position[holding.instrumentId] = position[holding.instrumentId]! + sign * quantity
    frictions.fees += fee
    frictions.slippage += slippage
    return record
  }

  for (let i = 0; i < points; i++) {
    // Short financing accrues on the value held short through the previous day.
    for (const [holding, state] of open) {
      if (holding.direction !== 'short' || i === 0) continue
      const cost =
        (state.quantity * closes[holding.instrumentId]![i - 1]! * BORROW_BASIS_POINTS_PER_YEAR) / 10_000 / 365
      cash -= cost
      state.financing += cost
      frictions.financing += cost
    }
    for (const holding of schedule) {
      if (holding.to === i) {
        const state = open.get(holding)!
        const exit = fill(holding, i, holding.direction === 'long' ? 'sell' : 'buy', state.quantity)
        const direction = holding.direction === 'long' ? 1 : -1
        const fees = state.fees + exit.fee
        const pnl = direction * (exit.price - state.price) * state.quantity - fees - state.financing
        trades.push({
          instrumentId: holding.instrumentId,
          direction: holding.direction,
          entryTime: times[holding.from]!,
          exitTime: times[i]!,
          entryPrice: state.price,
          exitPrice: exit.price,
          quantity: state.quantity,
          pnl,
          fees,
          returnPct: pnl / (state.price * state.quantity),
          bars: i - holding.from,
        })
        open.delete(holding)
      }
      if (holding.from === i) {
        const close = closes[holding.instrumentId]![i]!
        const quantity = Math.floor((initialCapital * POSITION_FRACTION) / close)
        const entry = fill(holding, i, holding.direction === 'long' ? 'buy' : 'sell', quantity)
        open.set(holding, { price: entry.price, quantity, fees: entry.fee, financing: 0 })
      }
    }
    let value = 0
    let gross = 0
    for (const instrument of instruments) {
      const held = position[instrument.id]! * closes[instrument.id]![i]!
      value += held
      gross += Math.abs(held)
    }
    equity.push({ time: times[i]!, equity: cash + value, cash, grossExposure: gross })
  }
  const last = points - 1
  for (const [holding, state] of open) {
    const exitPrice = closes[holding.instrumentId]![last]!
    const direction = holding.direction === 'long' ? 1 : -1
    const pnl = direction * (exitPrice - state.price) * state.quantity - state.fees - state.financing
    trades.push({
      instrumentId: holding.instrumentId,
      direction: holding.direction,
      entryTime: times[holding.from]!,
      exitTime: null,
      entryPrice: state.price,
      exitPrice,
      quantity: state.quantity,
      pnl,
      fees: state.fees,
      returnPct: pnl / (state.price * state.quantity),
      bars: last - holding.from,
    })
  }
  trades.sort((a, b) => a.entryTime - b.entryTime || a.instrumentId.localeCompare(b.instrumentId))

  const share = initialCapital / instruments.length
  const benchmark = times.map((time, i) => ({
    time,
    equity: instruments.reduce((sum, instrument) => {
      const path = closes[instrument.id]!
      return sum + (share / path[0]!) * path[i]!
    }, 0),
  }))
  // Like the engine's fingerprint, a hash of the bars used (here their times and closes).
  const data: InstrumentData[] = instruments.map((instrument, index) => ({
    instrumentId: instrument.id,
    source: `fixture random walk ${index + 1}`,
    fingerprint: createHash('sha256')
      .update(new Uint8Array(Float64Array.from([...times, ...closes[instrument.id]!]).buffer))
      .digest('hex'),
    bars: points,
    firstOpenTime: times[0]!,
    lastOpenTime: times[last]!,
    interval: '1d',
  }))
  const events: RunEvent[] = [
    { time: times[Math.min(90, last)]!, kind: 'log', message: 'rebalance check: nothing to do' },
    {
      time: times[Math.min(230, last)]!,
      kind: 'risk-reject',
      message: 'order for BBB.XNYS denied: RISK_MAX_NOTIONAL',
    },
  ]
  return {
    strategy: { name: 'scheduled-holdings', params: { fraction: POSITION_FRACTION, schedule: 'fixture' } },
    config: {
      initialCapital,
      accountCurrency: 'USD',
      fill: 'next-close',
      commission: { basisPoints: FEE_BASIS_POINTS },
      slippage: { model: 'fixed-bps', basisPoints: SLIPPAGE_BASIS_POINTS },
      borrow: { annualRateBps: BORROW_BASIS_POINTS_PER_YEAR },
      equityEvery: 1,
    },
    accountCurrency: 'USD',
    initialCapital,
    data,
    equity,
    benchmark,
    closes,
    orders,
    fills,
    trades,
    frictions,
    events,
    barEvents: points * instruments.length,
  }
}
