/**
 * A venue whose behaviour a test scripts: it records the commands it receives and sends exactly
 * the reports the test tells it to, when the test tells it to — including the nasty ones (fills
 * before acknowledgements, duplicates, reports for finished orders).
 */
import type { OrderId } from '../../domain/ids.ts'
import type { Order } from '../orders/order.ts'
import type { ExecutionReport, ReplaceChanges, Venue, VenueHistory } from '../venue.ts'

export type VenueCommand =
  | { readonly kind: 'submit'; readonly order: Readonly<Order> }
  | { readonly kind: 'cancel'; readonly orderId: OrderId }
  | { readonly kind: 'replace'; readonly orderId: OrderId; readonly changes: ReplaceChanges }

export class ScriptedVenue implements Venue {
  readonly name: string
  readonly commands: VenueCommand[] = []
  readonly #listeners: ((report: ExecutionReport) => void)[] = []
  /** When set, the next command throws this error (a dropped connection). */
  failNext: Error | undefined
  /** Reports sent automatically in answer to each command, if set. */
  answer: ((command: VenueCommand) => readonly ExecutionReport[]) | undefined
  /** What `resume` was told, if it was called. */
  resumed: VenueHistory | undefined

  constructor(name = 'scripted') {
    this.name = name
  }

  submit(order: Readonly<Order>): void {
    this.#command({ kind: 'submit', order: { ...order } })
  }

  cancel(orderId: OrderId): void {
    this.#command({ kind: 'cancel', orderId })
  }

  replace(orderId: OrderId, changes: ReplaceChanges): void {
    this.#command({ kind: 'replace', orderId, changes })
  }

  onReport(listener: (report: ExecutionReport) => void): void {
    this.#listeners.push(listener)
  }

  resume(history: VenueHistory): void {
    this.resumed = history
  }

  /** Sends a report to the order manager, as the venue would. */
  report(report: ExecutionReport): void {
    for (const listener of this.#listeners) listener(report)
  }

  #command(command: VenueCommand): void {
    const failure = this.failNext
    if (failure !== undefined) {
      this.failNext = undefined
      throw failure
    }
    this.commands.push(command)
    for (const report of this.answer?.(command) ?? []) this.report(report)
  }
}
