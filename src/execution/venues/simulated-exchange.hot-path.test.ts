/**
 * What the simulated exchange's allocation-free path must keep: an order is delivered with the
 * terms it had when it was sent, and the book gets exactly the fields the order has.
 */
import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { ManualClock } from '../clock.ts'
import { ACME } from '../e2e/testing/market.ts'
import type { Order } from '../orders/order.ts'
import type { ExecutionReport } from '../venue.ts'
import { SimulatedExchange, toMatchOrder } from './simulated-exchange.ts'

function ours(id: string, extra: Partial<Order> = {}): Order {
  return {
    clientOrderId: clientOrderId(`c-${id}`),
    instrumentId: ACME.id,
    side: 'buy',
    type: 'limit',
    quantity: 5 as QuantityLots,
    price: 9_990 as PriceTicks,
    timeInForce: 'GTC',
    orderId: orderId(id),
    status: 'pending-new',
    workingStatus: 'pending-new',
    filledQuantity: 0,
    filledNotionalTicks: 0n,
    createdAt: 0 as UnixMillis,
    updatedAt: 0 as UnixMillis,
    ...extra,
  }
}

describe('SimulatedExchange hot path', () => {
  it('delivers an order with the terms it had when sent, whatever happens to the sender’s object', () => {
    const clock = new ManualClock(1_000)
    const sim = new SimulatedExchange({ instruments: [ACME], clock, submitLatencyMs: 5 })
    const reports: ExecutionReport[] = []
    sim.onReport((r) => reports.push(r))
    const order = ours('o1')
    sim.submit(order)
    order.quantity = 7 as QuantityLots
    order.price = 9_000 as PriceTicks
    sim.advanceTo(1_005)
    expect(sim.engine(ACME.id)!.order(orderId('o1'))).toMatchObject({ quantity: 5, price: 9_990 })
    expect(reports).toEqual([{ kind: 'accepted', orderId: 'o1', time: 1_005 }])
  })

  it('gives the book exactly the fields an order has, and no others', () => {
    const noPrice: Order = ours('m')
    delete noPrice.price
    expect(toMatchOrder({ ...noPrice, type: 'market', timeInForce: 'IOC' }, 'acct')).toStrictEqual({
      orderId: 'm',
      ownerId: 'acct',
      side: 'buy',
      type: 'market',
      timeInForce: 'IOC',
      quantity: 5,
    })
    const stop: Order = {
      ...noPrice,
      orderId: orderId('s'),
      type: 'trailing-stop',
      trailing: { kind: 'ticks', ticks: 3 },
      stopPrice: 9_980 as PriceTicks,
      timeInForce: 'GTD',
      expireAt: 9_000 as UnixMillis,
      postOnly: false,
      reduceOnly: true,
    }
    expect(toMatchOrder(stop, 'acct')).toStrictEqual({
      orderId: 's',
      ownerId: 'acct',
      side: 'buy',
      type: 'trailing-stop',
      timeInForce: 'GTD',
      quantity: 5,
      stopPrice: 9_980,
      trailing: { kind: 'ticks', ticks: 3 },
      expireAt: 9_000,
      postOnly: false,
    })
  })
})
