/**
 * Sliding-window maximum or minimum in O(1) amortised per value: the monotonic deque (ascending
 * minima / descending maxima). Each value enters the deque once and leaves it once, so a window
 * of any length costs the same per step, where a rescan of the window would cost O(window).
 *
 * One class serves both faces of an indicator: the batch kernel pushes the whole series through
 * it in a loop (see `slidingMax` / `slidingMin`), a streaming class pushes one value per update.
 * Both therefore see the same extreme at every row. Stochastic uses it; so can Donchian
 * channels, Williams %R, Aroon and anything else that needs a rolling high or low.
 *
 * Memory is bounded by the window: the deque never holds more than `period` entries, kept in two
 * fixed ring arrays (values and their sequence numbers), so pushing allocates nothing. Equal
 * values evict older ones, which keeps the deque short on flat data.
 */

export type ExtremeKind = 'max' | 'min'

export class SlidingExtreme {
  readonly period: number
  readonly kind: ExtremeKind
  /** Values in the deque, monotonic from head to tail, in a ring of `period` slots. */
  readonly #values: Float64Array
  /** Sequence number of each deque entry, to know when it has left the window. */
  readonly #indices: Float64Array
  #head = 0
  #size = 0
  /** How many values have been pushed since construction or the last reset. */
  #count = 0

  constructor(period: number, kind: ExtremeKind) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`sliding window period must be a positive integer, was ${period}`)
    }
    this.period = period
    this.kind = kind
    this.#values = new Float64Array(period)
    this.#indices = new Float64Array(period)
  }

  /** Number of values pushed so far; the window is full once this reaches `period`. */
  get count(): number {
    return this.#count
  }

  /**
   * Adds a value and returns the extreme of the last `period` values (of all values so far while
   * fewer than `period` have arrived). The caller must pass finite values only.
   */
  push(value: number): number {
    const period = this.period
    const values = this.#values
    const indices = this.#indices
    const index = this.#count++
    // The front leaves first, so at most period − 1 entries remain and the new one always fits.
    if (this.#size > 0 && indices[this.#head]! <= index - period) {
      this.#head = this.#head + 1 === period ? 0 : this.#head + 1
      this.#size--
    }
    let tail = this.#head + this.#size - 1
    if (tail >= period) tail -= period
    if (this.kind === 'max') {
      while (this.#size > 0 && values[tail]! <= value) {
        this.#size--
        tail = tail === 0 ? period - 1 : tail - 1
      }
    } else {
      while (this.#size > 0 && values[tail]! >= value) {
        this.#size--
        tail = tail === 0 ? period - 1 : tail - 1
      }
    }
    tail = tail + 1 === period ? 0 : tail + 1
    if (this.#size === 0) this.#head = tail
    values[tail] = value
    indices[tail] = index
    this.#size++
    return values[this.#head]!
  }

  /** The current extreme, or NaN before the first push. */
  current(): number {
    return this.#size === 0 ? Number.NaN : this.#values[this.#head]!
  }

  reset(): void {
    this.#head = 0
    this.#size = 0
    this.#count = 0
  }
}

function sliding(
  values: Float64Array,
  period: number,
  kind: ExtremeKind,
  out: Float64Array,
  partial: boolean,
): Float64Array {
  const window = new SlidingExtreme(period, kind)
  const n = values.length
  for (let i = 0; i < n; i++) {
    const extreme = window.push(values[i]!)
    out[i] = partial || i >= period - 1 ? extreme : Number.NaN
  }
  return out
}

/**
 * Rolling maximum of the last `period` values; NaN for the first `period − 1` rows unless
 * `partial` is set, in which case those rows hold the maximum so far. `values` must be finite.
 */
export function slidingMax(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
  partial = false,
): Float64Array {
  return sliding(values, period, 'max', out, partial)
}

/** Rolling minimum of the last `period` values; see `slidingMax`. */
export function slidingMin(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
  partial = false,
): Float64Array {
  return sliding(values, period, 'min', out, partial)
}
