/**
 * Timers a strategy set, as a binary min-heap by time, then by the order they were set, so two
 * timers for the same time fire in the order they were asked for.
 */
import type { UnixMillis } from '../../domain/time.ts'
import type { TimerEvent } from '../types.ts'

interface Entry {
  readonly event: TimerEvent
  readonly sequence: number
}

function before(a: Entry, b: Entry): boolean {
  return a.event.time < b.event.time || (a.event.time === b.event.time && a.sequence < b.sequence)
}

export class TimerQueue {
  readonly #heap: Entry[] = []
  #sequence = 0

  get size(): number {
    return this.#heap.length
  }

  /** Time of the next timer; +∞ when none is set. */
  nextTime(): number {
    return this.#heap.length === 0 ? Number.POSITIVE_INFINITY : this.#heap[0]!.event.time
  }

  add(time: UnixMillis, name: string): void {
    const heap = this.#heap
    heap.push({ event: Object.freeze({ time, name }), sequence: this.#sequence++ })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  /** Removes and returns the next timer; undefined when none is set. */
  pop(): TimerEvent | undefined {
    const heap = this.#heap
    const top = heap[0]
    if (top === undefined) return undefined
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    return top.event
  }
}
