/**
 * Solves the small dense systems of the rolling regressions (a VAR equation has at most a dozen
 * regressors): Gaussian elimination with partial pivoting, in place. Returns false when the
 * matrix is singular to working precision, so the caller can report NaN instead of noise.
 */

/** Solves A·x = b for x, overwriting `a` (row-major, n × n) and writing x into `b`. */
export function solveInPlace(a: Float64Array, b: Float64Array, n: number): boolean {
  let scale = 0
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!))
  if (!(scale > 0)) return false
  const tiny = scale * n * Number.EPSILON * 16
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r
    if (!(Math.abs(a[pivot * n + col]!) > tiny)) return false
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k]!
        a[col * n + k] = a[pivot * n + k]!
        a[pivot * n + k] = t
      }
      const t = b[col]!
      b[col] = b[pivot]!
      b[pivot] = t
    }
    const d = a[col * n + col]!
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col]! / d
      if (f === 0) continue
      for (let k = col; k < n; k++) a[r * n + k] = a[r * n + k]! - f * a[col * n + k]!
      b[r] = b[r]! - f * b[col]!
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * b[k]!
    b[r] = s / a[r * n + r]!
  }
  return true
}
