/**
 * What the order manager writes to its journal: every command it sends and every report it
 * receives, before acting on it. Replaying these records through the same code (with the venue
 * disconnected) rebuilds the orders exactly, and — because fills are published again — the
 * portfolio too.
 */
import type { OrderId } from '../domain/ids.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { Order } from './orders/order.ts'
import type { KillSwitchEntry } from './risk/kill-switch.ts'
import type { RiskLimitsEntry } from './risk/risk-limits.ts'
import type { HaltEntry } from './risk/trading-halts.ts'
import type { Mark } from './types.ts'
import type { ExecutionReport, ReplaceChanges } from './venue.ts'

export type JournalRecord =
  | { readonly type: 'submit'; readonly order: Readonly<Order> }
  | {
      readonly type: 'risk-reject'
      readonly order: Readonly<Order>
      readonly code: string
      readonly reason: string
    }
  | { readonly type: 'cancel-request'; readonly orderId: OrderId; readonly time: UnixMillis }
  | {
      readonly type: 'replace-request'
      readonly orderId: OrderId
      readonly changes: ReplaceChanges
      readonly time: UnixMillis
    }
  | { readonly type: 'report'; readonly report: ExecutionReport }
  | { readonly type: 'kill-switch'; readonly entry: KillSwitchEntry }
  | { readonly type: 'halt'; readonly entry: HaltEntry }
  | { readonly type: 'risk-limits'; readonly entry: RiskLimitsEntry }
  | { readonly type: 'mark'; readonly mark: Mark }

/** Where records go. A durable journal (journal/) or an in-memory one (backtests, tests). */
export interface RecordSink {
  append(record: JournalRecord): number
}
