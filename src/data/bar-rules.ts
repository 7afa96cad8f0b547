/**
 * The rules a bar's values must satisfy, whatever file they came from, and the repairs for the ones that can be repaired. Pure
 * and allocation-free on the happy path: the reader calls these once per row.
 *
 * - Prices (open, high, low, close) must be finite and not negative; volume finite and not
 *   negative. Zero is allowed (spreads and some rates are zero). Repair drops the row: there is no
 *   sound way to invent a price.
 * - High must be at least max(open, close), low at most min(open, close). Repair moves the wick
 *   to the body: high is raised to max(open, close), low lowered to min(open, close). Open and
 *   close are the prices a strategy trades on, so they are kept; the wick is what vendors most
 *   often get wrong (a high recorded before a late trade, say).
 */

/** Positions of a bar's fields in a row of values, as readers hold them. */
export const ROLE_TIME = 0
export const ROLE_OPEN = 1
export const ROLE_HIGH = 2
export const ROLE_LOW = 3
export const ROLE_CLOSE = 4
export const ROLE_VOLUME = 5

export type BarRuleCode =
  | 'non-finite-price'
  | 'negative-price'
  | 'non-finite-volume'
  | 'negative-volume'
  | 'high-below-body'
  | 'low-above-body'

export interface ValueProblem {
  readonly code: BarRuleCode
  /** `ROLE_*` of the offending field. */
  readonly role: number
  readonly message: string
}

const PRICE_ROLES = [ROLE_OPEN, ROLE_HIGH, ROLE_LOW, ROLE_CLOSE] as const
const ROLE_NAMES = ['time', 'open', 'high', 'low', 'close', 'volume'] as const

/** The first rule the values break (prices in open, high, low, close order, then volume), or null. */
export function valueProblem(values: Float64Array): ValueProblem | null {
  for (const role of PRICE_ROLES) {
    const x = values[role]!
    if (!Number.isFinite(x)) return { code: 'non-finite-price', role, message: `${ROLE_NAMES[role]} is ${x}` }
    if (x < 0) return { code: 'negative-price', role, message: `${ROLE_NAMES[role]} ${x} is negative` }
  }
  const volume = values[ROLE_VOLUME]!
  if (!Number.isFinite(volume)) return { code: 'non-finite-volume', role: ROLE_VOLUME, message: `volume is ${volume}` }
  if (volume < 0) return { code: 'negative-volume', role: ROLE_VOLUME, message: `volume ${volume} is negative` }
  return null
}

export const HIGH_BELOW_BODY = 1
export const LOW_ABOVE_BODY = 2

/** Bit set of envelope problems: `HIGH_BELOW_BODY | LOW_ABOVE_BODY`; 0 for a sound bar. */
export function envelopeProblems(open: number, high: number, low: number, close: number): number {
  const top = open > close ? open : close
  const bottom = open < close ? open : close
  return (high < top ? HIGH_BELOW_BODY : 0) | (low > bottom ? LOW_ABOVE_BODY : 0)
}

export function highBelowBodyMessage(high: number, top: number): string {
  return `high ${high} is below max(open, close) = ${top}`
}

export function lowAboveBodyMessage(low: number, bottom: number): string {
  return `low ${low} is above min(open, close) = ${bottom}`
}
