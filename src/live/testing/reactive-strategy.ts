/**
 * A strategy that uses every callback the host dispatches, for parity and recovery tests: on each
 * bar it rests a limit buy a little under the close (one per instrument), cancels it from a
 * timer if it has not filled by then, and on a fill sends a stop-loss below and sets a timer that
 * closes the position with a market order. It logs order updates it sees, so reports, timers and
 * bars all shape its decisions.
 */
import { z } from 'zod'
import type { OrderId } from '../../domain/ids.ts'
import type { InstrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { defineStrategy } from '../../strategy/define.ts'

const params = z.strictObject({
  offset: z
    .number()
    .positive()
    .default(0.005)
    .describe('How far under the close the limit buy rests, as a fraction'),
  holdBars: z
    .number()
    .int()
    .min(1)
    .default(3)
    .describe('Bar intervals a position is held before it is closed'),
})

export const reactiveStrategy = defineStrategy({
  name: 'reactive',
  title: 'Reactive test strategy',
  description: 'Limit entries, timer exits and stops: exercises bars, reports, fills and timers.',
  params,
  create(p: z.output<typeof params>) {
    const resting = new Map<InstrumentId, string>()
    let updates = 0
    return {
      onBar(ctx, { instrumentId, bar }) {
        if (ctx.position(instrumentId) !== 0 || resting.has(instrumentId)) return
        const result = ctx.submit({
          instrumentId,
          side: 'buy',
          type: 'limit',
          quantity: 1 + (updates % 3),
          price: bar.close * (1 - p.offset),
          tag: 'entry',
        })
        if (!result.ok) return
        resting.set(instrumentId, result.orderId)
        ctx.setTimer(
          (ctx.now + bar.interval.ms * 5) as UnixMillis,
          `expire:${instrumentId}:${result.orderId}`,
        )
      },
      onTimer(ctx, { name }) {
        const [kind, instrumentId, orderId] = name.split(':') as [string, InstrumentId, string]
        if (kind === 'expire') {
          if (resting.get(instrumentId) === orderId) ctx.cancel(orderId as OrderId)
        } else if (ctx.position(instrumentId) > 0) {
          ctx.cancelAll(instrumentId)
          ctx.submit({
            instrumentId,
            side: 'sell',
            type: 'market',
            quantity: ctx.position(instrumentId),
            tag: 'time exit',
          })
        }
      },
      onOrderUpdate(ctx, order) {
        updates++
        if (order.status === 'cancelled' || order.status === 'filled' || order.status === 'rejected')
          if (resting.get(order.instrumentId) === order.orderId) resting.delete(order.instrumentId)
        ctx.log(`${order.clientOrderId} ${order.status}`)
      },
      onFill(ctx, fill) {
        if (fill.side !== 'buy') return
        const history = ctx.history(fill.instrumentId)
        const last = history.at(history.length - 1)
        ctx.submit({
          instrumentId: fill.instrumentId,
          side: 'sell',
          type: 'stop',
          quantity: fill.quantity,
          stopPrice: last.low * 0.97,
          tag: 'stop',
        })
        ctx.setTimer((ctx.now + last.interval.ms * p.holdBars) as UnixMillis, `exit:${fill.instrumentId}:`)
      },
    }
  },
})
