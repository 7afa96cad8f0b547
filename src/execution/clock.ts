/**
 * Time for the execution core. A backtest drives a `ManualClock` from the data; live trading
 * passes a clock that reads the system time (in the live adapter, outside the core). Nothing in
 * src/execution reads the wall clock itself — that is what lets a backtest replay a day exactly.
 */
import type { UnixMillis } from '../domain/time.ts'

export interface Clock {
  now(): UnixMillis
}

/** A clock that moves only when told to; never backwards. */
export class ManualClock implements Clock {
  #now: number

  constructor(start = 0) {
    this.#now = start
  }

  now(): UnixMillis {
    return this.#now as UnixMillis
  }

  /** Moves to `time`; refuses to go back, which would reorder events. */
  set(time: number): void {
    if (time < this.#now) throw new RangeError(`the clock cannot go back from ${this.#now} to ${time}`)
    this.#now = time
  }

  advance(ms: number): void {
    this.set(this.#now + ms)
  }
}
