/**
 * The overfitting statistics of a finished sweep, from its combinations' per-period returns
 * (period-returns.ts): the deflated Sharpe ratio of the top-ranked combination, given how many
 * combinations were tried and how much their Sharpe ratios vary, and the probability of backtest
 * overfitting by CSCV over the trials' return matrix. Written to overfitting.json.
 *
 * Trials are the combinations with returns over the same periods as the top-ranked one (in a
 * sweep that is every evaluated combination; a failed run has none). Sharpe ratios here are per
 * period, as docs/research.md#overfitting-statistics defines them, whatever the sweep ranks by; a trial whose
 * returns never vary (it never traded) counts with a Sharpe ratio of 0.
 *
 * Partitions: S = 16 when every block can hold at least MIN_BLOCK_PERIODS periods, otherwise the
 * largest even S that can (fewer periods, coarser blocks); below 2 × MIN_BLOCK_PERIODS periods,
 * or with fewer than two trials, there is no PBO. A statistic that cannot be computed is recorded
 * with the reason rather than failing the sweep.
 */
import { isTradePulseError } from '../../domain/errors.ts'
import { type DeflatedSharpeRatio, deflatedSharpeRatio } from '../overfitting/deflated-sharpe.ts'
import {
  type BacktestOverfitting,
  DEFAULT_PARTITIONS,
  probabilityOfBacktestOverfitting,
} from '../overfitting/pbo.ts'

export const OVERFITTING_FILE = 'overfitting.json'

/** The fewest periods a CSCV block may hold: a half's Sharpe ratio needs a few returns per block. */
export const MIN_BLOCK_PERIODS = 4

/** PBO at or below this reads as a selection that holds out of sample. */
export const ROBUST_PBO = 0.2
/** PBO at or above this reads as a selection fitting noise. */
export const OVERFIT_PBO = 0.5

export interface Unavailable {
  readonly unavailable: string
}

export interface SweepDeflatedSharpe {
  /** The combination the statistic is about (the top of the ranking). */
  readonly index: number
  readonly params: Readonly<Record<string, unknown>>
  readonly deflatedSharpe: number
  readonly sharpe: number
  readonly expectedMaximumSharpe: number
  readonly standardError: number
  readonly observations: number
  readonly trials: number
  readonly trialSharpeVariance: number
  readonly skewness: number
  readonly kurtosis: number
  readonly confidence: number
  readonly genuine: boolean
  readonly verdict: string
}

export interface SweepPbo {
  readonly probability: number
  readonly probabilityOfLoss: number
  readonly partitions: number
  readonly combinations: number
  readonly trials: number
  readonly observations: number
  readonly degradationSlope: number | null
  /** λ per CSCV combination, for the report's histogram. */
  readonly logits: readonly number[]
  readonly verdict: string
}

export interface SweepOverfitting {
  /** What one period is: a UTC day, or a bar when the bars are a day or longer. */
  readonly period: 'day-or-bar'
  readonly trials: number
  readonly observations: number
  readonly deflatedSharpe: SweepDeflatedSharpe | Unavailable
  readonly pbo: SweepPbo | Unavailable
  /** One plain sentence combining both. */
  readonly verdict: string
}

/** S for `observations` periods: 16, or the largest even number of blocks of MIN_BLOCK_PERIODS. */
export function partitionsFor(observations: number): number {
  const most = 2 * Math.floor(observations / (2 * MIN_BLOCK_PERIODS))
  return Math.min(DEFAULT_PARTITIONS, most)
}

function perPeriodSharpe(returns: Float64Array): number {
  let sum = 0
  for (const r of returns) sum += r
  const mean = sum / returns.length
  let squares = 0
  for (const r of returns) squares += (r - mean) ** 2
  const deviation = Math.sqrt(squares / (returns.length - 1))
  return deviation === 0 ? 0 : mean / deviation
}

