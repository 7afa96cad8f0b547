/**
 * The order lifecycle as one table: (status, event) → next status. A pair missing from the table
 * is an illegal transition. The order manager applies every venue report through `transition`;
 * an illegal one leaves the order unchanged and flags it (see order-manager.ts), because a
 * venue can send a late or duplicated report and the book of record must not be corrupted by it.
 *
 *   pending-new ──accept──▶ accepted ──partial-fill──▶ partially-filled ──fill──▶ filled
 *        │                     │  ▲                          │
 *        │ reject              │  └──cancel-reject / replace-reject (back to where it was)
 *        ▼                     ▼
 *     rejected        pending-cancel ──cancel──▶ cancelled
 *                     pending-replace ──replace──▶ replaced (working again, at the new terms)
 *                     any working state ──expire──▶ expired
 *
 * Fills may race a cancel or a replace (the venue matched before it saw the request), so
 * pending-cancel and pending-replace accept fills. A venue may fill or cancel an order it has
 * not acknowledged yet (an IOC remainder), so pending-new accepts those too.
 */
import type { OrderStatus } from '../types.ts'

export type OrderEventKind =
  | 'accept'
  | 'reject'
  | 'partial-fill'
  | 'fill'
  | 'request-cancel'
  | 'cancel-reject'
  | 'cancel'
  | 'request-replace'
  | 'replace-reject'
  | 'replace'
  | 'expire'

/** `previous` means: back to the working status the order had before the pending request. */
type Target = OrderStatus | 'previous'

const WORKING: Partial<Record<OrderEventKind, Target>> = {
  'partial-fill': 'partially-filled',
  fill: 'filled',
  'request-cancel': 'pending-cancel',
  'request-replace': 'pending-replace',
  cancel: 'cancelled',
  expire: 'expired',
}

const NEXT = {
  'pending-new': {
    accept: 'accepted',
    reject: 'rejected',
    'partial-fill': 'partially-filled',
    fill: 'filled',
    'request-cancel': 'pending-cancel',
    cancel: 'cancelled',
    expire: 'expired',
  },
  accepted: WORKING,
  'partially-filled': WORKING,
  replaced: WORKING,
  'pending-cancel': {
    'partial-fill': 'pending-cancel',
    fill: 'filled',
    cancel: 'cancelled',
    'cancel-reject': 'previous',
    expire: 'expired',
  },
  'pending-replace': {
    'partial-fill': 'pending-replace',
    fill: 'filled',
    replace: 'replaced',
    'replace-reject': 'previous',
    cancel: 'cancelled',
    expire: 'expired',
  },
  filled: {},
  cancelled: {},
  rejected: {},
  expired: {},
} satisfies Record<OrderStatus, Partial<Record<OrderEventKind, Target>>>

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired'])

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status)
}

/** Working: on the venue's book (or about to be), so it can still trade. */
export function isWorking(status: OrderStatus): boolean {
  return !TERMINAL.has(status)
}

/**
 * The status after `event`, or undefined if the table has no such transition. `previous` is the
 * working status before the pending request (needed for cancel-reject and replace-reject).
 */
export function transition(
  status: OrderStatus,
  event: OrderEventKind,
  previous: OrderStatus,
): OrderStatus | undefined {
  const target = (NEXT[status] as Partial<Record<OrderEventKind, Target>>)[event]
  if (target === undefined) return undefined
  return target === 'previous' ? previous : target
}

/** Every (status, event) pair the table allows, for documentation and exhaustive tests. */
export function legalTransitions(): { from: OrderStatus; event: OrderEventKind; to: Target }[] {
  return Object.entries(NEXT).flatMap(([from, events]) =>
    Object.entries(events).map(([event, to]) => ({
      from: from as OrderStatus,
      event: event as OrderEventKind,
      to: to,
    })),
  )
}
