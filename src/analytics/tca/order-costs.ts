/**
 * Transaction costs per order and per fill, measured against the market the order met
 * (docs/analytics.md#transaction-cost-analysis):
 *
 * - arrival price: the last trade (close) known when the order was submitted — a run folder has
 *   no quotes, so no mid;
 * - implementation shortfall, in basis points: s·(p̄ − arrival)/arrival·10⁴, with s = +1 for a
 *   buy and −1 for a sell and p̄ the quantity-weighted average fill price; positive is a cost;
 * - slippage against the interval VWAP (submission to completion) and against the close of the
 *   bar the order completed in, in the same signed basis points;
 * - fill rate (filled / ordered lots), fees and rebates (exact minor units), and the latency from
 *   submission to completion. Acknowledgement and cancel/replace times are not in a run folder;
 *   they are null here.
 *
 * Cost: one pass over the fills to group them by order, then O(log n) lookups per order.
 */
import type { Currency } from '../../domain/money.ts'
import type { FillRecord, OrderRecord } from '../../backtest/result.ts'
import { toMinorUnits } from '../money-units.ts'
import { type MarketTape, closeAtOrAfter, intervalVwap, lastCloseAtOrBefore } from './market-tape.ts'

/** Statuses after which an order changes no more; its completion time is then known. */
const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'filled',
  'canceled',
  'rejected',
  'expired',
  'denied',
])

export interface OrderCost {
  readonly orderId: string
  readonly instrumentId: string
  /** The venue: the MIC after the last '.' of the instrument id (`AAA.XNAS` → `XNAS`). */
  readonly venue: string
  readonly side: 'buy' | 'sell'
  readonly type: string
  readonly fills: number
  readonly filledQuantity: number
  /** Σ price × quantity of the fills, in price units. */
  readonly notional: number
  readonly averagePrice: number | null
  readonly arrivalPrice: number | null
  readonly shortfallBps: number | null
  readonly vwapSlippageBps: number | null
  readonly closeSlippageBps: number | null
  /** filledLots / lots, in [0, 1]. */
  readonly fillRate: number
  /** Commissions charged (fee > 0), in minor units. */
  readonly fees: bigint
  /** Rebates received (fee < 0), in minor units, as a positive amount. */
  readonly rebates: bigint
  /** What slippage cost against the fills' reference prices, in minor units. */
  readonly slippage: bigint
  readonly submitToAcknowledgeMs: number | null
  readonly submitToCompleteMs: number | null
}

export interface FillCost {
  readonly orderId: string
  readonly tradeId: string
  readonly time: number
  readonly instrumentId: string
  readonly side: 'buy' | 'sell'
  readonly notional: number
  /** s·(fill price − arrival)/arrival·10⁴. */
  readonly shortfallBps: number | null
  /** fee / notional · 10⁴ (negative for a rebate). */
  readonly feeBps: number | null
}

export interface CostBreakdown {
  readonly orders: readonly OrderCost[]
  readonly fills: readonly FillCost[]
}

export function venueOf(instrumentId: string): string {
  const dot = instrumentId.lastIndexOf('.')
  return dot < 0 ? 'default' : instrumentId.slice(dot + 1)
}

function signedBps(side: 'buy' | 'sell', price: number, reference: number | null): number | null {
  if (reference === null || reference <= 0) return null
  const sign = side === 'buy' ? 1 : -1
  return (sign * (price - reference) * 10_000) / reference
}

export function orderCosts(
  orders: readonly OrderRecord[],
  fills: readonly FillRecord[],
  market: MarketTape,
  ccy: Currency,
): CostBreakdown {
  const fillsByOrder = new Map<string, FillRecord[]>()
  for (const fill of fills) {
    const list = fillsByOrder.get(fill.orderId)
    if (list === undefined) fillsByOrder.set(fill.orderId, [fill])
    else list.push(fill)
  }
  const orderCostList: OrderCost[] = []
  const fillCostList: FillCost[] = []
  for (const [index, order] of orders.entries()) {
    const own = fillsByOrder.get(order.orderId) ?? []
    const tape = market.get(order.instrumentId)
    const arrival = tape === undefined ? null : lastCloseAtOrBefore(tape, order.createdAt)
    let quantity = 0
    let notional = 0
    let fees = 0n
    let rebates = 0n
    let slippage = 0n
    let lastFill = Number.NEGATIVE_INFINITY
    for (const fill of own) {
      const value = fill.price * fill.quantity
      quantity += fill.quantity
      notional += value
      const fee = toMinorUnits(fill.fee, ccy, `orders[${index}] fill ${fill.tradeId} fee`)
      if (fee >= 0n) fees += fee
      else rebates -= fee
      slippage += toMinorUnits(fill.slippage, ccy, `orders[${index}] fill ${fill.tradeId} slippage`)
      if (fill.time > lastFill) lastFill = fill.time
      fillCostList.push({
        orderId: fill.orderId,
        tradeId: fill.tradeId,
        time: fill.time,
        instrumentId: fill.instrumentId,
        side: fill.side,
        notional: value,
        shortfallBps: signedBps(fill.side, fill.price, arrival),
        feeBps: value > 0 ? (fill.fee * 10_000) / value : null,
      })
    }
    const averagePrice = quantity > 0 ? notional / quantity : null
    const terminal = TERMINAL_STATUSES.has(order.status)
    const completedAt = own.length > 0 ? Math.max(lastFill, terminal ? order.updatedAt : lastFill) : null
    const vwap =
      tape === undefined || completedAt === null ? null : intervalVwap(tape, order.createdAt, completedAt)
    const close = tape === undefined || completedAt === null ? null : closeAtOrAfter(tape, completedAt)
    orderCostList.push({
      orderId: order.orderId,
      instrumentId: order.instrumentId,
      venue: venueOf(order.instrumentId),
      side: order.side,
      type: order.type,
      fills: own.length,
      filledQuantity: quantity,
      notional,
      averagePrice,
      arrivalPrice: arrival,
      shortfallBps: averagePrice === null ? null : signedBps(order.side, averagePrice, arrival),
      vwapSlippageBps: averagePrice === null ? null : signedBps(order.side, averagePrice, vwap),
      closeSlippageBps: averagePrice === null ? null : signedBps(order.side, averagePrice, close),
      fillRate: order.lots > 0 ? order.filledLots / order.lots : 0,
      fees,
      rebates,
      slippage,
      submitToAcknowledgeMs: null,
      submitToCompleteMs: terminal ? (completedAt ?? order.updatedAt) - order.createdAt : null,
    })
  }
  return { orders: orderCostList, fills: fillCostList }
}
