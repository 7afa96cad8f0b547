/**
 * Contingent orders on top of the order manager: OCO pairs and brackets.
 *
 * OCO (one cancels the other): two orders live and die together. When one fills — even in part
 * — or is cancelled, rejected or expires, the other is cancelled.
 *
 * Bracket: an entry order with a take-profit (a limit) and a stop-loss (a stop, or a stop-limit)
 * on the other side. The exits are sent when the entry first fills, sized to what has filled, and
 * grown with each further entry fill (a replace), so the position is protected from its first
 * lot. The two exits are an OCO pair that also updates: when one fills in part, the other shrinks
 * to the same remaining quantity; when one completes, the other is cancelled. Exits are
 * reduce-only. If the entry ends without any fill, nothing is sent.
 *
 * The links are kept on the orders themselves (`Order.contingency`), which are journaled, so after
 * a restart `rebuild()` restores them from the replayed orders — and sends whatever exit a crash
 * prevented from being sent. Events published during a replay are ignored: the journal already
 * holds the commands they caused.
 */
import { type ClientOrderId, clientOrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { EventBus } from '../event-bus.ts'
import type { ExecutionTopics, OrderEvent } from '../order-events.ts'
import type { OrderManager, SubmitResult } from '../order-manager.ts'
import { oppositeSide } from '../types.ts'
import type { Contingency, Order, OrderRequest } from './order.ts'
import { isTerminal } from './order-state-machine.ts'

export interface BracketRequest {
  /** The entry; its client order id names the group. */
  readonly entry: OrderRequest
  readonly takeProfit: PriceTicks
  readonly stopLoss: PriceTicks
  readonly stopLossLimit?: PriceTicks
}

export interface OcoResult {
  readonly first: SubmitResult
  readonly second: SubmitResult
}

export class ContingentOrders {
  readonly #manager: OrderManager
  /** group → the client order ids in it */
  readonly #groups = new Map<string, ClientOrderId[]>()

  constructor(manager: OrderManager, bus: EventBus<ExecutionTopics>) {
    this.#manager = manager
    bus.subscribe('order', (event) => {
      if (!manager.replaying) this.#onEvent(event)
    })
  }

  /** Submits two orders as an OCO pair. The group is named after the first's client order id. */
  oco(first: OrderRequest, second: OrderRequest): OcoResult {
    const group = `oco:${first.clientOrderId}`
    const contingency: Contingency = { kind: 'oco', group }
    this.#groups.set(group, [first.clientOrderId, second.clientOrderId])
    const a = this.#manager.submit({ ...first, contingency })
    const b = this.#manager.submit({ ...second, contingency })
    // The first may already have filled or died before the second existed.
    const firstOrder = this.#manager.orderByClientId(first.clientOrderId)
    if (firstOrder !== undefined && (isTerminal(firstOrder.status) || firstOrder.filledQuantity > 0)) {
      this.#cancelOthers(group, first.clientOrderId)
    }
    return { first: a, second: b }
  }

  /** Submits a bracket's entry; its exits follow its fills. */
  bracket(request: BracketRequest): SubmitResult {
    const group = `bracket:${request.entry.clientOrderId}`
    this.#groups.set(group, [request.entry.clientOrderId])
    return this.#manager.submit({
      ...request.entry,
      contingency: {
        kind: 'bracket-entry',
        group,
        takeProfit: request.takeProfit,
        stopLoss: request.stopLoss,
        ...(request.stopLossLimit === undefined ? {} : { stopLossLimit: request.stopLossLimit }),
      },
    })
  }

  /**
   * Restores the groups from the order manager's orders (after `replay`) and brings every
   * bracket's exits up to its entry's filled quantity, sending what a crash left unsent.
   */
  rebuild(): void {
    this.#groups.clear()
    for (const order of this.#manager.orders()) {
      const c = order.contingency
      if (c === undefined) continue
      const members = this.#groups.get(c.group) ?? []
      members.push(order.clientOrderId)
      this.#groups.set(c.group, members)
    }
    for (const order of this.#manager.orders()) {
      if (order.contingency?.kind === 'bracket-entry' && order.filledQuantity > 0) this.#protect(order)
    }
  }

  /** The orders of a group, in submission order. */
  members(group: string): readonly Readonly<Order>[] {
    return (this.#groups.get(group) ?? []).flatMap((id) => {
      const order = this.#manager.orderByClientId(id)
      return order === undefined ? [] : [order]
    })
  }

  #onEvent(event: OrderEvent): void {
    const order = event.order
    const c = order.contingency
    if (c === undefined) return
    switch (c.kind) {
      case 'oco': {
        // A fill decides the pair; a member that dies unfilled takes the other with it — unless
        // the other has already filled (it is the one that decided the pair).
        const decided = this.members(c.group).some((o) => o.filledQuantity > 0)
        if (order.filledQuantity > 0 || (isTerminal(order.status) && !decided)) {
          this.#cancelOthers(c.group, order.clientOrderId)
        }
        return
      }
      case 'bracket-entry':
        if (event.kind === 'partially-filled' || event.kind === 'filled') this.#protect(order)
        return
      case 'bracket-child':
        if (event.kind === 'partially-filled') this.#shrinkSibling(c.group, order)
        else if (isTerminal(order.status)) this.#cancelOthers(c.group, order.clientOrderId, true)
        return
    }
  }

  #cancelOthers(group: string, except: ClientOrderId, childrenOnly = false): void {
    for (const other of this.members(group)) {
      if (other.clientOrderId === except || isTerminal(other.status) || other.status === 'pending-cancel')
        continue
      if (childrenOnly && other.contingency?.kind !== 'bracket-child') continue
      this.#manager.cancel(other.orderId)
    }
  }

  /** Sends or grows the exits of a bracket so they cover what its entry has filled. */
  #protect(entry: Readonly<Order>): void {
    const c = entry.contingency
    if (c?.kind !== 'bracket-entry') return
    const children = this.members(c.group).filter((o) => o.contingency?.kind === 'bracket-child')
    const exitSide = oppositeSide(entry.side)
    if (children.length === 0) {
      const base = {
        instrumentId: entry.instrumentId,
        side: exitSide,
        quantity: entry.filledQuantity as QuantityLots,
        timeInForce: 'GTC' as const,
        reduceOnly: true,
        ...(entry.strategyId === undefined ? {} : { strategyId: entry.strategyId }),
      }
      const takeProfit = clientOrderId(`${entry.clientOrderId}.tp`)
      const stopLoss = clientOrderId(`${entry.clientOrderId}.sl`)
      this.#groups.get(c.group)?.push(takeProfit, stopLoss)
      this.#manager.submit({
        ...base,
        clientOrderId: takeProfit,
        type: 'limit',
        price: c.takeProfit,
        contingency: { kind: 'bracket-child', group: c.group, role: 'take-profit' },
      })
      this.#manager.submit({
        ...base,
        clientOrderId: stopLoss,
        type: c.stopLossLimit === undefined ? 'stop' : 'stop-limit',
        stopPrice: c.stopLoss,
        ...(c.stopLossLimit === undefined ? {} : { price: c.stopLossLimit }),
        contingency: { kind: 'bracket-child', group: c.group, role: 'stop-loss' },
      })
      return
    }
    // Exits cover what the entry filled minus what they have already closed.
    const closed = Math.max(...children.map((o) => o.filledQuantity))
    for (const child of children) {
      if (isTerminal(child.status)) continue
      const wanted = entry.filledQuantity - closed + child.filledQuantity
      if (wanted > child.quantity) this.#manager.replace(child.orderId, { quantity: wanted as QuantityLots })
    }
  }

  /** One exit filled in part: the other shrinks to the same remaining quantity. */
  #shrinkSibling(group: string, child: Readonly<Order>): void {
    const remaining = child.quantity - child.filledQuantity
    for (const sibling of this.members(group)) {
      if (sibling.clientOrderId === child.clientOrderId || sibling.contingency?.kind !== 'bracket-child')
        continue
      if (isTerminal(sibling.status)) continue
      const wanted = sibling.filledQuantity + remaining
      if (wanted < sibling.quantity && wanted > sibling.filledQuantity) {
        this.#manager.replace(sibling.orderId, { quantity: wanted as QuantityLots })
      }
    }
  }
}
