/**
 * How TradePulse sums a sliding window — the one rule every rolling-sum kernel follows.
 *
 * The textbook running sum adds the value that enters and subtracts the one that leaves. It never
 * forgets its rounding: one extreme value (1e15 shares, a 1e308 typo) absorbs the digits of
 * everything summed beside it, and subtracting it again leaves that loss behind for good — an SMA
 * off by 0.1 % (or reading 0) for the rest of the series. Refreshing the sum now and then only
 * bounds how long the bias lasts.
 *
 * So windows are summed in two blocks (the van Herk / Gil-Werman scheme, applied to sums). The
 * series is cut into blocks of `period` values. When a block begins, the suffix sums of the block
 * before it are computed once, newest to oldest, from the stored values; inside the block, a prefix
 * sum runs forward. The window ending at position q of a block is exactly (suffix of the previous
 * block from q) + (prefix of this block up to q). Consequences:
 *
 * - nothing is ever subtracted, so **no value outside the window influences the result**: a
 *   spike, an infinity or a NaN is forgotten the moment it leaves, and the sums equal, bit for bit,
 *   those of the same data without it;
 * - every sum covers at most 2·period values (error about period·ε relative for terms of one sign),
 *   however long the series;
 * - the cost is one extra addition and store per value (the block-start pass) — the re-summing is
 *   amortised O(1) — and the only per-value branch is the block counter's compare.
 *
 * This module holds the plain sum (`windowSums`, `WindowSum`) and the linearly weighted one
 * (`weightedWindowSums`, `WeightedWindowSum`, the numerator of a WMA). Kernels whose terms depend on
 * the block — deviations from an anchor inside the window, to avoid the cancellation of Σx² − (Σx)²/n
 * (rolling-std.ts, the co-moments of correlation.ts), or vectors (multiscale-kuramoto.ts) — follow
 * the same rule with their own suffix pass. Each batch function and its streaming class perform the
 * same operations in the same order, so they agree to the bit.
 */

/**
 * Sums of every window of `period` consecutive `terms`, divided by `divisor`, into `out` (which
 * must not be `terms`): out[i] for i ≥ period − 1, NaN before.
 */
export function windowSums(
  terms: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(terms.length),
  divisor = 1,
): Float64Array {
  const n = terms.length
  // suffix[q] = Σ of the previous block from position q to its end; suffix[period] stays 0.
  const suffix = new Float64Array(period + 1)
  for (let b = 0; b < n; b += period) {
    if (b > 0) {
      let tail = 0
      for (let q = period - 1; q >= 1; q--) {
        tail += terms[b - period + q]!
        suffix[q] = tail
      }
    }
    let prefix = 0
    const end = Math.min(b + period, n)
    // Only the first block has rows before a window is full; they accumulate without output.
    const from = b === 0 ? Math.min(period - 1, end) : b
    for (let i = b; i < from; i++) {
      prefix += terms[i]!
      out[i] = Number.NaN
    }
    for (let i = from, q = from - b + 1; i < end; i++, q++) {
      prefix += terms[i]!
      out[i] = (suffix[q]! + prefix) / divisor
    }
  }
  return out
}

/** The streaming counterpart of `windowSums`: push a term, get the sum of the last `period`. */
export class WindowSum {
  readonly period: number
  /** The sum after the latest push: NaN until `period` terms have arrived. */
  sum = Number.NaN
  /** This block's terms so far, at their positions; at a block start, the previous block's. */
  readonly #block: Float64Array
  readonly #suffix: Float64Array
  #prefix = 0
  /** Position of the next term in its block. */
  #phase = 0
  #count = 0

  /** `period` must be a positive integer (the indicators' schemas check it). */
  constructor(period: number) {
    this.period = period
    this.#block = new Float64Array(period)
    this.#suffix = new Float64Array(period + 1)
  }

  get full(): boolean {
    return this.#count === this.period
  }

