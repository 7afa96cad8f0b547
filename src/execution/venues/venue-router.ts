/**
 * Several venues behind one `Venue`, so one execution core — one order manager, one risk engine,
 * one portfolio — trades on all of them. Each instrument is routed to the one venue that lists
 * it; a cancel or replace goes where its order went. Reports from every venue come back through
 * the router unchanged, each fill still naming the venue that reported it, which is what keeps
 * fills of different venues apart (fill-identity.ts). Two venues with one name would share that
 * key, so the router refuses them.
 *
 * A command the router cannot route — an instrument no venue lists, a cancel or replace of an
 * order it never routed — throws, which is how any venue refuses a command: the order manager
 * turns it into a rejection (`venue-error`) or a refused request. After a restart, `resume` re-learns where the journal's orders went and passes the history on
 * to every venue.
 */
import type { OrderId } from '../../domain/ids.ts'
import type { InstrumentId } from '../../domain/instrument.ts'
import type { Order } from '../orders/order.ts'
import type { ExecutionReport, ReplaceChanges, Venue, VenueHistory } from '../venue.ts'

export interface VenueRoute {
  readonly venue: Venue
  readonly instruments: readonly InstrumentId[]
}

export interface VenueRouterOptions {
  readonly routes: readonly VenueRoute[]
  readonly name?: string
}

export class VenueRouter implements Venue {
  readonly name: string
  readonly #venues: readonly Venue[]
  readonly #byInstrument = new Map<InstrumentId, Venue>()
  readonly #byOrder = new Map<OrderId, Venue>()
  readonly #listeners: ((report: ExecutionReport) => void)[] = []

  constructor(options: VenueRouterOptions) {
    this.name = options.name ?? 'router'
    const names = new Set<string>()
    for (const { venue, instruments } of options.routes) {
      if (names.has(venue.name)) throw new RangeError(`two venues are named ${venue.name}`)
      names.add(venue.name)
      for (const instrument of instruments) {
        const other = this.#byInstrument.get(instrument)
        if (other !== undefined)
          throw new RangeError(`${instrument} is routed to both ${other.name} and ${venue.name}`)
        this.#byInstrument.set(instrument, venue)
      }
      venue.onReport((report) => {
        for (const listener of this.#listeners) listener(report)
      })
    }
    this.#venues = options.routes.map((route) => route.venue)
  }

  /** The venue an instrument trades on, if any. */
  venueOf(instrument: InstrumentId): Venue | undefined {
    return this.#byInstrument.get(instrument)
  }

  onReport(listener: (report: ExecutionReport) => void): void {
    this.#listeners.push(listener)
  }

  submit(order: Readonly<Order>): void {
    const venue = this.#byInstrument.get(order.instrumentId)
    if (venue === undefined) throw new RangeError(`no venue behind ${this.name} lists ${order.instrumentId}`)
    this.#byOrder.set(order.orderId, venue)
    venue.submit(order)
  }

  cancel(orderId: OrderId): void {
    this.#routed(orderId).cancel(orderId)
  }

  replace(orderId: OrderId, changes: ReplaceChanges): void {
    this.#routed(orderId).replace(orderId, changes)
  }

  resume(history: VenueHistory): void {
    for (const order of history.orders) {
      const venue = this.#byInstrument.get(order.instrumentId)
      if (venue !== undefined) this.#byOrder.set(order.orderId, venue)
    }
    for (const venue of this.#venues) venue.resume?.(history)
  }

  #routed(orderId: OrderId): Venue {
    const venue = this.#byOrder.get(orderId)
    if (venue === undefined) throw new RangeError(`${this.name} routed no order ${orderId}`)
    return venue
  }
}
