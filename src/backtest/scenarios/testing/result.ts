/** Hand-built run results for the expectation tests: only what a test states is in them. */
import type { UnixMillis } from '../../../domain/time.ts'
import type { BacktestResult, EquityPoint, FillRecord, OrderRecord, RunEvent } from '../../result.ts'

export interface ResultParts {
  readonly initialCapital?: number
  readonly equity?: readonly EquityPoint[]
  readonly fills?: readonly FillRecord[]
  readonly orders?: readonly OrderRecord[]
  readonly events?: readonly RunEvent[]
}

export function resultWith(parts: ResultParts): BacktestResult {
  return {
    strategy: { name: 'hand-built', params: {} },
    config: {},
    accountCurrency: 'USD',
    initialCapital: parts.initialCapital ?? 1_000_000,
    data: [],
    equity: parts.equity ?? [],
    benchmark: [],
    closes: {},
    orders: parts.orders ?? [],
    fills: parts.fills ?? [],
    trades: [],
    frictions: { fees: 0, slippage: 0, financing: 0 },
    events: parts.events ?? [],
    barEvents: 0,
  }
}

/** A taker fill of `quantity` units (one-unit lots) with no fee or slippage, of order `o-<tradeId>` unless named. */
export function fillAt(
  tradeId: string,
  time: number,
  side: 'buy' | 'sell',
  quantity: number,
  price: number,
  order: { readonly orderId?: string; readonly instrumentId?: string } = {},
): FillRecord {
  return {
    time: time as UnixMillis,
    instrumentId: order.instrumentId ?? 'ACME.SIM',
    orderId: order.orderId ?? `o-${tradeId}`,
    tradeId,
    side,
    price,
    lots: quantity,
    quantity,
    fee: 0,
    slippage: 0,
    liquidity: 'taker',
  }
}

export function equityAt(time: number, equity: number): EquityPoint {
  return { time: time as UnixMillis, equity, cash: equity, grossExposure: 0 }
}

export function stopOrder(
  orderId: string,
  side: 'buy' | 'sell',
  stopPrice: number,
  createdAt: number,
  instrumentId = 'ACME.SIM',
): OrderRecord {
  return {
    orderId,
    clientOrderId: `c-${orderId}`,
    instrumentId,
    side,
    type: 'stop',
    lots: 100,
    price: null,
    stopPrice,
    status: 'filled',
    filledLots: 100,
    averagePrice: null,
    createdAt: createdAt as UnixMillis,
    updatedAt: createdAt as UnixMillis,
    reason: null,
    tag: null,
  }
}
