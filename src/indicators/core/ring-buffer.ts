/**
 * A fixed-capacity window over the most recent values, for streaming indicators. `push` returns
 * the value that fell out (NaN while the window is filling), which is what rolling sums need.
 */
export class RingBuffer {
  readonly capacity: number
  #values: Float64Array
  #next = 0
  #size = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, was ${capacity}`)
    }
    this.capacity = capacity
    this.#values = new Float64Array(capacity)
  }

  get size(): number {
    return this.#size
  }

  get full(): boolean {
    return this.#size === this.capacity
  }

  /** Appends a value; returns the evicted oldest value, or NaN if nothing was evicted. */
  push(value: number): number {
    const evicted = this.#size === this.capacity ? this.#values[this.#next]! : Number.NaN
    this.#values[this.#next] = value
    this.#next = this.#next + 1 === this.capacity ? 0 : this.#next + 1
    if (this.#size < this.capacity) this.#size++
    return evicted
  }

  /** The i-th value, 0 being the oldest held. */
  at(i: number): number {
    const start = this.#size === this.capacity ? this.#next : 0
    const index = start + i
    return this.#values[index >= this.capacity ? index - this.capacity : index]!
  }

  /** The most recent value, or NaN when empty. */
  last(): number {
    if (this.#size === 0) return Number.NaN
    return this.#values[this.#next === 0 ? this.capacity - 1 : this.#next - 1]!
  }

  /** Copies the held values, oldest first, into `out` (which must hold `size` values). */
  copyTo(out: Float64Array): void {
    for (let i = 0; i < this.#size; i++) out[i] = this.at(i)
  }

  clear(): void {
    this.#next = 0
    this.#size = 0
  }
}
