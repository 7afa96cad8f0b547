import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clientOrderId, type OrderId, tradeId } from '../domain/ids.ts'
import { type InstrumentId, type PriceTicks, type QuantityLots, instrumentId } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'
import { ManualClock } from './clock.ts'
import { EventBus } from './event-bus.ts'
import type { JournalRecord } from './journal-record.ts'
import type { ExecutionTopics, OrderEvent } from './order-events.ts'
import { journalRecordCodec } from './journal-record-codec.ts'
import { OrderManager } from './order-manager.ts'
import { type OrderRequest, averageFillPrice, exactAverageFillPrice } from './orders/order.ts'
import { rational, rationalToNumber } from './portfolio/rational.ts'
import { KillSwitch } from './risk/kill-switch.ts'
import { type RiskConfig, RiskEngine } from './risk/risk-engine.ts'
import type { RiskView } from './risk/risk-view.ts'
import { TradingHalts } from './risk/trading-halts.ts'
import { ScriptedVenue } from './testing/scripted-venue.ts'
import type { Fill, Side } from './types.ts'
import type { ExecutionReport } from './venue.ts'

const BTC = instrumentId('BTC-USD', 'SIM')

function request(
  n: number,
  side: Side = 'buy',
  quantity = 10,
  extra: Partial<OrderRequest> = {},
): OrderRequest {
  return {
    clientOrderId: clientOrderId(`c-${n}`),
    instrumentId: BTC,
    side,
    type: 'limit',
    quantity: quantity as QuantityLots,
    price: 100 as PriceTicks,
    timeInForce: 'GTC',
    ...extra,
  }
}

function fill(
  orderId: OrderId,
  trade: string,
  quantity: number,
  price = 100,
  side: Side = 'buy',
  venue = 'scripted',
): ExecutionReport {
  const f: Fill = {
    venue,
    tradeId: tradeId(trade),
    orderId,
    clientOrderId: clientOrderId('unused'),
    instrumentId: BTC,
    side,
    price: price as PriceTicks,
    quantity: quantity as QuantityLots,
    fee: 1n,
    liquidity: 'maker',
    time: 0 as UnixMillis,
  }
  return { kind: 'fill', fill: f }
}

interface Wired {
  readonly manager: OrderManager
  readonly events: OrderEvent[]
  readonly positions: Map<InstrumentId, number>
  readonly kill: KillSwitch
}

interface Rig extends Wired {
  readonly venue: ScriptedVenue
  readonly journal: JournalRecord[]
  readonly clock: ManualClock
  /** A second manager on the same venue and clock, with its own bus and positions. */
  readonly build: () => Wired
}

/** Everything an order manager needs, wired as a backtest would, with a position per fill. */
function rig(config: RiskConfig = {}): Rig {
  const journal: JournalRecord[] = []
  const clock = new ManualClock(1_000)
  const venue = new ScriptedVenue()
  const build = (): Wired => {
    const bus = new EventBus<ExecutionTopics>()
    const events: OrderEvent[] = []
    const positions = new Map<InstrumentId, number>()
    bus.subscribe('order', (e) => {
      events.push(e)
    })
    bus.subscribe('fill', (f) => {
      positions.set(
        f.instrumentId,
        (positions.get(f.instrumentId) ?? 0) + (f.side === 'buy' ? 1 : -1) * f.quantity,
      )
    })
    const kill = new KillSwitch()
    const halts = new TradingHalts()
    const manager = new OrderManager({
      clock,
      venue,
      risk: new RiskEngine(config, kill),
      killSwitch: kill,
      halts,
      journal: {
        append: (record) => journal.push(structuredClone(record)),
      },
      bus,
      riskView: (m): RiskView => ({
        position: (i) => positions.get(i) ?? 0,
        workingQuantity: (i, side) => m.workingQuantity(i, side),
        openOrders: () => m.openOrderCount(),
        referencePrice: () => 100 as PriceTicks,
        notional: (_i, price, lots) => BigInt(price) * BigInt(lots),
        grossExposure: () => 0n,
        netExposure: () => 0n,
        dailyPnl: () => 0n,
        drawdown: () => 0n,
        tradingStatus: (i) => halts.status(i),
      }),
    })
    return { manager, events, positions, kill }
  }
  return { ...build(), venue, journal, clock, build }
}

