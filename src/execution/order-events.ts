/**
 * What the order manager publishes on the bus. Every event carries a snapshot of the order as it
 * stands after the event (a copy: subscribers can keep it), so a subscriber never has to look the
 * order up or guess its state.
 */
import type { KillSwitchEntry } from './risk/kill-switch.ts'
import type { HaltEntry } from './risk/trading-halts.ts'
import type { RiskLimitsEntry } from './risk/risk-limits.ts'
import type { Order } from './orders/order.ts'
import type { Fill, Mark } from './types.ts'

export type OrderEvent =
  | { readonly kind: 'submitted'; readonly order: Readonly<Order> }
  | { readonly kind: 'accepted'; readonly order: Readonly<Order> }
  | {
      readonly kind: 'rejected'
      readonly order: Readonly<Order>
      readonly code: string
      readonly reason: string
    }
  | { readonly kind: 'partially-filled' | 'filled'; readonly order: Readonly<Order>; readonly fill: Fill }
  | { readonly kind: 'pending-cancel' | 'pending-replace'; readonly order: Readonly<Order> }
  | { readonly kind: 'cancelled'; readonly order: Readonly<Order>; readonly reason: string }
  | {
      readonly kind: 'cancel-rejected' | 'replace-rejected'
      readonly order: Readonly<Order>
      readonly reason: string
    }
  | { readonly kind: 'replaced'; readonly order: Readonly<Order> }
  | { readonly kind: 'expired'; readonly order: Readonly<Order> }
  /** A venue reported something the lifecycle does not allow; the order was left as it was. */
  | { readonly kind: 'flagged'; readonly order: Readonly<Order>; readonly reason: string }
  /**
   * A fill reused a trade id the venue had already used for another fill (`first`). It was not
   * applied, and the order it names is flagged.
   */
  | {
      readonly kind: 'conflicting-fill'
      readonly order: Readonly<Order>
      readonly fill: Fill
      readonly first: Fill
      readonly reason: string
    }

export interface ExecutionTopics {
  order: OrderEvent
  fill: Fill
  'kill-switch': KillSwitchEntry
  halt: HaltEntry
  'risk-limits': RiskLimitsEntry
  mark: Mark
}
