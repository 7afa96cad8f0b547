/**
 * How the simulated exchange and the paper venue name their trades: `<venue name>-<n>`, where n
 * counts every fill the venue has reported, across all its instruments — the venue's half of the
 * fill-id rule (docs/execution.md): a trade id never repeats within a venue.
 *
 * A venue in this process dies with it, so after a restart it must not count from 1 again: the
 * journal holds every fill the order manager acknowledged, and `resume` continues after the
 * highest number among this venue's. Why that, rather than ids that embed something unique to a
 * run: the core has no wall clock or randomness (a backtest must replay identically), and a clock
 * reading repeats between backtests; the journal is already the record of what happened. The only
 * numbers a restarted venue can issue again are those of fills that never reached the journal —
 * which the crash lost from the venue and the order manager alike, so nothing holds them.
 *
 * A venue's name is part of its fills' identity: keep it across restarts.
 */
import { type TradeId, tradeId } from '../../domain/ids.ts'
import type { Fill } from '../types.ts'

export class TradeIdSequence {
  readonly #venue: string
  readonly #prefix: string
  #last = 0
  /** Length of the ids last checked by `tradeId`; 0 before the first. */
  #checkedLength = 0

  constructor(venue: string) {
    this.#venue = venue
    this.#prefix = `${venue}-`
  }

  /** The number of the last trade id issued; 0 before the first. */
  get last(): number {
    return this.#last
  }

  next(): TradeId {
    const id = `${this.#prefix}${++this.#last}`
    // Ids differ only in their digits, so one of a given length that passed the id check stands
    // for all of that length: the check runs again only when the number gains a digit.
    if (id.length === this.#checkedLength) return id as TradeId
    const checked = tradeId(id)
    this.#checkedLength = id.length
    return checked
  }

  /** Continues after the highest number among `fills` that this venue reported in this form. */
  resume(fills: Iterable<Fill>): void {
    for (const fill of fills) {
      if (fill.venue !== this.#venue || !fill.tradeId.startsWith(this.#prefix)) continue
      const digits = fill.tradeId.slice(this.#prefix.length)
      const n = Number(digits)
      if (/^[1-9]\d*$/.test(digits) && Number.isSafeInteger(n) && n > this.#last) this.#last = n
    }
  }
}
