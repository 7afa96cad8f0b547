/**
 * The Sharpe ratio of one series of period returns, with the higher moments its sampling error
 * depends on, and that error itself.
 *
 * Conventions, which the probabilistic and deflated Sharpe ratios rely on:
 * - Per period: the Sharpe ratio is not annualised, and the risk-free rate is 0 (subtract it from
 *   the returns first). The standard error below mixes SR with SR², so it holds only in the
 *   units in which T counts observations; annualise afterwards if at all.
 * - SR = mean / sample standard deviation (n − 1 in the denominator): the Sharpe ratio of
 *   computeMetrics before it multiplies by √(periods per year).
 * - Skewness γ3 = m3 / m2^(3/2) and kurtosis γ4 = m4 / m2², with the central moments
 *   m_k = Σ (r − mean)^k / T: the moment ratios of the sample itself, which is what
 *   scipy.stats.skew and scipy.stats.kurtosis(fisher=False) give by default and what López de
 *   Prado's published code feeds the formulas. Kurtosis is not excess kurtosis: 3 for a normal.
 *
 * The standard error of the estimate is Mertens' (2002) form of Lo's (2002) result for i.i.d.
 * returns that need not be normal, as Bailey & López de Prado (2012, 2014) use it:
 *   σ(SR) = √((1 − γ3·SR + (γ4 − 1)/4 · SR²) / (T − 1)).
 * The bracket is never negative for moments a distribution can have: γ4 ≥ 1 + γ3² (Pearson's
 * inequality) gives 1 − γ3·SR + (γ4 − 1)/4·SR² ≥ (1 − γ3·SR/2)².
 */
import { invalidInput } from './input-error.ts'

/** The figures the PSR and the DSR need: a per-period Sharpe ratio and its sample's shape. */
export interface SharpeEstimate {
  /** Mean over sample standard deviation of the returns, per period. */
  readonly sharpe: number
  /** T, the number of returns the Sharpe ratio was estimated from. */
  readonly observations: number
  /** γ3 = m3 / m2^(3/2); 0 for a symmetric distribution. */
  readonly skewness: number
  /** γ4 = m4 / m2², not in excess: 3 for a normal distribution. */
  readonly kurtosis: number
}

export interface SharpeMoments extends SharpeEstimate {
  readonly mean: number
  /** Sample standard deviation, n − 1 in the denominator. */
  readonly standardDeviation: number
  /** σ(SR), the standard error of `sharpe`. */
  readonly standardError: number
}

/**
 * The Sharpe ratio, skewness, kurtosis and standard error of a return series. Throws
 * RESEARCH_INVALID_INPUT naming `returns` for fewer than two values, a value that is not finite,
 * or returns that are all equal (no Sharpe ratio exists).
 */
export function sharpeMoments(returns: ArrayLike<number>): SharpeMoments {
  const count = returns.length
  if (count < 2) throw invalidInput('returns', `need at least 2 returns, got ${count}`)
  let sum = 0
  for (let i = 0; i < count; i++) {
    const value = returns[i]!
    if (!Number.isFinite(value)) throw invalidInput('returns', `return ${i} is ${value}, not a finite number`)
    sum += value
  }
  const mean = sum / count
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let i = 0; i < count; i++) {
    const deviation = returns[i]! - mean
    const square = deviation * deviation
    m2 += square
    m3 += square * deviation
    m4 += square * square
  }
  m2 /= count
  m3 /= count
  m4 /= count
  if (m2 === 0) throw invalidInput('returns', `all ${count} returns equal ${mean}: no Sharpe ratio exists`)
  const standardDeviation = Math.sqrt((m2 * count) / (count - 1))
  const estimate: SharpeEstimate = {
    sharpe: mean / standardDeviation,
    observations: count,
    skewness: m3 / m2 ** 1.5,
    kurtosis: m4 / (m2 * m2),
  }
  return { ...estimate, mean, standardDeviation, standardError: sharpeStandardError(estimate) }
}

/** σ(SR) = √((1 − γ3·SR + (γ4 − 1)/4 · SR²) / (T − 1)). Checks the estimate (see `checkSharpeEstimate`). */
export function sharpeStandardError(estimate: SharpeEstimate): number {
  checkSharpeEstimate(estimate)
  return Math.sqrt(sharpeVarianceFactor(estimate) / (estimate.observations - 1))
}

/**
 * 1 − γ3·SR + (γ4 − 1)/4 · SR²: T − 1 times the variance of the Sharpe estimate. Rounding in
 * moments computed from two-valued data (where γ4 = 1 + γ3² exactly) can take it a hair below 0;
 * it is clamped there.
 */
export function sharpeVarianceFactor(estimate: SharpeEstimate): number {
  const { sharpe, skewness, kurtosis } = estimate
  return Math.max(0, 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe)
}

/**
 * Throws RESEARCH_INVALID_INPUT naming the field of an estimate given by hand that no sample can
 * have: a non-finite Sharpe ratio or skewness, fewer than 2 observations, or a kurtosis below
 * 1 + skewness² (Pearson's bound, with room for rounding).
 */
export function checkSharpeEstimate(estimate: SharpeEstimate): void {
  const { sharpe, observations, skewness, kurtosis } = estimate
  if (!Number.isFinite(sharpe)) throw invalidInput('sharpe', `must be a finite number, was ${sharpe}`)
  if (!Number.isInteger(observations) || observations < 2)
    throw invalidInput('observations', `must be a whole number of at least 2, was ${observations}`)
  if (!Number.isFinite(skewness)) throw invalidInput('skewness', `must be a finite number, was ${skewness}`)
  const bound = 1 + skewness * skewness
  if (!Number.isFinite(kurtosis) || kurtosis < bound * (1 - 1e-9))
    throw invalidInput(
      'kurtosis',
      `must be at least 1 + skewness² = ${bound} (and not excess kurtosis: a normal has 3), was ${kurtosis}`,
    )
}
