/**
 * Pre-trade risk limits. Every limit is optional; an account-wide set applies to every order and
 * a per-instrument set adds to it, so an order must pass both (the stricter limit wins).
 * Quantities are lots; money is minor units of the account currency (bigint); the price collar
 * is in basis points of the reference price and/or ticks (the wider of the two allowances, so a
 * low-priced instrument is not collared tighter than one tick).
 */
import type { InstrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'

export interface RiskLimits {
  readonly maxOrderQuantity?: number
  readonly maxOrderNotional?: bigint
  /** Largest absolute position, counting working orders on the same side. */
  readonly maxPosition?: number
  readonly maxGrossExposure?: bigint
  readonly maxNetExposure?: bigint
  readonly priceCollar?: { readonly basisPoints?: number; readonly ticks?: number }
  readonly maxOrdersPerSecond?: number
  readonly maxOpenOrders?: number
  /** A realised-plus-unrealised loss for the day beyond this trips the kill switch. */
  readonly maxDailyLoss?: bigint
  /** A fall of equity from its peak beyond this trips the kill switch. */
  readonly maxDrawdown?: bigint
}

/** Which limits: the account's, or one instrument's (an instrument id always has a dot). */
export type RiskScope = 'account' | InstrumentId

/** A change of limits at run time, as logged, journaled and replayed. */
export interface RiskLimitsEntry {
  readonly scope: RiskScope
  /** The scope's new limits, replacing the old ones entirely (a limit left out is lifted). */
  readonly limits: RiskLimits
  readonly time: UnixMillis
  /** Who and why: changing a limit is a decision someone owns. */
  readonly reason: string
}

export type RiskRejectCode =
  | 'kill-switch'
  | 'instrument-halted'
  | 'max-order-quantity'
  | 'max-order-notional'
  | 'max-position'
  | 'reduce-only'
  | 'max-gross-exposure'
  | 'max-net-exposure'
  | 'price-collar'
  | 'no-reference-price'
  | 'order-rate'
  | 'max-open-orders'
  | 'max-daily-loss'
  | 'max-drawdown'

/** Every reason code with what it means, for the docs and the API. */
export const RISK_REJECT_REASONS: Readonly<Record<RiskRejectCode, string>> = {
  'kill-switch': 'The kill switch is tripped: no new orders until it is reset.',
  'instrument-halted': 'The instrument is not trading (halted, or closed).',
  'max-order-quantity': 'The order quantity exceeds the per-order limit.',
  'max-order-notional':
    'The order notional (at its limit price, or the reference price) exceeds the per-order limit.',
  'max-position':
    'Filling the order, with the working orders on the same side, would exceed the position limit.',
  'reduce-only': 'A reduce-only order would open or increase a position.',
  'max-gross-exposure': 'Filling the order would take gross exposure (Σ |position value|) over the limit.',
  'max-net-exposure': 'Filling the order would take net exposure (|Σ position value|) over the limit.',
  'price-collar': 'The limit or stop price is too far from the reference price.',
  'no-reference-price': 'A check needs a reference price and none is known yet.',
  'order-rate': 'Too many orders in the last second.',
  'max-open-orders': 'Too many working orders.',
  'max-daily-loss': 'The daily loss limit is breached; the kill switch trips.',
  'max-drawdown': 'The drawdown limit is breached; the kill switch trips.',
}
