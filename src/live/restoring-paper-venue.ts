/**
 * The paper venue of a live run restarted from its journal. The paper venue keeps its book of
 * resting orders in memory, so after a crash the core (replayed from the journal) knows orders
 * the new paper venue does not, and they would never fill. When the core is recovered it tells the
 * venue the journal's orders (`Venue.resume`); this venue then seats each working one in the paper
 * book again — for what is left of it, eligible from the next bar — without repeating to the core
 * what it already knows:
 * - an order the venue had acknowledged (accepted, partially filled, replaced, pending a replace)
 *   is seated silently;
 * - an order the venue never acknowledged (pending-new: the process died between journaling it
 *   and the venue's answer) is seated and its acceptance reported;
 * - an order with a cancel in flight (pending-cancel) is seated silently and cancelled, and the
 *   cancellation reported, as the venue would have done.
 * Everything else passes straight through to the paper venue.
 */
import type { OrderId } from '../domain/ids.ts'
import type { Order } from '../execution/orders/order.ts'
import type { ExecutionReport, ReplaceChanges, Venue, VenueHistory } from '../execution/venue.ts'
import type { PaperVenue } from '../execution/venues/paper-venue.ts'
import { assertNever } from '../domain/assert-never.ts'

export class RestoringPaperVenue implements Venue {
  readonly name: string
  readonly paper: PaperVenue
  #muted = false
  /** Orders seated again at the last resume. */
  #restored = 0

  constructor(paper: PaperVenue) {
    this.paper = paper
    this.name = paper.name
  }

  get restored(): number {
    return this.#restored
  }

  submit(order: Readonly<Order>): void {
    this.paper.submit(order)
  }

  cancel(orderId: OrderId): void {
    this.paper.cancel(orderId)
  }

  replace(orderId: OrderId, changes: ReplaceChanges): void {
    this.paper.replace(orderId, changes)
  }

  onReport(listener: (report: ExecutionReport) => void): void {
    this.paper.onReport((report) => {
      if (!this.#muted) listener(report)
    })
  }

  resume(history: VenueHistory): void {
    this.paper.resume(history)
    for (const order of history.orders) this.#seat(order)
  }

  #seat(order: Readonly<Order>): void {
    switch (order.status) {
      case 'filled':
      case 'cancelled':
      case 'rejected':
      case 'expired':
        return
      case 'pending-new':
        this.paper.submit(order)
        break
      case 'accepted':
      case 'partially-filled':
      case 'replaced':
      case 'pending-replace':
        this.#silently(() => {
          this.paper.submit(order)
        })
        break
      case 'pending-cancel':
        this.#silently(() => {
          this.paper.submit(order)
        })
        this.paper.cancel(order.orderId)
        break
      default:
        assertNever(order.status)
    }
    this.#restored++
  }

  #silently(action: () => void): void {
    this.#muted = true
    try {
      action()
    } finally {
      this.#muted = false
    }
  }
}
