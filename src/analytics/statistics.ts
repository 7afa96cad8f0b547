/**
 * The descriptive statistics every analytics section shares: quantiles, mean, sample standard
 * deviation and the moment-based skewness and excess kurtosis. Pure functions over plain arrays;
 * none of them allocates more than one sorted copy.
 */

/**
 * The p-quantile (0 ≤ p ≤ 1) of `values` by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, the default of R and NumPy): with the values sorted ascending as
 * x₀ … xₙ₋₁, h = (n − 1)·p and the quantile is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). NaN when empty.
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], was ${p}`)
  return sortedQuantile(Float64Array.from(values).sort(), p)
}

/** As `quantile`, for values already sorted ascending (so several quantiles share one sort). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = (n - 1) * p
  const low = Math.floor(h)
  const lower = sorted[low]!
  if (low + 1 >= n) return lower
  return lower + (h - low) * (sorted[low + 1]! - lower)
}

export interface Distribution {
  readonly count: number
  readonly mean: number | null
  readonly p50: number | null
  readonly p90: number | null
  readonly p99: number | null
}

/** Count, mean and the 50th, 90th and 99th percentiles (type 7); nulls when there is no value. */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, mean: null, p50: null, p90: null, p99: null }
  const sorted = Float64Array.from(values).sort()
  return {
    count: values.length,
    mean: mean(values),
    p50: sortedQuantile(sorted, 0.5),
    p90: sortedQuantile(sorted, 0.9),
    p99: sortedQuantile(sorted, 0.99),
  }
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return values.length === 0 ? Number.NaN : sum / values.length
}

/** Sample standard deviation, divisor n − 1 (NaN with fewer than two values). */
export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length
  if (n < 2) return Number.NaN
  const m = mean(values)
  let squares = 0
  for (let i = 0; i < n; i++) squares += (values[i]! - m) ** 2
  return Math.sqrt(squares / (n - 1))
}

export interface Moments {
  readonly mean: number
  /** Sample standard deviation (divisor n − 1). */
  readonly std: number
  /** g₁ = m₃ / m₂^{3/2}, with mₖ the k-th central moment (divisor n). */
  readonly skewness: number
  /** g₂ = m₄ / m₂² − 3 (0 for a normal distribution). */
  readonly excessKurtosis: number
}

export function moments(values: ArrayLike<number>): Moments {
  const n = values.length
  const m = mean(values)
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m
    const d2 = d * d
    m2 += d2
    m3 += d2 * d
    m4 += d2 * d2
  }
  m2 /= n
  m3 /= n
  m4 /= n
  return {
    mean: m,
    std: sampleStd(values),
    skewness: m2 === 0 ? 0 : m3 / m2 ** 1.5,
    excessKurtosis: m2 === 0 ? 0 : m4 / (m2 * m2) - 3,
  }
}
