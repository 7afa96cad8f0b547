/**
 * The probabilistic and the deflated Sharpe ratio: how likely a strategy's true Sharpe ratio
 * exceeds a benchmark, given how many returns it was measured on, their skewness and kurtosis,
 * and — for the deflated ratio — how many strategies were tried before this one was picked.
 *
 * PSR(SR*) = Φ((SR − SR*)·√(T − 1) / √(1 − γ3·SR + (γ4 − 1)/4 · SR²))
 *   (Bailey & López de Prado, "The Sharpe Ratio Efficient Frontier", Journal of Risk 15(2), 2012).
 * SR0 = √V[SR_n] · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ the Euler–Mascheroni constant:
 *   the Sharpe ratio the best of N independent trials reaches with no skill at all, when the
 *   trials' Sharpe ratios vary with variance V[SR_n].
 * DSR = PSR(SR0)
 *   (Bailey & López de Prado, "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest
 *   Overfitting and Non-Normality", Journal of Portfolio Management 40(5), 2014).
 *
 * Every Sharpe ratio here is per period (see sharpe-moments.ts): the chosen strategy's and the
 * trials'. The trials' variance must be in the same units, so annualised trial Sharpe ratios
 * need dividing by √(periods per year) first, their variance by the periods per year.
 *
 * Known limits: SR0 is the extreme-value approximation of the paper, good for large N and
 * meaningless for N = 1, where no selection happened and SR0 is taken as 0. N counts independent
 * trials; correlated trials count for fewer, and an effective N can be passed with the variance.
 * PSR rises with SR only while γ3·SR < 2 (with γ3·SR* < 2 too): past that the estimated error
 * grows faster than the Sharpe ratio. No realistic per-period Sharpe ratio gets there.
 */
import { invalidInput } from './input-error.ts'
import { normalCdf, normalQuantile } from './normal-distribution.ts'
import {
  type SharpeEstimate,
  checkSharpeEstimate,
  sharpeMoments,
  sharpeVarianceFactor,
} from './sharpe-moments.ts'

export const EULER_MASCHERONI = 0.5772156649015329

/** The default confidence above which a deflated Sharpe ratio reads as genuine. */
export const DEFAULT_CONFIDENCE = 0.95

/**
 * What is known about the trials the strategy was picked from: their per-period Sharpe ratios
 * (the chosen one among them), or their number and the variance of their Sharpe ratios.
 */
export type TrialSharpeRatios =
  { readonly sharpeRatios: ArrayLike<number> } | { readonly count: number; readonly variance: number }

export interface DeflatedSharpeOptions {
  /** The DSR at or above which the verdict is "likely genuine"; 0.95 unless given. */
  readonly confidence?: number
}

export interface DeflatedSharpeRatio {
  /** SR, per period. */
  readonly sharpe: number
  /** σ(SR), the standard error of `sharpe`. */
  readonly standardError: number
  /** SR0: the best Sharpe ratio expected from `trials` trials without skill, per period. */
  readonly expectedMaximumSharpe: number
  /** DSR = PSR(SR0): the probability that the true Sharpe ratio exceeds SR0. */
  readonly deflatedSharpe: number
  /** T. */
  readonly observations: number
  readonly skewness: number
  /** Not excess: 3 for a normal distribution. */
  readonly kurtosis: number
  /** N, the number of independent trials. */
  readonly trials: number
  /** V[SR_n], the variance of the trials' per-period Sharpe ratios. */
  readonly trialSharpeVariance: number
  readonly confidence: number
  /** deflatedSharpe ≥ confidence. */
  readonly genuine: boolean
  /** One sentence saying what the numbers mean. */
  readonly verdict: string
}

/**
 * PSR(SR*): the probability that the true Sharpe ratio exceeds `benchmarkSharpe`, both per
 * period. With no estimation error (returns taking two values, where the bracket is 0) it is
 * 1, 0 or ½ as SR is above, below or at the benchmark.
 */
export function probabilisticSharpeRatio(estimate: SharpeEstimate, benchmarkSharpe: number): number {
  checkSharpeEstimate(estimate)
  if (!Number.isFinite(benchmarkSharpe))
    throw invalidInput('benchmarkSharpe', `must be a finite number, was ${benchmarkSharpe}`)
  const excess = estimate.sharpe - benchmarkSharpe
  const factor = sharpeVarianceFactor(estimate)
  if (factor === 0) return excess > 0 ? 1 : excess < 0 ? 0 : 0.5
  return normalCdf((excess * Math.sqrt(estimate.observations - 1)) / Math.sqrt(factor))
}

