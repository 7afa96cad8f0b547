/**
 * Keeps the order, fill, latency, position and kill-switch series of `TradePulseMetrics` in step
 * with an execution core, by subscribing to its bus: the core knows nothing about Prometheus.
 *
 * - Latencies are measured on the clock given (the core's, usually): submit → acknowledged and
 *   submit → first fill, from the order's `createdAt`. A fill that arrives before any acceptance
 *   acknowledges the order too (some venues never send an acceptance for a marketable order).
 * - `venue` is the venue part of the instrument id (`SYMBOL.VENUE`), the same label on
 *   submissions, cancels and fills, so their ratios line up on a dashboard.
 * - Counters count what happens in this process. Events replayed from the journal at a restart
 *   (`manager.replaying`) rebuild the gauges but are not counted again: a restart must not look
 *   like a burst of orders to a `rate()`.
 *
 * Cost: one Set entry per order awaiting acknowledgement, and the bus's copy of the order for
 * each event (the order manager builds event objects only when someone subscribes).
 */
import type { OrderId } from '../domain/ids.ts'
import type { InstrumentId } from '../domain/instrument.ts'
import type { Clock } from '../execution/clock.ts'
import type { ExecutionCore } from '../execution/execution-core.ts'
import type { OrderEvent } from '../execution/order-events.ts'
import type { Order } from '../execution/orders/order.ts'
import type { TradePulseMetrics } from './metrics.ts'

/** The venue part of `SYMBOL.VENUE`; symbols may contain dots, venues may not. */
export function venueOfInstrument(instrumentId: InstrumentId): string {
  return instrumentId.slice(instrumentId.lastIndexOf('.') + 1)
}

/** Subscribes and returns the function that unsubscribes. */
export function instrumentExecutionCore(
  core: ExecutionCore,
  metrics: TradePulseMetrics,
  clock: Clock,
): () => void {
  const awaitingAck = new Set<OrderId>()
  // prom-client hashes the label object on every `inc`; the order path keeps the labelled
  // children instead, keyed by the few label combinations it ever sees.
  const submitted = new Map<string, { inc(): void }>()
  const cancelled = new Map<string, { inc(): void }>()
  const filled = new Map<string, { inc(): void }>()
  const child = <K extends string>(
    cache: Map<string, { inc(): void }>,
    counter: { labels(labels: Partial<Record<K, string>>): { inc(): void } },
    labels: Record<K, string>,
    key: string,
  ): { inc(): void } => {
    let handle = cache.get(key)
    if (handle === undefined) cache.set(key, (handle = counter.labels(labels)))
    return handle
  }
  const secondsSince = (order: Readonly<Order>): number => Math.max(0, clock.now() - order.createdAt) / 1000
  const acknowledge = (order: Readonly<Order>): void => {
    if (awaitingAck.delete(order.orderId) && !core.manager.replaying) {
      metrics.orderAckLatency.observe(secondsSince(order))
    }
  }

  const onOrder = (event: OrderEvent): void => {
    const { order } = event
    const counting = !core.manager.replaying
    switch (event.kind) {
      case 'submitted':
        awaitingAck.add(order.orderId)
        if (counting) {
          const venue = venueOfInstrument(order.instrumentId)
          const labels = { venue, side: order.side, type: order.type }
          child(submitted, metrics.ordersSubmitted, labels, `${venue} ${order.side} ${order.type}`).inc()
        }
        break
      case 'accepted':
        acknowledge(order)
        break
      case 'rejected':
        awaitingAck.delete(order.orderId)
        if (counting) metrics.ordersRejected.inc({ reason: event.code })
        break
      case 'partially-filled':
      case 'filled':
        acknowledge(order)
        // The order's filled quantity already includes this fill: equal means it is the first.
        if (counting && order.filledQuantity === event.fill.quantity) {
          metrics.orderFillLatency.observe(secondsSince(order))
        }
        if (event.kind === 'filled') awaitingAck.delete(order.orderId)
        break
      case 'cancelled':
        awaitingAck.delete(order.orderId)
        if (counting) {
          const venue = venueOfInstrument(order.instrumentId)
          child(cancelled, metrics.ordersCancelled, { venue }, venue).inc()
        }
        break
      case 'expired':
        awaitingAck.delete(order.orderId)
        break
      case 'pending-cancel':
      case 'pending-replace':
      case 'replaced':
      case 'cancel-rejected':
      case 'replace-rejected':
      case 'flagged':
      case 'conflicting-fill':
        break
    }
    metrics.openOrders.set(core.manager.openOrderCount())
  }

  const unsubscribe = [
    core.bus.subscribe('order', onOrder),
    core.bus.subscribe('fill', (fill) => {
      if (!core.manager.replaying) {
        const venue = venueOfInstrument(fill.instrumentId)
        child(filled, metrics.fills, { venue, side: fill.side }, `${venue} ${fill.side}`).inc()
      }
      // The portfolio books the fill in an earlier subscriber (it subscribes when the core is built).
      metrics.positionQuantity.set(
        { instrument: fill.instrumentId },
        core.portfolio.quantity(fill.instrumentId),
      )
    }),
    core.bus.subscribe('kill-switch', () => {
      metrics.killSwitchEngaged.set(core.killSwitch.tripped ? 1 : 0)
    }),
  ]

  // The state at subscription time: a core recovered from its journal may hold positions or a
  // tripped switch before any event reaches us.
  metrics.killSwitchEngaged.set(core.killSwitch.tripped ? 1 : 0)
  metrics.openOrders.set(core.manager.openOrderCount())
  for (const position of core.portfolio.positions()) {
    metrics.positionQuantity.set({ instrument: position.instrumentId }, position.quantity)
  }
  return () => {
    for (const stop of unsubscribe) stop()
  }
}
