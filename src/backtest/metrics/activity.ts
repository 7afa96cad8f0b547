/**
 * How much of the run the strategy was in the market, and how much it traded.
 *
 * Exposure counts sampling intervals, not clock time, so a weekday market's weekends do not
 * weigh in: it is the share of the intervals [t(i), t(i+1)) that begin with a gross exposure
 * above zero. Turnover is the traded notional (Σ price × quantity over the fills; a contract
 * multiplier is not in the fill record, so futures read in price units) over the average equity,
 * per calendar year of the run.
 */
import type { EquityPoint, FillRecord } from '../result.ts'
import { MS_PER_YEAR } from './performance.ts'
import { finiteOrNull } from './returns.ts'

export function exposure(equity: readonly EquityPoint[]): number | null {
  if (equity.length < 2) return null
  let exposed = 0
  for (let i = 0; i < equity.length - 1; i++) if (equity[i]!.grossExposure > 0) exposed++
  return exposed / (equity.length - 1)
}

export function tradedNotional(fills: readonly FillRecord[]): number {
  let notional = 0
  for (const fill of fills) notional += Math.abs(fill.price * fill.quantity)
  return notional
}

export function annualisedTurnover(
  equity: readonly EquityPoint[],
  fills: readonly FillRecord[],
): number | null {
  if (equity.length < 2) return null
  const years = (equity[equity.length - 1]!.time - equity[0]!.time) / MS_PER_YEAR
  let sum = 0
  for (const point of equity) sum += point.equity
  const averageEquity = sum / equity.length
  if (years <= 0 || averageEquity <= 0) return null
  return finiteOrNull(tradedNotional(fills) / averageEquity / years)
}