/**
 * SR0 = √variance · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))): the expected maximum of N
 * per-period Sharpe ratios without skill. 0 for a single trial. Throws RESEARCH_INVALID_INPUT
 * naming `trials` or `variance`.
 */
export function expectedMaximumSharpe(trials: number, variance: number): number {
  if (!Number.isInteger(trials) || trials < 1)
    throw invalidInput('trials', `must be a whole number of at least 1, was ${trials}`)
  if (!Number.isFinite(variance) || variance < 0)
    throw invalidInput('variance', `must be a finite number of at least 0, was ${variance}`)
  if (trials === 1) return 0
  const spread =
    (1 - EULER_MASCHERONI) * normalQuantile(1 - 1 / trials) +
    EULER_MASCHERONI * normalQuantile(1 - 1 / (trials * Math.E))
  return Math.sqrt(variance) * spread
}

/**
 * The deflated Sharpe ratio of the chosen strategy's per-period `returns`, picked from `trials`.
 * Throws RESEARCH_INVALID_INPUT naming `returns`, `trials`, `sharpeRatios`, `count`, `variance`
 * or `confidence`.
 */
export function deflatedSharpeRatio(
  returns: ArrayLike<number>,
  trials: TrialSharpeRatios,
  options: DeflatedSharpeOptions = {},
): DeflatedSharpeRatio {
  return deflateSharpeEstimate(sharpeMoments(returns), trials, options)
}

/** `deflatedSharpeRatio` from a Sharpe ratio and moments known already, such as a paper's example. */
export function deflateSharpeEstimate(
  estimate: SharpeEstimate,
  trials: TrialSharpeRatios,
  options: DeflatedSharpeOptions = {},
): DeflatedSharpeRatio {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE
  if (!(confidence > 0 && confidence < 1))
    throw invalidInput('confidence', `must be a probability strictly between 0 and 1, was ${confidence}`)
  checkSharpeEstimate(estimate)
  const { count, variance } = trialDispersion(trials)
  const benchmark = expectedMaximumSharpe(count, variance)
  const deflatedSharpe = probabilisticSharpeRatio(estimate, benchmark)
  const genuine = deflatedSharpe >= confidence
  return {
    sharpe: estimate.sharpe,
    standardError: Math.sqrt(sharpeVarianceFactor(estimate) / (estimate.observations - 1)),
    expectedMaximumSharpe: benchmark,
    deflatedSharpe,
    observations: estimate.observations,
    skewness: estimate.skewness,
    kurtosis: estimate.kurtosis,
    trials: count,
    trialSharpeVariance: variance,
    confidence,
    genuine,
    verdict: verdictOf(estimate, count, benchmark, deflatedSharpe, confidence),
  }
}

/** N and V[SR_n]; a list gives its length and its sample variance (n − 1 in the denominator). */
function trialDispersion(trials: TrialSharpeRatios): { count: number; variance: number } {
  if (!('sharpeRatios' in trials)) {
    expectedMaximumSharpe(trials.count, trials.variance) // checks both, naming the one at fault
    return { count: trials.count, variance: trials.variance }
  }
  const ratios = trials.sharpeRatios
  const count = ratios.length
  if (count < 2)
    throw invalidInput(
      'sharpeRatios',
      `need the Sharpe ratios of at least 2 trials to estimate their variance, got ${count}`,
    )
  let sum = 0
  for (let i = 0; i < count; i++) {
    const ratio = ratios[i]!
    if (!Number.isFinite(ratio))
      throw invalidInput('sharpeRatios', `trial ${i} is ${ratio}, not a finite number`)
    sum += ratio
  }
  const mean = sum / count
  let squares = 0
  for (let i = 0; i < count; i++) squares += (ratios[i]! - mean) ** 2
  return { count, variance: squares / (count - 1) }
}

function verdictOf(
  estimate: SharpeEstimate,
  trials: number,
  benchmark: number,
  deflatedSharpe: number,
  confidence: number,
): string {
  const measured = `Sharpe ratio ${estimate.sharpe.toPrecision(3)} per period over ${estimate.observations} returns`
  const bar =
    trials === 1
      ? 'zero, as no selection took place'
      : `${benchmark.toPrecision(3)}, the best expected from ${trials} trials without skill`
  const probability = `DSR ${deflatedSharpe.toFixed(3)}`
  if (deflatedSharpe >= confidence)
    return `likely genuine: ${probability} ≥ ${confidence}; the ${measured} beats ${bar}`
  const against = trials === 1 ? 'a lucky trial' : `the best of ${trials} lucky trials`
  return `not distinguishable from ${against}: ${probability} < ${confidence}; the ${measured} is measured against ${bar}`
}
