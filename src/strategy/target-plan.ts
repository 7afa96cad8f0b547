/**
 * What it takes to bring a position to a target, given the orders already sent toward earlier
 * targets. Pure, so the rule is tested on its own and shared by every engine that supplies a
 * strategy context (backtest, paper, live).
 *
 * The rule keeps the worst case inside the target. The risk engine counts a position together with
 * every working order on the same side (any of them may still fill), so netting a new order against
 * an opposite one still in flight — a buy of 100 left working when the target went back to 0,
 * then a target of 100 again — would ask for the room of 200 and be refused by a position limit
 * sized for 100. Instead:
 * - orders on the side away from the target are cancelled, and so are orders toward it that
 *   together overshoot it;
 * - while a cancel is unconfirmed (`cancelling`), nothing is sent: the order may still fill, and
 *   the plan is made again once it is gone;
 * - otherwise the difference not already covered by the remaining orders is sent.
 * So position + the remaining lots on the target's side never exceed the larger of the position
 * and the target in size (target-plan.property.test.ts).
 */
import type { OrderId } from '../domain/ids.ts'
import type { Side } from '../execution/types.ts'

/** An order sent toward a target and still working. */
export interface TargetOrder {
  readonly orderId: OrderId
  readonly side: Side
  /** Lots not yet filled. */
  readonly remaining: number
  /** A cancel has been asked and not yet confirmed. */
  readonly cancelling: boolean
}

export interface TargetPlan {
  /** Orders to cancel now. */
  readonly cancel: readonly OrderId[]
  /** A new order for the rest of the difference, when nothing is waiting to be cancelled. */
  readonly send: { readonly side: Side; readonly quantity: number } | undefined
  /** Cancels are in flight: plan again when they are confirmed. */
  readonly wait: boolean
}

export function planTarget(target: number, position: number, orders: readonly TargetOrder[]): TargetPlan {
  const difference = target - position
  const direction = Math.sign(difference)
  const cancel: OrderId[] = []
  const toward: TargetOrder[] = []
  let covered = 0
  let cancelling = false
  for (const o of orders) {
    if (o.cancelling) {
      cancelling = true
      continue
    }
    if (direction !== 0 && (o.side === 'buy' ? 1 : -1) === direction) {
      toward.push(o)
      covered += o.remaining
    } else {
      cancel.push(o.orderId)
    }
  }
  if (covered > Math.abs(difference)) {
    for (const o of toward) cancel.push(o.orderId)
    covered = 0
  }
  const wait = cancelling || cancel.length > 0
  const rest = Math.abs(difference) - covered
  return {
    cancel,
    send: wait || rest === 0 ? undefined : { side: direction > 0 ? 'buy' : 'sell', quantity: rest },
    wait,
  }
}