function reason(error: unknown): string {
  if (isTradePulseError(error)) return `${error.code}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}

export function pboVerdict(probability: number): string {
  const percent = `${(probability * 100).toFixed(0)}%`
  if (probability <= ROBUST_PBO)
    return `the selection holds out of sample: the in-sample best fell to the bottom half in only ${percent} of the splits`
  if (probability < OVERFIT_PBO)
    return `the selection is uncertain: the in-sample best fell to the bottom half in ${percent} of the splits`
  return `the selection looks overfit: the in-sample best fell to the bottom half in ${percent} of the splits, no better than a pick at random`
}

function overallVerdict(dsr: SweepDeflatedSharpe | Unavailable, pbo: SweepPbo | Unavailable): string {
  const genuine = 'genuine' in dsr ? dsr.genuine : undefined
  const robust = 'probability' in pbo ? pbo.probability <= ROBUST_PBO : undefined
  const overfit = 'probability' in pbo ? pbo.probability >= OVERFIT_PBO : undefined
  if (genuine === undefined && robust === undefined) return 'not enough data to judge overfitting'
  if (genuine === true && robust !== false)
    return 'likely genuine: the best combination beats the best of its lucky trials and the selection holds out of sample'
  if (genuine === true)
    return 'mixed: the best combination beats the best of its lucky trials, but the selection does not clearly hold out of sample'
  if (overfit === true)
    return 'likely overfit: the best combination is not distinguishable from luck and the selection does not hold out of sample'
  return 'not distinguishable from luck: the best combination does not beat the best of its lucky trials'
}

/**
 * The statistics for trials `returns` (by combination index) of which `best` tops the ranking;
 * `best` undefined (nothing ranked) leaves the DSR unavailable.
 */
export function sweepOverfitting(
  returns: ReadonlyMap<number, Float64Array>,
  best: { readonly index: number; readonly params: Readonly<Record<string, unknown>> } | undefined,
): SweepOverfitting {
  const bestReturns = best === undefined ? undefined : returns.get(best.index)
  const observations = bestReturns?.length ?? Math.max(0, ...[...returns.values()].map((r) => r.length))
  const indices = [...returns.keys()]
    .filter((index) => returns.get(index)!.length === observations)
    .sort((a, b) => a - b)
  const columns = indices.map((index) => returns.get(index)!)
  let deflated: SweepDeflatedSharpe | Unavailable
  if (best === undefined || bestReturns === undefined)
    deflated = { unavailable: 'no ranked combination with returns' }
  else {
    try {
      const dsr: DeflatedSharpeRatio = deflatedSharpeRatio(bestReturns, {
        sharpeRatios: columns.map(perPeriodSharpe),
      })
      deflated = {
        index: best.index,
        params: best.params,
        deflatedSharpe: dsr.deflatedSharpe,
        sharpe: dsr.sharpe,
        expectedMaximumSharpe: dsr.expectedMaximumSharpe,
        standardError: dsr.standardError,
        observations: dsr.observations,
        trials: dsr.trials,
        trialSharpeVariance: dsr.trialSharpeVariance,
        skewness: dsr.skewness,
        kurtosis: dsr.kurtosis,
        confidence: dsr.confidence,
        genuine: dsr.genuine,
        verdict: dsr.verdict,
      }
    } catch (error) {
      deflated = { unavailable: reason(error) }
    }
  }
  let pbo: SweepPbo | Unavailable
  const partitions = partitionsFor(observations)
  if (columns.length < 2)
    pbo = { unavailable: `${columns.length} trial(s) with returns; CSCV needs at least 2` }
  else if (partitions < 2)
    pbo = {
      unavailable: `${observations} periods; CSCV needs at least ${2 * MIN_BLOCK_PERIODS} (two blocks of ${MIN_BLOCK_PERIODS})`,
    }
  else {
    try {
      const result: BacktestOverfitting = probabilityOfBacktestOverfitting(columns, { partitions })
      pbo = {
        probability: result.probability,
        probabilityOfLoss: result.probabilityOfLoss,
        partitions: result.partitions,
        combinations: result.combinations,
        trials: result.trials,
        observations: result.observations,
        degradationSlope: result.degradation.slope,
        logits: Array.from(result.logits),
        verdict: pboVerdict(result.probability),
      }
    } catch (error) {
      pbo = { unavailable: reason(error) }
    }
  }
  return {
    period: 'day-or-bar',
    trials: columns.length,
    observations,
    deflatedSharpe: deflated,
    pbo,
    verdict: overallVerdict(deflated, pbo),
  }
}
