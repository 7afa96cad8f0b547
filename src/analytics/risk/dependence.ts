/**
 * Volatility, beta to a benchmark and the correlation matrix of return series
 * (docs/analytics.md#volatility-beta-and-correlation). All use the sample (n − 1) moments.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { mean, sampleStd } from '../statistics.ts'

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new TradePulseError(
      'ANALYTICS_INVALID_INPUT',
      `${what}: series of ${a.length} and ${b.length} returns`,
      {
        field: what,
      },
    )
  }
}

/** σ·√P: the sample standard deviation of the returns, annualised by P periods a year. */
export function annualisedVolatility(returns: ArrayLike<number>, periodsPerYear: number): number {
  return sampleStd(returns) * Math.sqrt(periodsPerYear)
}

/** Sample covariance, divisor n − 1. */
export function covariance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b, 'covariance')
  const n = a.length
  if (n < 2) return Number.NaN
  const ma = mean(a)
  const mb = mean(b)
  let sum = 0
  for (let i = 0; i < n; i++) sum += (a[i]! - ma) * (b[i]! - mb)
  return sum / (n - 1)
}

/** β = cov(r, b) / var(b); null when the benchmark does not move. */
export function beta(returns: ArrayLike<number>, benchmark: ArrayLike<number>): number | null {
  const variance = covariance(benchmark, benchmark)
  return variance > 0 ? covariance(returns, benchmark) / variance : null
}

/**
 * The k × k covariance matrix of k series of n returns each (row-major), in one pass over the
 * demeaned data per pair: O(k²·n), the upper triangle computed and mirrored.
 */
export function covarianceMatrix(series: readonly ArrayLike<number>[]): Float64Array {
  const k = series.length
  const n = series[0]?.length ?? 0
  const centred = series.map((s, index) => {
    sameLength(s, series[0]!, `series[${index}]`)
    const m = mean(s)
    return Float64Array.from(s, (x) => x - m)
  })
  const out = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    const a = centred[i]!
    for (let j = i; j < k; j++) {
      const b = centred[j]!
      let sum = 0
      for (let t = 0; t < n; t++) sum += a[t]! * b[t]!
      const value = sum / (n - 1)
      out[i * k + j] = value
      out[j * k + i] = value
    }
  }
  return out
}

/** ρᵢⱼ = Σᵢⱼ / √(Σᵢᵢ·Σⱼⱼ); NaN where a series does not move. */
export function correlationMatrix(series: readonly ArrayLike<number>[]): Float64Array {
  const k = series.length
  const cov = covarianceMatrix(series)
  const out = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const denominator = Math.sqrt(cov[i * k + i]! * cov[j * k + j]!)
      out[i * k + j] = denominator > 0 ? cov[i * k + j]! / denominator : Number.NaN
    }
  }
  return out
}

/** Simple returns rₜ = xₜ/xₜ₋₁ − 1 of a price or equity series (n − 1 of them). */
export function simpleReturns(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, values.length - 1))
  for (let i = 1; i < values.length; i++) out[i - 1] = values[i]! / values[i - 1]! - 1
  return out
}
