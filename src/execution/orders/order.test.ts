import { describe, expect, it } from 'vitest'
import { clientOrderId } from '../../domain/ids.ts'
import { instrumentId, type PriceTicks, type QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import {
  type Order,
  type OrderRequest,
  averageFillPrice,
  exactAverageFillPrice,
  remainingQuantity,
  validateOrderRequest,
} from './order.ts'

const noPrice: OrderRequest = {
  clientOrderId: clientOrderId('c-1'),
  instrumentId: instrumentId('BTC-USD', 'SIM'),
  side: 'buy',
  type: 'market',
  quantity: 10 as QuantityLots,
  timeInForce: 'IOC',
}

const base: OrderRequest = {
  clientOrderId: clientOrderId('c-1'),
  instrumentId: instrumentId('BTC-USD', 'SIM'),
  side: 'buy',
  type: 'limit',
  quantity: 10 as QuantityLots,
  price: 100 as PriceTicks,
  timeInForce: 'GTC',
}

function fieldAtFault(request: OrderRequest): string | undefined {
  try {
    validateOrderRequest(request)
    return undefined
  } catch (error) {
    return (error as { location: { field?: string } }).location.field
  }
}

describe('validateOrderRequest', () => {
  it('accepts well-formed orders of every type', () => {
    expect(fieldAtFault(base)).toBeUndefined()
    const market = noPrice
    expect(fieldAtFault({ ...market, type: 'market', timeInForce: 'IOC' })).toBeUndefined()
    expect(
      fieldAtFault({ ...market, type: 'stop', stopPrice: 90 as PriceTicks, timeInForce: 'GTC' }),
    ).toBeUndefined()
    expect(fieldAtFault({ ...base, type: 'stop-limit', stopPrice: 90 as PriceTicks })).toBeUndefined()
    expect(
      fieldAtFault({ ...market, type: 'trailing-stop', trailing: { kind: 'basis-points', basisPoints: 50 } }),
    ).toBeUndefined()
    expect(
      fieldAtFault({ ...base, timeInForce: 'GTD', expireAt: 1_700_000_000_000 as UnixMillis }),
    ).toBeUndefined()
    expect(fieldAtFault({ ...base, postOnly: true })).toBeUndefined()
  })

  it('names the field at fault', () => {
    expect(fieldAtFault({ ...base, quantity: 0 as QuantityLots })).toBe('quantity')
    expect(fieldAtFault({ ...base, quantity: 1.5 as QuantityLots })).toBe('quantity')
    expect(fieldAtFault({ ...noPrice, type: 'limit', timeInForce: 'GTC' })).toBe('price')
    expect(fieldAtFault({ ...base, type: 'market', timeInForce: 'IOC' })).toBe('price')
    expect(fieldAtFault({ ...base, type: 'stop-limit' })).toBe('stopPrice')
    expect(fieldAtFault({ ...base, stopPrice: 5 as PriceTicks })).toBe('stopPrice')
    expect(fieldAtFault({ ...noPrice, type: 'trailing-stop', timeInForce: 'GTC' })).toBe('trailing')
    expect(
      fieldAtFault({
        ...noPrice,
        type: 'trailing-stop',
        timeInForce: 'GTC',
        trailing: { kind: 'ticks', ticks: 0 },
      }),
    ).toBe('trailing')
    expect(fieldAtFault({ ...base, trailing: { kind: 'ticks', ticks: 3 } })).toBe('trailing')
    expect(fieldAtFault({ ...base, timeInForce: 'GTD' })).toBe('expireAt')
    expect(fieldAtFault({ ...base, expireAt: 1 as UnixMillis })).toBe('expireAt')
    expect(fieldAtFault({ ...base, postOnly: true, timeInForce: 'IOC' })).toBe('postOnly')
    expect(fieldAtFault({ ...noPrice, type: 'market', timeInForce: 'GTC', postOnly: true })).toBe('postOnly')
    expect(fieldAtFault({ ...noPrice, type: 'market', timeInForce: 'GTC' })).toBe('timeInForce')
  })

  it('says what is wrong in words', () => {
    expect(() => {
      validateOrderRequest({ ...base, quantity: -3 as QuantityLots })
    }).toThrow('quantity: order c-1: quantity must be a positive whole number of lots, was -3')
  })
})

describe('order arithmetic', () => {
  it('derives the average price and the remaining quantity from exact tick-lots', () => {
    const order = { ...base, filledQuantity: 3, filledNotionalTicks: 100n + 2n * 103n } as Order
    expect(averageFillPrice(order)).toBe(102)
    expect(exactAverageFillPrice(order)).toEqual({ numerator: 102n, denominator: 1n })
    expect(remainingQuantity(order)).toBe(7)
    expect(averageFillPrice({ ...order, filledQuantity: 0 })).toBeNaN()
    expect(exactAverageFillPrice({ ...order, filledQuantity: 0 })).toBeUndefined()
    const uneven = { ...order, filledNotionalTicks: 100n + 103n, filledQuantity: 2 }
    expect(exactAverageFillPrice(uneven)).toEqual({ numerator: 203n, denominator: 2n })
  })
})
