/**
 * The part of a backtest configuration the vectorised fast path models, and the refusal of the
 * rest. The fast path trades one instrument with market orders (and, for strategies that declare
 * one, a protective stop order), so of the engine's frictions it keeps:
 *
 * - fills at the next bar's open: `fill` 'next-open', or 'ohlc-path', which starts a market
 *   order's path at the same open (stops walk the same open–extreme–extreme–close path in both);
 * - commission in basis points of the notional: `commission.basisPoints` plus
 *   `commission.takerBasisPoints` (every fill here takes liquidity), exact in minor units and
 *   rounded against the trader as the venue does;
 * - slippage 'fixed-bps' (or 'spread', the same arithmetic) or 'none', moved against the trader
 *   and rounded onto the tick grid as the venue does;
 * - `risk.maxPositionFraction`, the position limit at the last close (a refused target waits
 *   for the next change of direction, as in the engine);
 * - `liquidity.participation`, as a check only: a fill larger than participation × the bar's
 *   volume is counted per combination (`participationExceeded`), because the engine would split
 *   it over several bars and the two runs part ways from there;
 * - `initialCapital`, `accountCurrency` and `equityEvery` (the sampling of the equity series the
 *   metrics are computed from).
 *
 * Everything else that differs from its default is refused with RESEARCH_FAST_PATH_UNSUPPORTED
 * naming the field: latency, borrow, commission per order, per unit, minimum and tiers, the
 * volatility and square-root-impact slippage models, loss limits, and 'next-close' fills.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { centiBasisPoints } from '../../execution/matching/fees.ts'
import { type BacktestConfigInput, resolveBacktestConfig } from '../../backtest/config.ts'

export interface VectorFrictions {
  readonly initialCapital: number
  readonly accountCurrency: string
  /** commission.basisPoints + commission.takerBasisPoints. */
  readonly commissionBasisPoints: number
  /** The same in hundredths of a basis point, as the venue sums them (an integer). */
  readonly commissionCentiBasisPoints: number
  /** 0 for slippage model 'none'. */
  readonly slippageBasisPoints: number
  readonly maxPositionFraction: number
  readonly participation: number
  readonly equityEvery: number
}

function refuse(field: string, message: string): never {
  throw new TradePulseError(
    'RESEARCH_FAST_PATH_UNSUPPORTED',
    `${message}; the vectorised fast path does not model it`,
    { field },
  )
}

/**
 * The frictions of `config` (a `BacktestConfigInput`, defaults filled in as the engine fills
 * them) for the fast path. Throws the engine's own zod error for an invalid configuration and
 * RESEARCH_FAST_PATH_UNSUPPORTED, naming the field, for a valid one the fast path cannot model.
 */
export function fastPathFrictions(config: BacktestConfigInput = {}): VectorFrictions {
  const c = resolveBacktestConfig(config)
  if (c.fill === 'next-close') refuse('fill', "fill 'next-close' (market orders at the next bar's close)")
  const { commission, slippage, latency, risk } = c
  if (commission.perOrder !== 0)
    refuse('commission.perOrder', `a commission per order (${commission.perOrder})`)
  if (commission.perUnit !== 0) refuse('commission.perUnit', `a commission per unit (${commission.perUnit})`)
  if (commission.minimum !== 0) refuse('commission.minimum', `a minimum commission (${commission.minimum})`)
  if (commission.tiers.length > 0) refuse('commission.tiers', 'commission tiers')
  if (slippage.model !== 'none' && slippage.model !== 'fixed-bps' && slippage.model !== 'spread')
    refuse('slippage.model', `slippage model '${slippage.model}'`)
  for (const key of ['submitMs', 'ackMs', 'marketDataMs'] as const) {
    if (latency[key] !== 0) refuse(`latency.${key}`, `a latency of ${latency[key]} ms`)
  }
  if (c.borrow.annualRateBps !== 0)
    refuse('borrow.annualRateBps', `borrow at ${c.borrow.annualRateBps} bps a year`)
  if (risk.maxDailyLossFraction !== undefined)
    refuse('risk.maxDailyLossFraction', 'a daily loss limit (the kill switch)')
  if (risk.maxDrawdownFraction !== undefined)
    refuse('risk.maxDrawdownFraction', 'a drawdown limit (the kill switch)')
  // The venue's own checks and sum: each rate in hundredths of a basis point, then added.
  const centi =
    centiBasisPoints(commission.basisPoints, 'commission.basisPoints') +
    centiBasisPoints(commission.takerBasisPoints, 'commission.takerBasisPoints')
  return {
    initialCapital: c.initialCapital,
    accountCurrency: c.accountCurrency,
    commissionBasisPoints: commission.basisPoints + commission.takerBasisPoints,
    commissionCentiBasisPoints: Number(centi),
    slippageBasisPoints: slippage.model === 'none' ? 0 : slippage.basisPoints,
    maxPositionFraction: risk.maxPositionFraction,
    participation: c.liquidity.participation,
    equityEvery: c.equityEvery,
  }
}
