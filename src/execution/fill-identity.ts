/**
 * What makes a fill the fill it is, for the two places that must apply each fill exactly once:
 * the order manager and the portfolio.
 *
 * The **key** is the venue and its trade id. Venues number their own trades and nothing stops two
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

/** A fill's key as one string: a trade id has no spaces, so the last space ends the venue name. */
export function fillKey(venue: string, tradeId: string): string {
  return `${venue} ${tradeId}`
}

export function fillFingerprint(fill: Fill): string {
  return `${fill.orderId}|${fill.instrumentId}|${fill.side}|${fill.price}|${fill.quantity}|${fill.fee}|${fill.liquidity}|${fill.time}`
}
