/**
 * Terse order builders for the matching tests and the benchmark: `limit('b1', 'alice', 'buy', 100, 5)`
 * reads like a line of a trading blotter. Test-only code kept beside the tests that share it.
 */
import { orderId } from '../../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../../domain/instrument.ts'
import type { UnixMillis } from '../../../domain/time.ts'
import type { Side, TimeInForce } from '../../types.ts'
import type { MatchOrder } from '../match-order.ts'

type Extra = Partial<Omit<MatchOrder, 'orderId' | 'ownerId' | 'side' | 'type' | 'quantity'>>

export function limit(
  id: string,
  owner: string,
  side: Side,
  price: number,
  quantity: number,
  extra: Extra = {},
): MatchOrder {
  return {
    orderId: orderId(id),
    ownerId: owner,
    side,
    type: 'limit',
    timeInForce: 'GTC',
    quantity: quantity as QuantityLots,
    price: price as PriceTicks,
    ...extra,
  }
}

export function market(
  id: string,
  owner: string,
  side: Side,
  quantity: number,
  timeInForce: TimeInForce = 'IOC',
  extra: Extra = {},
): MatchOrder {
  return {
    orderId: orderId(id),
    ownerId: owner,
    side,
    type: 'market',
    timeInForce,
    quantity: quantity as QuantityLots,
    ...extra,
  }
}

export function stop(
  id: string,
  owner: string,
  side: Side,
  stopPrice: number,
  quantity: number,
  limitPrice?: number,
): MatchOrder {
  const base = {
    orderId: orderId(id),
    ownerId: owner,
    side,
    timeInForce: 'GTC' as const,
    quantity: quantity as QuantityLots,
    stopPrice: stopPrice as PriceTicks,
  }
  return limitPrice === undefined
    ? { ...base, type: 'stop' }
    : { ...base, type: 'stop-limit', price: limitPrice as PriceTicks }
}

export function trailingStop(
  id: string,
  owner: string,
  side: Side,
  quantity: number,
  offset: { readonly ticks: number } | { readonly basisPoints: number },
  stopPrice?: number,
): MatchOrder {
  return {
    orderId: orderId(id),
    ownerId: owner,
    side,
    type: 'trailing-stop',
    timeInForce: 'GTC',
    quantity: quantity as QuantityLots,
    trailing:
      'ticks' in offset
        ? { kind: 'ticks', ticks: offset.ticks }
        : { kind: 'basis-points', basisPoints: offset.basisPoints },
    ...(stopPrice === undefined ? {} : { stopPrice: stopPrice as PriceTicks }),
  }
}

export function at(ms: number): UnixMillis {
  return ms as UnixMillis
}
