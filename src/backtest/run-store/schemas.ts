/**
 * The shapes of the run folder's JSON files, checked when a run is read back: a file edited by
 * hand or cut short is refused with the file and the field at fault, never half-read.
 */
import { z } from 'zod'
import type { UnixMillis } from '../../domain/time.ts'

const time = z
  .number()
  .int()
  .transform((value) => value as UnixMillis)
const finite = z.number()
const nullableNumber = z.number().nullable()
const side = z.enum(['buy', 'sell'])

export const RUN_FORMAT_VERSION = 1

const instrumentData = z.strictObject({
  instrumentId: z.string(),
  source: z.string(),
  fingerprint: z.string(),
  bars: z.number().int(),
  firstOpenTime: time,
  lastOpenTime: time,
  interval: z.string(),
})

export const runConfigFile = z.strictObject({
  formatVersion: z.literal(RUN_FORMAT_VERSION),
  runId: z.string().regex(/^[0-9a-f]{16}$/),
  strategy: z.strictObject({ name: z.string(), params: z.record(z.string(), z.unknown()) }),
  config: z.record(z.string(), z.unknown()),
  accountCurrency: z.string(),
  initialCapital: finite,
  data: z.array(instrumentData),
  equityFile: z.enum(['equity.json', 'equity.parquet']),
})
export type RunConfigFile = z.output<typeof runConfigFile>

export const ordersFile = z.array(
  z.strictObject({
    orderId: z.string(),
    clientOrderId: z.string(),
    instrumentId: z.string(),
    side,
    type: z.string(),
    lots: finite,
    price: nullableNumber,
    stopPrice: nullableNumber,
    status: z.string(),
    filledLots: finite,
    averagePrice: nullableNumber,
    createdAt: time,
    updatedAt: time,
    reason: z.string().nullable(),
    tag: z.string().nullable(),
  }),
)

export const fillsFile = z.array(
  z.strictObject({
    time,
    instrumentId: z.string(),
    orderId: z.string(),
    tradeId: z.string(),
    side,
    price: finite,
    lots: finite,
    quantity: finite,
    fee: finite,
    slippage: finite,
    liquidity: z.enum(['maker', 'taker']),
  }),
)

export const tradesFile = z.array(
  z.strictObject({
    instrumentId: z.string(),
    direction: z.enum(['long', 'short']),
    entryTime: time,
    exitTime: time.nullable(),
    entryPrice: finite,
    exitPrice: finite,
    quantity: finite,
    pnl: finite,
    fees: finite,
    returnPct: finite,
    bars: z.number().int(),
  }),
)

export const eventsFile = z.array(
  z.strictObject({
    time,
    kind: z.enum(['kill-switch', 'risk-reject', 'halt', 'resume', 'log']),
    message: z.string(),
  }),
)

const drawdown = z.strictObject({
  maxDrawdown: finite,
  peakTime: time.nullable(),
  troughTime: time.nullable(),
  recoveryTime: time.nullable(),
  durationMs: finite,
})

const performance = z.strictObject({
  startEquity: nullableNumber,
  endEquity: nullableNumber,
  totalReturn: nullableNumber,
  annualisedReturn: nullableNumber,
  annualisedVolatility: nullableNumber,
  sharpe: nullableNumber,
  sortino: nullableNumber,
  calmar: nullableNumber,
  drawdown,
})

export const metricsFile = z.strictObject({
  startTime: time.nullable(),
  endTime: time.nullable(),
  points: z.number().int(),
  annualisation: z.strictObject({
    periodsPerYear: nullableNumber,
    calendar: z.enum(['weekdays', 'every-day']).nullable(),
    daysPerYear: nullableNumber,
  }),
  strategy: performance,
  benchmark: performance,
  trades: z.strictObject({
    trades: z.number().int(),
    closedTrades: z.number().int(),
    openTrades: z.number().int(),
    winRate: nullableNumber,
    profitFactor: nullableNumber,
    averageWin: nullableNumber,
    averageLoss: nullableNumber,
    netPnl: finite,
  }),
  exposure: nullableNumber,
  turnover: nullableNumber,
  tradedNotional: finite,
  frictions: z.strictObject({ fees: finite, slippage: finite, financing: finite }),
  orders: z.number().int(),
  fills: z.number().int(),
  barEvents: z.number().int(),
})
