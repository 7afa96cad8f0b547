/**
 * The times of the orders accepted in the last second, for the order-rate limit: a FIFO of
 * times, oldest first, in a growable ring. Appending and dropping the expired are O(1) and
 * allocate nothing once the ring is as large as the busiest second; a plain array's `shift`
 * moves every element left and its growth copies it, which put the cost of a whole second's
 * orders on one unlucky order.
 *
 * Times are dropped from the front while they are at or before `now − 1000`, exactly as a
 * shifting array would: the window counts what is left, whatever order the times came in.
 */
const WINDOW_MS = 1000

export class OrderRateWindow {
  #times = new Float64Array(16)
  /** Index of the oldest time. */
  #head = 0
  #size = 0

  /** Orders recorded and not yet dropped. */
  get size(): number {
    return this.#size
  }

  /** Appends an accepted order's time, first dropping those a second older, so the ring stays as small as the busiest second. */
  record(time: number): void {
    this.countAt(time)
    if (this.#size === this.#times.length) this.#grow()
    this.#times[(this.#head + this.#size) & (this.#times.length - 1)] = time
    this.#size++
  }

  /** Drops the times at or before `now − 1000` from the front; returns how many are left. */
  countAt(now: number): number {
    const times = this.#times
    const mask = times.length - 1
    while (this.#size > 0 && times[this.#head]! <= now - WINDOW_MS) {
      this.#head = (this.#head + 1) & mask
      this.#size--
    }
    return this.#size
  }

  #grow(): void {
    const old = this.#times
    const grown = new Float64Array(old.length * 2)
    for (let i = 0; i < this.#size; i++) grown[i] = old[(this.#head + i) & (old.length - 1)]!
    this.#times = grown
    this.#head = 0
  }
}