describe('OrderManager', () => {
  it('routes an order through risk to the venue and follows its reports to filled', () => {
    const { manager, venue, events, positions } = rig()
    const result = manager.submit(request(1))
    expect(result.ok).toBe(true)
    const id = result.order.orderId
    expect(venue.commands).toEqual([
      { kind: 'submit', order: expect.objectContaining({ orderId: id }) as unknown },
    ])
    venue.report({ kind: 'accepted', orderId: id, time: 1_001 as UnixMillis })
    venue.report(fill(id, 't1', 4))
    venue.report(fill(id, 't2', 6, 101))
    const order = manager.order(id)!
    expect(order.status).toBe('filled')
    expect(order.filledQuantity).toBe(10)
    expect(order.filledNotionalTicks).toBe(4n * 100n + 6n * 101n)
    expect(positions.get(BTC)).toBe(10)
    expect(events.map((e) => e.kind)).toEqual(['submitted', 'accepted', 'partially-filled', 'filled'])
  })

  it('treats a client order id as an idempotency key', () => {
    const { manager, venue } = rig()
    const first = manager.submit(request(7))
    const again = manager.submit(request(7, 'sell', 99))
    expect(again).toEqual({ ok: true, order: first.order, duplicate: true })
    expect(venue.commands).toHaveLength(1)
    expect(manager.orders()).toHaveLength(1)
  })

  it('publishes and journals a risk rejection with its reason code, and sends nothing', () => {
    const { manager, venue, journal, events } = rig({ account: { maxOrderQuantity: 5 } })
    const result = manager.submit(request(1))
    expect(result).toMatchObject({ ok: false, code: 'max-order-quantity' })
    expect(venue.commands).toEqual([])
    expect(journal.map((r) => r.type)).toEqual(['risk-reject'])
    expect(events[0]).toMatchObject({ kind: 'rejected', code: 'max-order-quantity' })
  })

  it('ignores a fill reported twice and flags one that would overfill', () => {
    const { manager, venue, events, positions } = rig()
    const id = manager.submit(request(1)).order.orderId
    venue.report(fill(id, 't1', 4))
    venue.report(fill(id, 't1', 4))
    expect(manager.order(id)!.filledQuantity).toBe(4)
    venue.report(fill(id, 't2', 7))
    expect(manager.order(id)!.filledQuantity).toBe(4)
    expect(manager.order(id)!.flag).toContain('exceeds the remaining 6')
    expect(positions.get(BTC)).toBe(4)
    expect(events.at(-1)?.kind).toBe('flagged')
  })

  it('refuses a fill whose trade id was applied with other content, flags the order and replays the same', () => {
    const live = rig()
    const id = live.manager.submit(request(1)).order.orderId
    live.venue.report(fill(id, 't1', 4))
    live.venue.report(fill(id, 't1', 3, 101))
    const order = live.manager.order(id)!
    expect(order).toMatchObject({ status: 'partially-filled', filledQuantity: 4, filledNotionalTicks: 400n })
    expect(order.flag).toBe(
      `fill t1 from scripted conflicts with the fill applied under that trade id: ` +
        `applied ${id}|BTC-USD.SIM|buy|100|4|1|maker|0, reported ${id}|BTC-USD.SIM|buy|101|3|1|maker|0`,
    )
    expect(live.positions.get(BTC)).toBe(4)
    const conflict = live.events.at(-1)!
    expect(conflict).toMatchObject({ kind: 'conflicting-fill', reason: order.flag })
    expect(conflict.kind === 'conflicting-fill' && [conflict.first.quantity, conflict.fill.quantity]).toEqual(
      [4, 3],
    )
    expect(live.journal.at(-1)).toEqual({ type: 'report', report: fill(id, 't1', 3, 101) })
    const rebuilt = live.build()
    rebuilt.manager.replay(live.journal)
    expect(rebuilt.manager.order(id)).toEqual(order)
    expect(rebuilt.events.map((e) => e.kind)).toEqual(['submitted', 'partially-filled', 'conflicting-fill'])
    expect(rebuilt.positions.get(BTC)).toBe(4)
  })

  it('keys trade ids per venue: the same id from two venues is two fills', () => {
    const { manager, venue, positions, events } = rig()
    const a = manager.submit(request(1)).order.orderId
    const b = manager.submit(request(2)).order.orderId
    venue.report(fill(a, '7', 4, 100, 'buy', 'north'))
    venue.report(fill(b, '7', 3, 100, 'buy', 'south'))
    expect(manager.order(a)!.filledQuantity).toBe(4)
    expect(manager.order(b)!.filledQuantity).toBe(3)
    expect(positions.get(BTC)).toBe(7)
    expect(events.some((e) => e.kind === 'conflicting-fill' || e.kind === 'flagged')).toBe(false)
  })

  it('flags a report the lifecycle does not allow and leaves the order as it was', () => {
    const { manager, venue } = rig()
    const id = manager.submit(request(1)).order.orderId
    venue.report({ kind: 'cancelled', orderId: id, reason: 'user', time: 0 as UnixMillis })
    venue.report(fill(id, 't9', 1))
    venue.report({ kind: 'accepted', orderId: id, time: 0 as UnixMillis })
    const order = manager.order(id)!
    expect(order.status).toBe('cancelled')
    expect(order.filledQuantity).toBe(0)
    expect(order.flag).toBe('accepted while cancelled')
  })

  it('cancels and replaces, keeping the filled part', () => {
    const { manager, venue } = rig()
    const id = manager.submit(request(1)).order.orderId
    venue.report({ kind: 'accepted', orderId: id, time: 0 as UnixMillis })
    venue.report(fill(id, 't1', 3))
    expect(manager.replace(id, { quantity: 8 as QuantityLots, price: 99 as PriceTicks })).toBe(true)
    expect(manager.order(id)!.status).toBe('pending-replace')
    venue.report({
      kind: 'replaced',
      orderId: id,
      quantity: 8 as QuantityLots,
      price: 99 as PriceTicks,
      time: 0 as UnixMillis,
    })
    expect(manager.order(id)).toMatchObject({ status: 'replaced', quantity: 8, price: 99, filledQuantity: 3 })
    expect(() => manager.replace(id, { quantity: 3 as QuantityLots })).toThrow('cancel instead')
    expect(manager.cancel(id)).toBe(true)
    venue.report({ kind: 'cancel-rejected', orderId: id, reason: 'too late', time: 0 as UnixMillis })
    expect(manager.order(id)!.status).toBe('replaced')
    manager.cancel(id)
    venue.report({ kind: 'cancelled', orderId: id, reason: 'user', time: 0 as UnixMillis })
    expect(manager.order(id)!.status).toBe('cancelled')
    expect(manager.cancel(id)).toBe(false)
    expect(venue.commands.map((c) => c.kind)).toEqual(['submit', 'replace', 'cancel', 'cancel'])
  })

  it('rejects an order whose venue throws, and reverts a cancel it could not send', () => {
    const { manager, venue } = rig()
    venue.failNext = new Error('disconnected')
    const result = manager.submit(request(1))
    expect(manager.order(result.order.orderId)!.status).toBe('rejected')
    const id = manager.submit(request(2)).order.orderId
    venue.report({ kind: 'accepted', orderId: id, time: 0 as UnixMillis })
    venue.failNext = new Error('disconnected')
    manager.cancel(id)
    expect(manager.order(id)!.status).toBe('accepted')
  })

  it('cancels every working order when the kill switch trips, and refuses new ones', () => {
    const { manager, venue, kill } = rig()
    const a = manager.submit(request(1)).order.orderId
    const b = manager.submit(request(2)).order.orderId
    venue.report({ kind: 'accepted', orderId: a, time: 0 as UnixMillis })
    kill.trip(5 as UnixMillis, 'manual stop')
    expect(
      venue.commands.filter((c) => c.kind === 'cancel').map((c) => (c as { orderId: OrderId }).orderId),
    ).toEqual([a, b])
    expect(manager.submit(request(3))).toMatchObject({ ok: false, code: 'kill-switch' })
  })

  it('keeps the filled notional exact past 2^53 tick-lots, and the journal keeps it exact too', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 2 ** 25, max: 2 ** 27 }), fc.integer({ min: 2 ** 25, max: 2 ** 27 })),
          { minLength: 1, maxLength: 4 },
        ),
        (fills) => {
          const live = rig()
          const quantity = fills.reduce((sum, [, lots]) => sum + lots, 0)
          const id = live.manager.submit(request(1, 'buy', quantity)).order.orderId
          fills.forEach(([price, lots], i) => {
            live.venue.report(fill(id, `t${i}`, lots, price))
          })
          const exact = fills.reduce((sum, [price, lots]) => sum + BigInt(price) * BigInt(lots), 0n)
          const order = live.manager.order(id)!
          expect(order.filledNotionalTicks).toBe(exact)
          expect(exactAverageFillPrice(order)).toEqual(rational(exact, BigInt(quantity)))
          expect(averageFillPrice(order)).toBe(rationalToNumber(rational(exact, BigInt(quantity))))
          const rebuilt = live.build()
          rebuilt.manager.replay(
            live.journal.map((r) =>
              journalRecordCodec.decode(JSON.parse(JSON.stringify(journalRecordCodec.encode(r))), {
                file: 'orders.jsonl',
                line: 1,
              }),
            ),
          )
          expect(rebuilt.manager.order(id)!.filledNotionalTicks).toBe(exact)
        },
      ),
    )
  })

  it('never makes a second order for a client order id, whatever the sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 20 })), {
          maxLength: 60,
        }),
        (submits) => {
          const { manager, venue } = rig()
          for (const [client, quantity] of submits) manager.submit(request(client, 'buy', quantity))
          const distinct = new Set(submits.map(([client]) => client)).size
          expect(manager.orders()).toHaveLength(distinct)
          expect(venue.commands.filter((c) => c.kind === 'submit')).toHaveLength(distinct)
        },
      ),
    )
  })

  it('rebuilds the same orders and positions from its journal', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant('submit' as const),
              side: fc.constantFrom<Side>('buy', 'sell'),
              qty: fc.integer({ min: 1, max: 9 }),
            }),
            fc.record({
              op: fc.constant('fill' as const),
              which: fc.nat(),
              qty: fc.integer({ min: 1, max: 9 }),
            }),
            fc.record({ op: fc.constant('cancel' as const), which: fc.nat() }),
            fc.record({ op: fc.constant('accept' as const), which: fc.nat() }),
          ),
          { maxLength: 40 },
        ),
        (ops) => {
          const live = rig()
          let n = 0
          let trade = 0
          for (const op of ops) {
            const orders = live.manager.orders()
            const target =
              orders.length === 0 ? undefined : orders[('which' in op ? op.which : 0) % orders.length]!
            if (op.op === 'submit') live.manager.submit(request(++n, op.side, op.qty))
            else if (target === undefined) continue
            else if (op.op === 'fill')
              live.venue.report(fill(target.orderId, `t${++trade}`, op.qty, 100, target.side))
            else if (op.op === 'cancel') live.manager.cancel(target.orderId)
            else live.venue.report({ kind: 'accepted', orderId: target.orderId, time: 0 as UnixMillis })
          }
          const rebuilt = live.build()
          rebuilt.manager.replay(live.journal)
          expect(rebuilt.manager.orders()).toEqual(live.manager.orders())
          expect(rebuilt.positions).toEqual(live.positions)
          for (const order of live.manager.orders())
            expect(order.filledQuantity).toBeLessThanOrEqual(order.quantity)
          // The next id continues after the replayed ones.
          if (n > 0) expect(rebuilt.manager.submit(request(1000)).order.orderId).toBe(`O-${n + 1}`)
        },
      ),
      { numRuns: 200 },
    )
  })
})
