/**
 * The entropy of log returns written the plain way — each window's returns binned on their own
 * [min, max] and −Σ p·ln p summed — as the from-scratch reference for `entropy` and
 * `delta-entropy`. A spread of 1e-12 or less counts as none (entropy 0), as documented.
 */
export function plainEntropy(values: Float64Array, window: number, bins: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  for (let t = window; t < values.length; t++) {
    const returns: number[] = []
    for (let i = t - window + 1; i <= t; i++) {
      returns.push(values[i]! > 0 && values[i - 1]! > 0 ? Math.log(values[i]! / values[i - 1]!) : Number.NaN)
    }
    if (returns.some(Number.isNaN)) continue
    const min = Math.min(...returns)
    const max = Math.max(...returns)
    if (max - min <= 1e-12) {
      out[t] = 0
      continue
    }
    const counts = new Array<number>(bins).fill(0)
    for (const r of returns) counts[Math.min(Math.floor((r - min) * (bins / (max - min))), bins - 1)]!++
    out[t] = -counts.reduce((h, c) => (c === 0 ? h : h + (c / window) * Math.log(c / window)), 0)
  }
  return out
}
