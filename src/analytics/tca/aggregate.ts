/**
 * Order costs grouped by a dimension (strategy, instrument, venue, side or order type), with the
 * distribution of each measure (p50/p90/p99, type-7 quantiles) beside its mean, because a cost
 * that is small on average can still be large one order in a hundred. Money sums are exact.
 */
import { type Distribution, distribution } from '../statistics.ts'
import type { OrderCost } from './order-costs.ts'

export const TCA_DIMENSIONS = ['strategy', 'instrument', 'venue', 'side', 'type'] as const
export type TcaDimension = (typeof TCA_DIMENSIONS)[number]

export interface TcaGroup {
  readonly key: string
  readonly orders: number
  readonly fills: number
  readonly notional: number
  /** Σ shortfall × notional / Σ notional over the orders with a shortfall. */
  readonly weightedShortfallBps: number | null
  readonly shortfallBps: Distribution
  readonly vwapSlippageBps: Distribution
  readonly closeSlippageBps: Distribution
  readonly fillRate: Distribution
  readonly submitToCompleteMs: Distribution
  readonly fees: bigint
  readonly rebates: bigint
  readonly slippage: bigint
}

function keyOf(order: OrderCost, dimension: TcaDimension, strategy: string): string {
  switch (dimension) {
    case 'strategy':
      return strategy
    case 'instrument':
      return order.instrumentId
    case 'venue':
      return order.venue
    case 'side':
      return order.side
    case 'type':
      return order.type
  }
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null)
}

export function summariseOrders(key: string, orders: readonly OrderCost[]): TcaGroup {
  let fills = 0
  let notional = 0
  let weighted = 0
  let weight = 0
  let fees = 0n
  let rebates = 0n
  let slippage = 0n
  for (const order of orders) {
    fills += order.fills
    notional += order.notional
    fees += order.fees
    rebates += order.rebates
    slippage += order.slippage
    if (order.shortfallBps !== null) {
      weighted += order.shortfallBps * order.notional
      weight += order.notional
    }
  }
  return {
    key,
    orders: orders.length,
    fills,
    notional,
    weightedShortfallBps: weight > 0 ? weighted / weight : null,
    shortfallBps: distribution(present(orders.map((o) => o.shortfallBps))),
    vwapSlippageBps: distribution(present(orders.map((o) => o.vwapSlippageBps))),
    closeSlippageBps: distribution(present(orders.map((o) => o.closeSlippageBps))),
    fillRate: distribution(orders.map((o) => o.fillRate)),
    submitToCompleteMs: distribution(present(orders.map((o) => o.submitToCompleteMs))),
    fees,
    rebates,
    slippage,
  }
}

/** One group per distinct key of `dimension`, keys in ascending order. */
export function groupOrders(
  orders: readonly OrderCost[],
  dimension: TcaDimension,
  strategy: string,
): TcaGroup[] {
  const groups = new Map<string, OrderCost[]>()
  for (const order of orders) {
    const key = keyOf(order, dimension, strategy)
    const list = groups.get(key)
    if (list === undefined) groups.set(key, [order])
    else list.push(order)
  }
  return [...groups.keys()].sort().map((key) => summariseOrders(key, groups.get(key)!))
}
