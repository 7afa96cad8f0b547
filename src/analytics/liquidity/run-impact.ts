/**
 * The square-root impact model calibrated from a run's (or a journal's) fills: one observation
 * per fill, fitted by `fitSquareRootImpact`, with the same σ and volume the backtest's
 * `sqrt-impact` slippage uses, so the k it returns can be fed straight back to a backtest
 * (`tradepulse backtest --impact-k FIT.json`):
 *
 * - cost: the fill's implementation shortfall against the arrival price (the last close at or
 *   before the order's submission, as TCA measures it), as a fraction; positive is a cost;
 * - quantity: the fill's quantity, in instrument units;
 * - volume: the volume of the bar the fill happened in (the last bar opening at or before it);
 * - σ: the population standard deviation of the simple returns of the up to `window` closes
 *   before that bar — what the venue's slippage model has seen when it prices the fill.
 *
 * Run folders hold no volumes, so the bars come from the caller (the run's data files). A fill is
 * skipped, and counted, when it has no arrival price, no bar, a bar without volume, or fewer than
 * two returns before it.
 */
import type { BacktestResult } from '../../backtest/result.ts'
import { type ImpactFit, type ImpactObservation, fitSquareRootImpact } from './square-root-impact.ts'
import { lastIndexAtOrBefore } from '../tca/market-tape.ts'
import type { TcaReport } from '../tca/tca.ts'

/** Bars of one instrument, open times ascending. */
export interface ImpactBars {
  readonly openTime: ArrayLike<number>
  readonly close: ArrayLike<number>
  readonly volume: ArrayLike<number>
}

export interface FillImpactObservation extends ImpactObservation {
  readonly instrumentId: string
  readonly time: number
}

export interface ImpactCalibration {
  readonly fit: ImpactFit
  readonly window: number
  readonly observations: readonly FillImpactObservation[]
  /** Fills left out: no arrival price, no bar, no volume or too few returns. */
  readonly skipped: number
}

/** σ of the simple returns of the up to `window` closes before bar `index` (population). */
export function volatilityBefore(close: ArrayLike<number>, index: number, window: number): number {
  const from = Math.max(1, index - window)
  const n = index - from
  if (n < 2) return Number.NaN
  let mean = 0
  for (let i = from; i < index; i++) mean += close[i]! / close[i - 1]! - 1
  mean /= n
  let sum = 0
  for (let i = from; i < index; i++) sum += (close[i]! / close[i - 1]! - 1 - mean) ** 2
  return Math.sqrt(sum / n)
}

export function calibrateImpact(
  result: BacktestResult,
  costs: TcaReport,
  bars: ReadonlyMap<string, ImpactBars>,
  window = 20,
): ImpactCalibration {
  const shortfall = new Map(costs.fills.map((f) => [f.tradeId, f.shortfallBps]))
  const observations: FillImpactObservation[] = []
  let skipped = 0
  for (const fill of result.fills) {
    const bps = shortfall.get(fill.tradeId)
    const series = bars.get(fill.instrumentId)
    const index = series === undefined ? -1 : lastIndexAtOrBefore(series.openTime, fill.time)
    const volume = index < 0 ? 0 : series!.volume[index]!
    const sigma = index < 0 ? Number.NaN : volatilityBefore(series!.close, index, window)
    if (bps === undefined || bps === null || !(volume > 0) || !(sigma >= 0)) {
      skipped++
      continue
    }
    observations.push({
      instrumentId: fill.instrumentId,
      time: fill.time,
      cost: bps / 10_000,
      quantity: fill.quantity,
      volume,
      volatility: sigma,
    })
  }
  return { fit: fitSquareRootImpact(observations), window, observations, skipped }
}
