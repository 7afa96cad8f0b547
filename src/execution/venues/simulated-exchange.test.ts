import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId } from '../../domain/ids.ts'
import { type PriceTicks, type QuantityLots, instrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { ManualClock } from '../clock.ts'
import { ACME, BOLT } from '../e2e/testing/market.ts'
import type { Order } from '../orders/order.ts'
import type { ExecutionReport } from '../venue.ts'
import { SimulatedExchange } from './simulated-exchange.ts'

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

function exchange(): { sim: SimulatedExchange; reports: ExecutionReport[]; clock: ManualClock } {
  const clock = new ManualClock(1_000)
  const sim = new SimulatedExchange({ instruments: [ACME], clock })
  const reports: ExecutionReport[] = []
  sim.onReport((r) => reports.push(r))
  return { sim, reports, clock }
}

function quote(sim: SimulatedExchange, side: 'buy' | 'sell', price: number, id: string): void {
  sim.submitExternal(ACME.id, {
    orderId: orderId(id),
    ownerId: 'mm',
    side,
    type: 'limit',
    timeInForce: 'GTC',
    quantity: 10 as QuantityLots,
    price: price as PriceTicks,
  })
}

describe('SimulatedExchange', () => {
  it('values orders at the mid before the first trade, then at the last trade', () => {
    const { sim } = exchange()
    expect(sim.referencePrice(ACME.id)).toBeUndefined()
    quote(sim, 'buy', 9_999, 'b')
    expect(sim.referencePrice(ACME.id)).toBe(9_999)
    quote(sim, 'sell', 10_002, 'a')
    expect(sim.referencePrice(ACME.id)).toBe(10_000)
    sim.submitExternal(ACME.id, {
      orderId: orderId('t'),
      ownerId: 'taker',
      side: 'buy',
      type: 'market',
      timeInForce: 'IOC',
      quantity: 1 as QuantityLots,
    })
    expect(sim.referencePrice(ACME.id)).toBe(10_002)
    expect(sim.referencePrice(instrumentId('NOPE', 'SIM'))).toBeUndefined()
  })

  it('reports only our orders, and refuses an instrument it does not list', () => {
    const { sim, reports } = exchange()
    quote(sim, 'sell', 10_002, 'a')
    sim.submit(ours('o1', { instrumentId: instrumentId('NOPE', 'SIM') }))
    sim.submit(ours('o2'))
    expect(reports.map((r) => r.kind)).toEqual(['rejected', 'accepted'])
    sim.cancelExternal(ACME.id, orderId('a'))
    expect(reports).toHaveLength(2)
    sim.cancel(orderId('unknown'))
    sim.replace(orderId('unknown'), { quantity: 3 as QuantityLots })
    expect(reports.slice(2).map((r) => r.kind)).toEqual(['cancel-rejected', 'replace-rejected'])
  })

  it('numbers trades across all its books, and after a restart continues after the journal', () => {
    const clock = new ManualClock(1_000)
    const first = new SimulatedExchange({ instruments: [ACME, BOLT], clock })
    const reports: ExecutionReport[] = []
    first.onReport((r) => reports.push(r))
    for (const [instrument, n] of [
      [ACME, 1],
      [BOLT, 2],
    ] as const) {
      first.submitExternal(instrument.id, {
        orderId: orderId(`mm-${n}`),
        ownerId: 'mm',
        side: 'sell',
        type: 'limit',
        timeInForce: 'GTC',
        quantity: 10 as QuantityLots,
        price: 10_000 as PriceTicks,
      })
      first.submit(
        ours(`o${n}`, { instrumentId: instrument.id, price: 10_000 as PriceTicks, timeInForce: 'IOC' }),
      )
    }
    const fills = reports.flatMap((r) => (r.kind === 'fill' ? [r.fill] : []))
    expect(fills.map((f) => [f.venue, f.tradeId, f.instrumentId])).toEqual([
      ['simulated', 'simulated-1', ACME.id],
      ['simulated', 'simulated-2', BOLT.id],
    ])

    const restarted = new SimulatedExchange({ instruments: [ACME, BOLT], clock })
    const later: ExecutionReport[] = []
    restarted.onReport((r) => later.push(r))
    restarted.resume({ orders: [], fills })
    restarted.submitExternal(BOLT.id, {
      orderId: orderId('mm-3'),
      ownerId: 'mm',
      side: 'sell',
      type: 'limit',
      timeInForce: 'GTC',
      quantity: 10 as QuantityLots,
      price: 10_000 as PriceTicks,
    })
    restarted.submit(ours('o3', { instrumentId: BOLT.id, price: 10_000 as PriceTicks, timeInForce: 'IOC' }))
    expect(later.flatMap((r) => (r.kind === 'fill' ? [r.fill.tradeId] : []))).toEqual(['simulated-3'])
  })

  it('expires DAY orders when the session ends', () => {
    const { sim, reports } = exchange()
    sim.submit(ours('day', { timeInForce: 'DAY' }))
    sim.endSession()
    expect(reports.map((r) => r.kind)).toEqual(['accepted', 'expired'])
  })

  it('holds commands and reports in time order until the clock reaches them', () => {
    const clock = new ManualClock(1_000)
    const sim = new SimulatedExchange({ instruments: [ACME], clock, submitLatencyMs: 10, reportLatencyMs: 5 })
    const reports: ExecutionReport[] = []
    sim.onReport((r) => reports.push(r))
    sim.submit(ours('late'))
    clock.advance(3)
    sim.cancel(orderId('late'))
    expect(sim.pendingEvents).toBe(2)
    sim.advanceTo(1_012)
    expect(reports).toEqual([])
    sim.advanceTo(1_100)
    expect(reports.map((r) => [r.kind, 'time' in r ? r.time : 0])).toEqual([
      ['accepted', 1_010],
      ['cancelled', 1_013],
    ])
    expect(sim.pendingEvents).toBe(0)
  })
})
