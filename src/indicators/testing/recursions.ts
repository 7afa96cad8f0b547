/**
 * The recursive averages written the plain way — one step at a time, seeded with the simple mean
 * of the first `period` inputs — as from-scratch references for the kernels built on them.
 */

/** EMA with α = 2/(period + 1), NaN before row period − 1; NaN inputs before the seed are kept. */
export function textbookEma(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  const alpha = 2 / (period + 1)
  let seed = 0
  for (let i = 0; i < values.length; i++) {
    if (i < period) {
      seed += values[i]!
      if (i === period - 1) out[i] = seed / period
      continue
    }
    out[i] = out[i - 1]! + alpha * (values[i]! - out[i - 1]!)
  }
  return out
}

/** The EMA of a series that is NaN before row `start`: the EMA of its defined part, in place. */
export function textbookEmaFrom(values: Float64Array, start: number, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN)
  out.set(textbookEma(values.subarray(start), period), start)
  return out
}

/** Wilder's ATR: the first true range is high − low; seeded with the mean of the first `period`. */
export function textbookAtr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN)
  let seed = 0
  for (let i = 0; i < close.length; i++) {
    const range = high[i]! - low[i]!
    const tr =
      i === 0 ? range : Math.max(range, Math.abs(high[i]! - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!))
    if (i < period) {
      seed += tr
      if (i === period - 1) out[i] = seed / period
      continue
    }
    out[i] = out[i - 1]! + (tr - out[i - 1]!) / period
  }
  return out
}
