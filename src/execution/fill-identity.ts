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
 * The fills applied, by venue and then trade id. Nested rather than one map keyed by `fillKey`:
 * every fill is kept for as long as the account lives, and a key string per fill (with a
 * fingerprint string beside it) was most of what an order left in the heap. The fill object is
 * kept instead; its fingerprint is built only when a trade id repeats or a snapshot is written.
 *
 * Cost: the venues of this codebase number their trades `<venue>-1`, `<venue>-2`, … in the order
 * they report them (trade-id-sequence.ts), so a venue's fills are first kept in an array indexed
 * by that number — reading the number from the id costs less than hashing it into a map of a
 * million entries, and the array is far smaller. The first id that does not continue the
 * sequence moves that venue to a map, in the order applied, so nothing a caller sees depends
 * on which of the two holds the fills.
 */
export class AppliedFills<T extends AppliedFill = AppliedFill> {
  readonly #byVenue = new Map<string, VenueTrades<T>>()
  /** The venue looked up last: a run usually has one, so most calls skip the outer map. */
  #lastVenue: VenueTrades<T> | undefined
  #size = 0

  get size(): number {
    return this.#size
  }

  get(venue: string, tradeId: string): T | undefined {
    return this.#venue(venue)?.get(tradeId)
  }

  has(venue: string, tradeId: string): boolean {
    return this.#venue(venue)?.get(tradeId) !== undefined
  }

  /** Records a fill (or, from a snapshot, a fill's fingerprint) under its venue and trade id. */
  add(venue: string, tradeId: string, applied: T): void {
    let trades = this.#venue(venue)
    if (trades === undefined) {
      trades = new VenueTrades<T>(venue)
      this.#byVenue.set(venue, trades)
      this.#lastVenue = trades
    }
    if (trades.set(tradeId, applied)) this.#size++
  }

  /** `[venue, tradeId, fingerprint]` of every fill, venue by venue, each venue's in the order applied. */
  entries(): (readonly [string, string, string])[] {
    const out: (readonly [string, string, string])[] = []
    for (const [venue, trades] of this.#byVenue) {
      trades.forEach((tradeId, applied) => out.push([venue, tradeId, fingerprintOf(applied)]))
    }
    return out
  }

  #venue(venue: string): VenueTrades<T> | undefined {
    const last = this.#lastVenue
    if (last?.venue === venue) return last
    const trades = this.#byVenue.get(venue)
    if (trades !== undefined) this.#lastVenue = trades
    return trades
  }
}

/**
 * One venue's fills: in `#sequence` (the fill with id `<venue>-n` at n − 1) while every id so
 * far continued the venue's own numbering from 1, in `#map` from the first one that did not.
 */
class VenueTrades<T> {
  readonly venue: string
  readonly #prefix: string
  #sequence: T[] | undefined = []
  readonly #map = new Map<string, T>()

  constructor(venue: string) {
    this.venue = venue
    this.#prefix = `${venue}-`
  }

  get(tradeId: string): T | undefined {
    const sequence = this.#sequence
    if (sequence === undefined) return this.#map.get(tradeId)
    const n = sequenceNumber(tradeId, this.#prefix)
    return n > 0 && n <= sequence.length ? sequence[n - 1] : undefined
  }

  /** Keeps `applied` under `tradeId`, replacing what was there; true if the id is new. */
  set(tradeId: string, applied: T): boolean {
    const sequence = this.#sequence
    if (sequence !== undefined) {
      const n = sequenceNumber(tradeId, this.#prefix)
      if (n > 0 && n <= sequence.length) {
        sequence[n - 1] = applied
        return false
      }
      if (n === sequence.length + 1) {
        sequence.push(applied)
        return true
      }
      // Out of sequence: from here on the map keeps this venue's fills, the earlier ones first.
      for (let i = 0; i < sequence.length; i++) this.#map.set(`${this.#prefix}${i + 1}`, sequence[i]!)
      this.#sequence = undefined
    }
    const added = !this.#map.has(tradeId)
    this.#map.set(tradeId, applied)
    return added
  }

  /** Every fill in the order applied. */
  forEach(visit: (tradeId: string, applied: T) => void): void {
    const sequence = this.#sequence
    if (sequence === undefined) {
      for (const [tradeId, applied] of this.#map) visit(tradeId, applied)
      return
    }
    for (let i = 0; i < sequence.length; i++) visit(`${this.#prefix}${i + 1}`, sequence[i]!)
  }
}

const DIGIT_0 = 48
const DIGIT_9 = 57

/**
 * n when `tradeId` is `prefix` followed by the decimal digits of a safe integer n ≥ 1 with no
 * leading zero (the form trade-id-sequence.ts issues); 0 otherwise.
 */
function sequenceNumber(tradeId: string, prefix: string): number {
  const start = prefix.length
  const end = tradeId.length
  if (end === start || end - start > 15 || !tradeId.startsWith(prefix)) return 0
  if (tradeId.charCodeAt(start) === DIGIT_0) return 0
  let n = 0
  for (let i = start; i < end; i++) {
    const c = tradeId.charCodeAt(i)
    if (c < DIGIT_0 || c > DIGIT_9) return 0
    n = n * 10 + (c - DIGIT_0)
  }
  return n
}
