/**
 * Period returns and their moments. Everything is plain arithmetic over a number array; a
 * statistic that is undefined for the input (too few values, zero dispersion) is null, never NaN,
 * so it serialises as null.
 */

/** r[i] = v[i+1] / v[i] − 1 for consecutive values. An equity of 0 gives an infinite return, which the statistics built on it report as null. */
export function periodReturns(values: readonly number[]): number[] {
  const returns: number[] = []
  for (let i = 1; i < values.length; i++) returns.push(values[i]! / values[i - 1]! - 1)
  return returns
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  let sum = 0
  for (const value of values) sum += value
  return sum / values.length
}

/** Sample standard deviation (n − 1 in the denominator); null below two values. */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  const average = mean(values)
  if (average === null || values.length < 2) return null
  let squares = 0
  for (const value of values) squares += (value - average) ** 2
  return Math.sqrt(squares / (values.length - 1))
}

/** √(Σ min(r, 0)² / n) over all n returns: the downside deviation against a target of 0. */
export function downsideDeviation(values: readonly number[]): number | null {
  if (values.length === 0) return null
  let squares = 0
  for (const value of values) if (value < 0) squares += value * value
  return Math.sqrt(squares / values.length)
}

/** The value itself when it is a finite number, else null: what JSON can carry. */
export function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null
}
