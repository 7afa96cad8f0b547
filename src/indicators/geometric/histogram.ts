/**
 * The pieces the entropy indicators share: log returns, a sliding window whose contents are
 * always contiguous, and the Shannon entropy of a histogram of a window of values.
 *
 * Both faces of an indicator call `HistogramEntropy.of` on the same values in the same order —
 * the batch face on its array of returns, the streaming face on a `MirroredWindow` — so they
 * agree to the last bit. The histogram is rebuilt for every window: its range is the window's
 * own [min, max], which moves with every value, so there is nothing to update incrementally; the
 * cost is O(window + bins) per value, with no logarithm in the loop (c·ln c comes from a table).
 */

/**
 * A log-return spread (max − min over a window) at or below this counts as none. Log returns are
 * dimensionless and ln(a/b) carries an absolute rounding error near 1e-16, so a geometric series
 * (every return equal) computes returns that differ in the last bits; without this floor the
 * histogram would spread that rounding over its bins and report noise as information.
 */
export const NO_SPREAD = 1e-12

/**
 * A fixed-capacity window stored twice over, so that the most recent `capacity` values always
 * sit at `values[start .. end]`, oldest first, with no wrap-around: kernels written for a plain
 * array run on it unchanged. Costs two stores per push and twice the memory of a ring buffer.
 */
export class MirroredWindow {
  readonly capacity: number
  /** Twice `capacity` long; read it only between `start` and `end`. */
  readonly values: Float64Array
  #next = 0
  #size = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`window capacity must be a positive integer, was ${capacity}`)
    }
    this.capacity = capacity
    this.values = new Float64Array(2 * capacity)
  }

  get size(): number {
    return this.#size
  }

  get full(): boolean {
    return this.#size === this.capacity
  }

  /** Index in `values` of the oldest value held. */
  get start(): number {
    return this.#next + this.capacity - this.#size
  }

  /** Index in `values` of the newest value (meaningless while empty). */
  get end(): number {
    return this.#next + this.capacity - 1
  }

  push(value: number): void {
    this.values[this.#next] = value
    this.values[this.#next + this.capacity] = value
    this.#next = this.#next + 1 === this.capacity ? 0 : this.#next + 1
    if (this.#size < this.capacity) this.#size++
  }

  clear(): void {
    this.#next = 0
    this.#size = 0
  }
}

/**
 * Shannon entropy, in nats, of a `bins`-bin histogram of `count` values spanning their own
 * [min, max] (the max falls in the last bin): H = −Σ p·ln p = ln n − (Σ c·ln c)/n over the bin
 * counts c. The result is clamped to its mathematical range [0, ln bins], which rounding could
 * otherwise leave by an ulp.
 */
export class HistogramEntropy {
  readonly count: number
  readonly bins: number
  readonly #counts: Int32Array
  /** c·ln c for c = 0..count (0·ln 0 = 0). */
  readonly #countLogCount: Float64Array
  readonly #logCount: number
  readonly #logBins: number

  constructor(count: number, bins: number) {
    this.count = count
    this.bins = bins
    this.#counts = new Int32Array(bins)
    this.#countLogCount = new Float64Array(count + 1)
    for (let c = 1; c <= count; c++) this.#countLogCount[c] = c * Math.log(c)
    this.#logCount = Math.log(count)
    this.#logBins = Math.log(bins)
  }

  /**
   * Entropy of `values[start .. start + count)`: NaN if any is NaN, 0 when they span no more
   * than `NO_SPREAD` (all in one bin).
   */
  of(values: Float64Array, start: number): number {
    const stop = start + this.count
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let i = start; i < stop; i++) {
      const x = values[i]!
      if (x !== x) return Number.NaN
      if (x < min) min = x
      if (x > max) max = x
    }
    const range = max - min
    if (range <= NO_SPREAD) return 0
    const bins = this.bins
    const counts = this.#counts
    const scale = bins / range
    counts.fill(0)
    for (let i = start; i < stop; i++) {
      const bin = Math.floor((values[i]! - min) * scale)
      counts[bin < bins ? bin : bins - 1]!++
    }
    let sum = 0
    for (let b = 0; b < bins; b++) sum += this.#countLogCount[counts[b]!]!
    const entropy = this.#logCount - sum / this.count
    return entropy < 0 ? 0 : entropy > this.#logBins ? this.#logBins : entropy
  }
}
