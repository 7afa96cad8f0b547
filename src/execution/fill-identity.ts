/**
 * What makes a fill the fill it is, for the two places that must apply each fill exactly once:
 * the order manager and the portfolio.
 *
 * The **key** is the venue and its trade id (`AppliedFills` below). Venues number their own trades and nothing stops two
 * venues from using the same numbers, so a trade id alone identifies nothing; within one venue
 * it must never repeat, across instruments and restarts (the fill-id rule, docs/execution.md).
 *
 * The **fingerprint** is everything else a fill says that moves an order or a position. A repeat
 * of a key with the same fingerprint is the same fill sent again — venues resend after a
 * reconnect — and is ignored. A repeat with another fingerprint is a different trade under an id
 * already used: a venue bug, or ids that collided. Neither reading is safe to apply, so it is
 * refused and reported, never applied silently.
 */
import type { Fill } from './types.ts'

export function fillFingerprint(fill: Fill): string {
  return `${fill.orderId}|${fill.instrumentId}|${fill.side}|${fill.price}|${fill.quantity}|${fill.fee}|${fill.liquidity}|${fill.time}`
}

/** What is kept of a fill already applied: the fill itself, or its fingerprint when it came from a snapshot. */
export type AppliedFill = Fill | string

function fingerprintOf(applied: AppliedFill): string {
  return typeof applied === 'string' ? applied : fillFingerprint(applied)
}

/** Whether `fill` repeats `applied` exactly (the same fill sent again) rather than conflicting with it. */
export function sameFill(applied: AppliedFill, fill: Fill): boolean {
  return fingerprintOf(applied) === fillFingerprint(fill)
}

/**
 * The fills applied, by venue and then trade id. Nested maps rather than one keyed by
 * `fillKey`: every fill is kept for as long as the account lives, and a key string per fill
 * (with a fingerprint string beside it) was most of what an order left in the heap. The fill
 * object is kept instead; its fingerprint is built only when a trade id repeats or a snapshot
 * is written.
 */
export class AppliedFills<T extends AppliedFill = AppliedFill> {
  readonly #byVenue = new Map<string, Map<string, T>>()
  #size = 0

  get size(): number {
    return this.#size
  }

  get(venue: string, tradeId: string): T | undefined {
    return this.#byVenue.get(venue)?.get(tradeId)
  }

  has(venue: string, tradeId: string): boolean {
    return this.#byVenue.get(venue)?.has(tradeId) ?? false
  }

  /** Records a fill (or, from a snapshot, a fill's fingerprint) under its venue and trade id. */
  add(venue: string, tradeId: string, applied: T): void {
    let trades = this.#byVenue.get(venue)
    if (trades === undefined) this.#byVenue.set(venue, (trades = new Map<string, T>()))
    if (!trades.has(tradeId)) this.#size++
    trades.set(tradeId, applied)
  }

  /** `[venue, tradeId, fingerprint]` of every fill, venue by venue, each venue's in the order applied. */
  entries(): (readonly [string, string, string])[] {
    const out: (readonly [string, string, string])[] = []
    for (const [venue, trades] of this.#byVenue) {
      for (const [tradeId, applied] of trades) out.push([venue, tradeId, fingerprintOf(applied)])
    }
    return out
  }
}
