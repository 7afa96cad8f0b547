/**
 * What a strategy declares to run on the fast path: the indicator arrays it reads, and per bar
 * what it wants given the direction it holds. The sweep (sweep.ts) owns everything else — sizing,
 * orders, fills, frictions, the account and the metrics — so a new vectorisable strategy is one
 * object implementing this interface and one line in strategies.ts, never an edit to the loop.
 *
 * Decisions. The built-in strategies trade only when the direction they want differs from the
 * one they last ordered, and what they want may depend on that direction (mean reversion exits a
 * long at the middle band but does not enter one there). So `signals` writes, for every bar, one
 * byte holding three 2-bit decisions, one per direction held (short, flat, long): `STAY` (no
 * decision on this bar: warm-up, a tie, no rule fires), or `WANT_LONG`, `WANT_FLAT`,
 * `WANT_SHORT`. The sweep reads the decision for the direction it actually holds, which depends
 * on fills and refusals only it knows, and trades when the wanted direction differs. `STAY` is
 * not "keep wanting the last thing": a strategy that returns early on a bar does not retry a
 * refused order on that bar, and neither does the sweep.
 *
 * Protective stop. A strategy may declare a stop order that protects every position (breakout):
 * sent when the entry fills, `multiple × distance` (the distance array's value on the signal bar)
 * beyond the fill price, trailed after every bar to `multiple × distance` from the close, only
 * toward the price, and rounded to the tick grid away from the market. Its fill follows the
 * venue's OHLC path. With a stop, positions are closed by the stop alone.
 */
import type { IndicatorArrays, IndicatorSpec } from './indicator-arrays.ts'

export const STAY = 0
export const WANT_LONG = 1
export const WANT_FLAT = 2
export const WANT_SHORT = 3
export type Want = typeof STAY | typeof WANT_LONG | typeof WANT_FLAT | typeof WANT_SHORT

/** One bar's decisions: bits 0–1 when short, 2–3 when flat, 4–5 when long. */
export function decisions(whenShort: Want, whenFlat: Want, whenLong: Want): number {
  return whenShort | (whenFlat << 2) | (whenLong << 4)
}

/** The same decision whatever is held (a crossover wants a direction, not a change). */
export function always(want: Want): number {
  return want | (want << 2) | (want << 4)
}

export interface ProtectiveStop {
  /** Per bar, the distance unit (an ATR); NaN where it is not known yet. */
  readonly distance: IndicatorSpec
  readonly multiple: number
}

export interface VectorisedStrategy<P> {
  /** The event-driven strategy's name (`getStrategy(name)`), whose rules this reproduces. */
  readonly name: string
  /** Checks and completes raw parameters by the event-driven strategy's own schema. */
  parse(raw: unknown): P
  /** The arrays `signals` reads, so a sweep can compute them all before the first combination. */
  indicators(params: P): readonly IndicatorSpec[]
  /** Writes one decision byte per bar into `out` (length = bars). */
  signals(arrays: IndicatorArrays, params: P, out: Uint8Array): void
  /** Fraction of equity a new position is worth, in whole lots at the signal bar's close. */
  fraction(params: P): number
  stop?(params: P): ProtectiveStop
}

/** A vectorised strategy whatever its parameters' type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyVectorisedStrategy = VectorisedStrategy<any>
