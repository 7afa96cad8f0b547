/**
 * The transaction cost analysis of one run: per-order and per-fill costs, the whole run's
 * summary and the same summary grouped by every dimension.
 */
import type { Currency } from '../../domain/money.ts'
import type { FillRecord, OrderRecord } from '../../backtest/result.ts'
import {
  TCA_DIMENSIONS,
  type TcaDimension,
  type TcaGroup,
  groupOrders,
  summariseOrders,
} from './aggregate.ts'
import type { MarketTape } from './market-tape.ts'
import { type FillCost, type OrderCost, orderCosts } from './order-costs.ts'

export interface TcaInput {
  readonly strategy: string
  readonly currency: Currency
  readonly orders: readonly OrderRecord[]
  readonly fills: readonly FillRecord[]
  readonly market: MarketTape
}

export interface TcaReport {
  readonly currency: Currency
  readonly total: TcaGroup
  readonly by: Readonly<Record<TcaDimension, readonly TcaGroup[]>>
  readonly orders: readonly OrderCost[]
  readonly fills: readonly FillCost[]
}

export function transactionCosts(input: TcaInput): TcaReport {
  const costs = orderCosts(input.orders, input.fills, input.market, input.currency)
  const by = Object.fromEntries(
    TCA_DIMENSIONS.map((dimension) => [dimension, groupOrders(costs.orders, dimension, input.strategy)]),
  ) as Record<TcaDimension, TcaGroup[]>
  return {
    currency: input.currency,
    total: summariseOrders('all', costs.orders),
    by,
    orders: costs.orders,
    fills: costs.fills,
  }
}
