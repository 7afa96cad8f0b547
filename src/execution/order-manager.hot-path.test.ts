/**
 * What the order manager's hot path promises beyond its behaviour: it builds no order event
 * nobody receives, and its working-order bookkeeping agrees with the orders' statuses whatever
 * happens to them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clientOrderId, type OrderId, tradeId } from '../domain/ids.ts'
import { type PriceTicks, type QuantityLots, instrumentId } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'
import { ManualClock } from './clock.ts'
import { EventBus } from './event-bus.ts'
import type { ExecutionTopics } from './order-events.ts'
import { OrderManager } from './order-manager.ts'
import { isWorking } from './orders/order-state-machine.ts'
import { KillSwitch } from './risk/kill-switch.ts'
import { RiskEngine } from './risk/risk-engine.ts'
import { TradingHalts } from './risk/trading-halts.ts'
import type { RiskView } from './risk/risk-view.ts'
import { ScriptedVenue } from './testing/scripted-venue.ts'
import type { Side } from './types.ts'
import type { ExecutionReport } from './venue.ts'

const BTC = instrumentId('BTC-USD', 'SIM')
const ETH = instrumentId('ETH-USD', 'SIM')

function wire(bus: EventBus<ExecutionTopics>): { manager: OrderManager; venue: ScriptedVenue } {
  const venue = new ScriptedVenue()
  const kill = new KillSwitch()
  const manager = new OrderManager({
    clock: new ManualClock(1_000),
    venue,
    risk: new RiskEngine({}, kill),
    killSwitch: kill,
    halts: new TradingHalts(),
    journal: { append: () => 0 },
    bus,
    riskView: (m): RiskView => ({
      position: () => 0,
      workingQuantity: (i, side) => m.workingQuantity(i, side),
      openOrders: () => m.openOrderCount(),
      referencePrice: () => 100 as PriceTicks,
      notional: (_i, price, lots) => BigInt(price) * BigInt(lots),
      grossExposure: () => 0n,
      netExposure: () => 0n,
      dailyPnl: () => 0n,
      drawdown: () => 0n,
      tradingStatus: () => 'trading',
    }),
  })
  return { manager, venue }
}

function fillReport(
  orderId: OrderId,
  trade: string,
  quantity: number,
  instrument = BTC,
  side: Side = 'buy',
): ExecutionReport {
  return {
    kind: 'fill',
    fill: {
      venue: 'scripted',
      tradeId: tradeId(trade),
      orderId,
      clientOrderId: clientOrderId('unused'),
      instrumentId: instrument,
      side,
      price: 100 as PriceTicks,
      quantity: quantity as QuantityLots,
      fee: 0n,
      liquidity: 'taker',
      time: 1_000 as UnixMillis,
    },
  }
}

describe('OrderManager hot path', () => {
  it('publishes no order event when nothing subscribes to the order topic, and every fill still', () => {
    const bus = new EventBus<ExecutionTopics>()
    const topics: string[] = []
    const publish = bus.publish.bind(bus)
    bus.publish = (topic, event): void => {
      topics.push(topic)
      publish(topic, event)
    }
    const fills: string[] = []
    bus.subscribe('fill', (f) => {
      fills.push(f.tradeId)
    })
    const { manager, venue } = wire(bus)
    const a = manager.submit({
      clientOrderId: clientOrderId('a'),
      instrumentId: BTC,
      side: 'buy',
      type: 'limit',
      quantity: 2 as QuantityLots,
      price: 100 as PriceTicks,
      timeInForce: 'GTC',
    }).order.orderId
    venue.report({ kind: 'accepted', orderId: a, time: 1_000 as UnixMillis })
    venue.report(fillReport(a, 't1', 1))
    expect(manager.cancel(a)).toBe(true)
    venue.report({ kind: 'cancelled', orderId: a, reason: 'requested', time: 1_000 as UnixMillis })
    venue.report({ kind: 'accepted', orderId: a, time: 1_000 as UnixMillis })
    expect(manager.order(a)).toMatchObject({ status: 'cancelled', flag: 'accepted while cancelled' })
    expect(topics, 'only the fill topic has a subscriber').toEqual(['fill'])
    expect(fills).toEqual(['t1'])
  })

  it('keeps the working orders equal to the orders whose status is working, in submission order', () => {
    type Step =
      | { kind: 'submit'; instrument: 0 | 1; side: Side; quantity: number }
      | { kind: 'report'; pick: number; what: 'accept' | 'fill' | 'cancel' | 'reject' | 'expire' }
      | { kind: 'request-cancel'; pick: number }
      | { kind: 'replace'; pick: number; quantity: number }
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('submit' as const),
        instrument: fc.constantFrom(0 as const, 1 as const),
        side: fc.constantFrom<Side>('buy', 'sell'),
        quantity: fc.integer({ min: 1, max: 5 }),
      }),
      fc.record({
        kind: fc.constant('report' as const),
        pick: fc.nat(),
        what: fc.constantFrom(
          'accept' as const,
          'fill' as const,
          'cancel' as const,
          'reject' as const,
          'expire' as const,
        ),
      }),
      fc.record({ kind: fc.constant('request-cancel' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('replace' as const),
        pick: fc.nat(),
        quantity: fc.integer({ min: 1, max: 8 }),
      }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { manager, venue } = wire(new EventBus<ExecutionTopics>())
        const ids: OrderId[] = []
        let trades = 0
        const time = 1_000 as UnixMillis
        const check = (): void => {
          const expected = manager.orders().filter((o) => isWorking(o.status))
          expect(manager.workingOrders()).toEqual(expected)
          expect(manager.openOrderCount()).toBe(expected.length)
          for (const instrument of [BTC, ETH]) {
            for (const side of ['buy', 'sell'] as const) {
              const sum = expected
                .filter((o) => o.instrumentId === instrument && o.side === side)
                .reduce((acc, o) => acc + o.quantity - o.filledQuantity, 0)
              expect(manager.workingQuantity(instrument, side)).toBe(sum)
            }
          }
        }
        for (const s of steps) {
          step(s)
          check()
        }
        function step(s: Step): void {
          if (s.kind === 'submit') {
            const result = manager.submit({
              clientOrderId: clientOrderId(`c-${ids.length}`),
              instrumentId: s.instrument === 0 ? BTC : ETH,
              side: s.side,
              type: 'limit',
              quantity: s.quantity as QuantityLots,
              price: 100 as PriceTicks,
              timeInForce: 'GTC',
            })
            ids.push(result.order.orderId)
            return
          }
          if (ids.length === 0) return
          const id = ids[s.pick % ids.length]!
          if (s.kind === 'request-cancel') {
            manager.cancel(id)
            return
          }
          if (s.kind === 'replace') {
            const quantity = s.quantity as QuantityLots
            // Refused (not above the filled part, or not working): nothing to acknowledge.
            let asked: boolean
            try {
              asked = manager.replace(id, { quantity })
            } catch {
              asked = false
            }
            if (asked)
              venue.report({ kind: 'replaced', orderId: id, quantity, price: 100 as PriceTicks, time })
            return
          }
          const order = manager.order(id)!
          if (s.what === 'accept') venue.report({ kind: 'accepted', orderId: id, time })
          else if (s.what === 'fill')
            venue.report(fillReport(id, `t${++trades}`, 1, order.instrumentId, order.side))
          else if (s.what === 'cancel') venue.report({ kind: 'cancelled', orderId: id, reason: 'x', time })
          else if (s.what === 'reject')
            venue.report({ kind: 'rejected', orderId: id, code: 'x', reason: 'x', time })
          else venue.report({ kind: 'expired', orderId: id, time })
        }
      }),
      { numRuns: 300 },
    )
  })
})
