/**
 * Value at risk and expected shortfall of a return series, three ways
 * (docs/analytics.md#value-at-risk-and-expected-shortfall). Both are reported as positive
 * fractions of the position's value: a 1-day 99% VaR of 0.03 means a loss of 3% or more one day
 * in a hundred. With p = 1 − c the tail probability, μ, σ the mean and sample standard deviation,
 * S the skewness and K the excess kurtosis of the daily returns, and h the horizon in days:
 *
 * - historical: VaR = −q_p(r), the type-7 empirical quantile; ES = −mean{rᵢ ≤ q_p(r)}; an h-day
 *   figure is the 1-day one × √h (the square-root-of-time rule);
 * - parametric (normal): VaR = −(hμ + √h·σ·z_p), ES = −hμ + √h·σ·φ(z_p)/p, z_p = Φ⁻¹(p);
 * - Cornish–Fisher: z_p replaced by z_cf = z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36, and
 *   ES the tail mean of that quantile function, in closed form from ∫x^kφ(x)dx:
 *   ES = −hμ + √h·σ·(φ(z)/p)·[1 + zS/6 + (z² − 1)K/24 − (2z² − 1)S²/36].
 */
import { TradePulseError } from '../../domain/errors.ts'
import { moments, sortedQuantile } from '../statistics.ts'
import { normalDensity, normalQuantile } from '../../research/overfitting/normal-distribution.ts'

export const VAR_METHODS = ['historical', 'parametric', 'cornish-fisher'] as const
export type VarMethod = (typeof VAR_METHODS)[number]

export interface VarFigure {
  readonly method: VarMethod
  /** Confidence level c, such as 0.99. */
  readonly confidence: number
  readonly horizonDays: number
  readonly valueAtRisk: number
  readonly expectedShortfall: number
}

export interface VarOptions {
  readonly confidences?: readonly number[]
  readonly horizons?: readonly number[]
}

export const DEFAULT_CONFIDENCES: readonly number[] = [0.95, 0.99]
export const DEFAULT_HORIZONS: readonly number[] = [1, 10]

function checkLevel(confidence: number, horizonDays: number): void {
  if (!(confidence > 0.5 && confidence < 1)) {
    throw new TradePulseError(
      'ANALYTICS_INVALID_INPUT',
      `confidence must be in (0.5, 1), was ${confidence}`,
      {
        field: 'confidence',
      },
    )
  }
  if (!Number.isInteger(horizonDays) || horizonDays < 1) {
    throw new TradePulseError(
      'ANALYTICS_INVALID_INPUT',
      `horizon must be a whole number of days ≥ 1, was ${horizonDays}`,
      {
        field: 'horizon',
      },
    )
  }
}

function checkReturns(returns: ArrayLike<number>): void {
  if (returns.length < 2) {
    throw new TradePulseError(
      'ANALYTICS_INVALID_INPUT',
      `VaR needs at least 2 returns, got ${returns.length}`,
      {
        field: 'returns',
      },
    )
  }
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isFinite(returns[i]!)) {
      throw new TradePulseError('ANALYTICS_INVALID_INPUT', `return ${i} is not finite: ${returns[i]}`, {
        field: `returns[${i}]`,
      })
    }
  }
}

/** Historical VaR and ES from returns already sorted ascending. */
export function historicalVarSorted(
  sorted: ArrayLike<number>,
  confidence: number,
  horizonDays = 1,
): VarFigure {
  checkLevel(confidence, horizonDays)
  const q = sortedQuantile(sorted, 1 - confidence)
  let sum = 0
  let count = 0
  for (let i = 0; i < sorted.length && sorted[i]! <= q; i++) {
    sum += sorted[i]!
    count++
  }
  const scale = Math.sqrt(horizonDays)
  return {
    method: 'historical',
    confidence,
    horizonDays,
    valueAtRisk: -q * scale,
    expectedShortfall: (-sum / count) * scale,
  }
}

export function historicalVar(returns: ArrayLike<number>, confidence: number, horizonDays = 1): VarFigure {
  checkReturns(returns)
  return historicalVarSorted(Float64Array.from(returns).sort(), confidence, horizonDays)
}

/** Normal VaR and ES for a mean and standard deviation of daily returns. */
export function normalVar(mean: number, std: number, confidence: number, horizonDays = 1): VarFigure {
  checkLevel(confidence, horizonDays)
  const p = 1 - confidence
  const z = normalQuantile(p)
  const drift = horizonDays * mean
  const spread = Math.sqrt(horizonDays) * std
  return {
    method: 'parametric',
    confidence,
    horizonDays,
    valueAtRisk: -(drift + spread * z),
    expectedShortfall: -drift + (spread * normalDensity(z)) / p,
  }
}

export function parametricVar(returns: ArrayLike<number>, confidence: number, horizonDays = 1): VarFigure {
  checkReturns(returns)
  const m = moments(returns)
  return normalVar(m.mean, m.std, confidence, horizonDays)
}

/** The Cornish–Fisher quantile z_cf of a standard variable with skewness S and excess kurtosis K. */
export function cornishFisherQuantile(z: number, skewness: number, excessKurtosis: number): number {
  const s = skewness
  const k = excessKurtosis
  return z + ((z * z - 1) * s) / 6 + ((z ** 3 - 3 * z) * k) / 24 - ((2 * z ** 3 - 5 * z) * s * s) / 36
}

export function cornishFisherVarOf(
  mean: number,
  std: number,
  skewness: number,
  excessKurtosis: number,
  confidence: number,
  horizonDays = 1,
): VarFigure {
  checkLevel(confidence, horizonDays)
  const p = 1 - confidence
  const z = normalQuantile(p)
  const zcf = cornishFisherQuantile(z, skewness, excessKurtosis)
  const s = skewness
  const k = excessKurtosis
  const tailMean =
    (normalDensity(z) / p) * (1 + (z * s) / 6 + ((z * z - 1) * k) / 24 - ((2 * z * z - 1) * s * s) / 36)
  const drift = horizonDays * mean
  const spread = Math.sqrt(horizonDays) * std
  return {
    method: 'cornish-fisher',
    confidence,
    horizonDays,
    valueAtRisk: -(drift + spread * zcf),
    expectedShortfall: -drift + spread * tailMean,
  }
}

export function cornishFisherVar(returns: ArrayLike<number>, confidence: number, horizonDays = 1): VarFigure {
  checkReturns(returns)
  const m = moments(returns)
  return cornishFisherVarOf(m.mean, m.std, m.skewness, m.excessKurtosis, confidence, horizonDays)
}

/** Every method at every confidence and horizon: 3 × 2 × 2 figures by default. */
export function varTable(returns: ArrayLike<number>, options: VarOptions = {}): VarFigure[] {
  checkReturns(returns)
  const sorted = Float64Array.from(returns).sort()
  const m = moments(returns)
  const figures: VarFigure[] = []
  for (const confidence of options.confidences ?? DEFAULT_CONFIDENCES) {
    for (const horizon of options.horizons ?? DEFAULT_HORIZONS) {
      figures.push(historicalVarSorted(sorted, confidence, horizon))
      figures.push(normalVar(m.mean, m.std, confidence, horizon))
      figures.push(cornishFisherVarOf(m.mean, m.std, m.skewness, m.excessKurtosis, confidence, horizon))
    }
  }
  return figures
}