  /** Adds a term and returns the window's sum (NaN until it is full). */
  push(term: number): number {
    const period = this.period
    const phase = this.#phase
    if (phase === 0) {
      if (this.#count === period) {
        const block = this.#block
        const suffix = this.#suffix
        let tail = 0
        for (let q = period - 1; q >= 1; q--) {
          tail += block[q]!
          suffix[q] = tail
        }
      }
      this.#prefix = 0
    }
    this.#block[phase] = term
    this.#prefix += term
    const q = phase + 1
    this.#phase = q === period ? 0 : q
    if (this.#count < period) this.#count++
    this.sum = this.#count === period ? this.#suffix[q]! + this.#prefix : Number.NaN
    return this.sum
  }

  reset(): void {
    this.#suffix.fill(0)
    this.#prefix = 0
    this.#phase = 0
    this.#count = 0
    this.sum = Number.NaN
  }
}

/**
 * Linearly weighted sums Σ (k + 1)·x over every window of `period` terms (the oldest weighing 1,
 * the newest `period`), divided by `divisor`, into `out` (not `terms`); NaN before row period − 1.
 *
 * At position q of a block (q of its terms in the window), the window holds the previous block's
 * positions q … period − 1 with weights 1 … period − q, and this block's positions 0 … q − 1 with
 * weights period − q + 1 … period. With S[q] and U[q] the previous block's suffix sums of x and of
 * (r − q + 1)·x (U[q] = U[q + 1] + S[q]), and P, W the prefix sums of x and (r + 1)·x here, the
 * weighted sum is U[q] + W + (period − q)·P: every term is non-negative for non-negative x, so
 * nothing cancels.
 */
export function weightedWindowSums(
  terms: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(terms.length),
  divisor = 1,
): Float64Array {
  const n = terms.length
  // ramp[q] = U[q] of the previous block; ramp[period] stays 0.
  const ramp = new Float64Array(period + 1)
  for (let b = 0; b < n; b += period) {
    if (b > 0) {
      let tail = 0
      let rampTail = 0
      for (let q = period - 1; q >= 1; q--) {
        tail += terms[b - period + q]!
        rampTail += tail
        ramp[q] = rampTail
      }
    }
    let prefix = 0
    let weighted = 0
    const end = Math.min(b + period, n)
    const from = b === 0 ? Math.min(period - 1, end) : b
    for (let i = b, q = 1; i < from; i++, q++) {
      const x = terms[i]!
      prefix += x
      weighted += q * x
      out[i] = Number.NaN
    }
    for (let i = from, q = from - b + 1; i < end; i++, q++) {
      const x = terms[i]!
      prefix += x
      weighted += q * x
      out[i] = (ramp[q]! + weighted + (period - q) * prefix) / divisor
    }
  }
  return out
}

/** The streaming counterpart of `weightedWindowSums`. */
export class WeightedWindowSum {
  readonly period: number
  /** The weighted sum after the latest push: NaN until `period` terms have arrived. */
  sum = Number.NaN
  readonly #block: Float64Array
  readonly #ramp: Float64Array
  #prefix = 0
  #weighted = 0
  #phase = 0
  #count = 0

  /** `period` must be a positive integer (the indicators' schemas check it). */
  constructor(period: number) {
    this.period = period
    this.#block = new Float64Array(period)
    this.#ramp = new Float64Array(period + 1)
  }

  get full(): boolean {
    return this.#count === this.period
  }

  /** Adds a term and returns the window's weighted sum (NaN until it is full). */
  push(term: number): number {
    const period = this.period
    const phase = this.#phase
    if (phase === 0) {
      if (this.#count === period) {
        const block = this.#block
        const ramp = this.#ramp
        let tail = 0
        let rampTail = 0
        for (let q = period - 1; q >= 1; q--) {
          tail += block[q]!
          rampTail += tail
          ramp[q] = rampTail
        }
      }
      this.#prefix = 0
      this.#weighted = 0
    }
    this.#block[phase] = term
    const q = phase + 1
    this.#prefix += term
    this.#weighted += q * term
    this.#phase = q === period ? 0 : q
    if (this.#count < period) this.#count++
    this.sum =
      this.#count === period ? this.#ramp[q]! + this.#weighted + (period - q) * this.#prefix : Number.NaN
    return this.sum
  }

  reset(): void {
    this.#ramp.fill(0)
    this.#prefix = 0
    this.#weighted = 0
    this.#phase = 0
    this.#count = 0
    this.sum = Number.NaN
  }
}
