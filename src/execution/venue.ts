/**
 * The boundary between the order manager and wherever orders execute: the simulated exchange,
 * the paper venue, or (in a later adapter) a live exchange. The core sends commands and receives
 * execution reports; nothing else crosses.
 *
 * The contract is written for the worst venue, a live one: commands are fire-and-forget and may
 * fail (`submit` can throw, a report can be a rejection); reports arrive asynchronously, possibly
 * out of order (a fill before the acknowledgement) or twice (the same trade id after a
 * reconnect); the connection can drop and come back. The order manager copes with all of these
 * (see order-manager.ts), so a well-behaved simulated venue is just an easy case.
 */
import type { OrderId } from '../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { Order } from './orders/order.ts'
import type { Fill } from './types.ts'

export type ExecutionReport =
  | { readonly kind: 'accepted'; readonly orderId: OrderId; readonly time: UnixMillis }
  | {
      readonly kind: 'rejected'
      readonly orderId: OrderId
      readonly code: string
      readonly reason: string
      readonly time: UnixMillis
    }
  | { readonly kind: 'fill'; readonly fill: Fill }
  | {
      readonly kind: 'cancelled'
      readonly orderId: OrderId
      readonly reason: string
      readonly time: UnixMillis
    }
  | {
      readonly kind: 'cancel-rejected'
      readonly orderId: OrderId
      readonly reason: string
      readonly time: UnixMillis
    }
  | {
      readonly kind: 'replaced'
      readonly orderId: OrderId
      readonly quantity: QuantityLots
      readonly price?: PriceTicks
      readonly time: UnixMillis
    }
  | {
      readonly kind: 'replace-rejected'
      readonly orderId: OrderId
      readonly reason: string
      readonly time: UnixMillis
    }
  | { readonly kind: 'expired'; readonly orderId: OrderId; readonly time: UnixMillis }

export interface ReplaceChanges {
  readonly quantity?: QuantityLots
  readonly price?: PriceTicks
}

export type ConnectionState = 'connected' | 'disconnected'

/**
 * What a venue is told about the time before a restart, from the journal (`recoverExecutionCore`
 * passes it once, after the replay and before any command).
 */
export interface VenueHistory {
  /** Every order the journal holds, as replayed. */
  readonly orders: readonly Readonly<Order>[]
  /** Every fill the journal holds — of every venue, applied or refused — in journal order. */
  readonly fills: readonly Fill[]
}

export interface Venue {
  readonly name: string
  submit(order: Readonly<Order>): void
  cancel(orderId: OrderId): void
  replace(orderId: OrderId, changes: ReplaceChanges): void
  /** Every report, in the order the venue sends them. */
  onReport(listener: (report: ExecutionReport) => void): void
  /** Connection changes; a simulated venue is always connected. */
  onConnection?(listener: (state: ConnectionState) => void): void
  /**
   * Continues after a restart: a venue that numbers its own trades must not reuse a number the
   * journal holds (the fill-id rule). A live venue, whose ids the exchange assigns, needs nothing.
   */
  resume?(history: VenueHistory): void
}
