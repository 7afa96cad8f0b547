/**
 * `ctx.targetPosition` for any engine: remembers each instrument's target and the orders sent
 * toward it, and works the plan of target-plan.ts through the engine's order API.
 *
 * A target outlives the call that set it. When cancels have to be confirmed first (a live venue
 * answers later; the paper venue at once), the difference is sent when the last of them is
 * reported finished (`onOrderFinished`), without the strategy asking again. A target whose order
 * is refused stays refused: the next change of target, not the next bar, sends again — a strategy
 * re-asking every bar while the kill switch is tripped would send an order per bar.
 *
 * Only orders this object sent are counted or cancelled; a strategy's own resting orders (a
 * protective stop, a limit) are its business.
 */
import type { OrderId } from '../domain/ids.ts'
import type { InstrumentId } from '../domain/instrument.ts'
import { isTerminal } from '../execution/orders/order-state-machine.ts'
import type { Order } from '../execution/orders/order.ts'
import { type TargetOrder, planTarget } from './target-plan.ts'
import type { StrategyOrder, StrategyOrderResult } from './types.ts'

/** The engine's side of it. */
export interface TargetVenue {
  position(instrument: InstrumentId): number
  order(orderId: OrderId): Readonly<Order> | undefined
  cancel(orderId: OrderId): boolean
  submit(order: StrategyOrder): StrategyOrderResult
}

interface Target {
  lots: number
  tag: string | undefined
  readonly orders: Set<OrderId>
  /** Cancels are unconfirmed: send once they are. */
  waiting: boolean
}

/** Beyond this many rounds of cancels within one call the venue is not confirming them as it says. */
const MAX_ROUNDS = 4

export class PositionTargets {
  readonly #venue: TargetVenue
  readonly #targets = new Map<InstrumentId, Target>()

  constructor(venue: TargetVenue) {
    this.#venue = venue
  }

  /** Sets the target of `instrument` and works toward it; the result of an order sent now, if any. */
  set(instrument: InstrumentId, lots: number, tag?: string): StrategyOrderResult | undefined {
    if (!Number.isSafeInteger(lots))
      throw new RangeError(`targetPosition: lots must be a whole number, was ${lots}`)
    let target = this.#targets.get(instrument)
    if (target === undefined) {
      target = { lots, tag, orders: new Set(), waiting: false }
      this.#targets.set(instrument, target)
    }
    target.lots = lots
    target.tag = tag
    return this.#work(instrument, target)
  }

  /** The engine reports every order that finished; a target waiting on its cancels goes on. */
  onOrderFinished(order: Readonly<Order>): void {
    const target = this.#targets.get(order.instrumentId)
    if (target === undefined || !target.waiting || !target.orders.has(order.orderId)) return
    this.#work(order.instrumentId, target)
  }

  #work(instrument: InstrumentId, target: Target): StrategyOrderResult | undefined {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const plan = planTarget(target.lots, this.#venue.position(instrument), this.#working(target))
      for (const id of plan.cancel) this.#venue.cancel(id)
      if (plan.cancel.length > 0) continue
      target.waiting = plan.wait
      if (plan.send === undefined) return undefined
      const result = this.#venue.submit({
        instrumentId: instrument,
        side: plan.send.side,
        type: 'market',
        quantity: plan.send.quantity,
        ...(target.tag === undefined ? {} : { tag: target.tag }),
      })
      if (result.ok) target.orders.add(result.orderId)
      return result
    }
    target.waiting = true
    return undefined
  }

  /** The target's orders still working; finished ones are forgotten. */
  #working(target: Target): TargetOrder[] {
    const working: TargetOrder[] = []
    for (const id of target.orders) {
      const o = this.#venue.order(id)
      if (o === undefined || isTerminal(o.status)) {
        target.orders.delete(id)
        continue
      }
      working.push({
        orderId: id,
        side: o.side,
        remaining: o.quantity - o.filledQuantity,
        cancelling: o.status === 'pending-cancel',
      })
    }
    return working
  }
}
