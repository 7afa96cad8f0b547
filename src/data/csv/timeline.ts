/**
 * The order of a file's timestamps: which rows continue the sequence, which repeat a time, which
 * arrive late, and where bars are missing.
 *
 * Times are compared as keys, `direction · t`, so a descending file is an ascending sequence of
 * keys and one set of rules serves both. The timeline holds every row whose timestamp parses, also
 * rows dropped for a bad value: the first row in the file with a given time owns that time, a
 * later row with the same time is a duplicate, and a dropped row is reported once, not again as a
 * gap. A row whose key is below the largest key so far is late (out of order).
 *
 * Late rows are rare, and where they belong is only known once the whole file is read: a late row
 * may repeat an earlier time, or fill a gap. When there are any, `LateResolver` replays the
 * in-order rows (a second read of the file, for bounded memory) merged with the late ones sorted,
 * to settle ownership and recount gaps. Memory grows with the number of late rows only.
 */
import { GapTracker } from '../gaps.ts'

export const PLACE_NEXT = 0
export const PLACE_DUPLICATE = 1
export const PLACE_LATE = 2

export interface LateRow {
  readonly key: number
  readonly line: number
  /** False when the row was dropped for a bad value; it still owns its time if first. */
  readonly alive: boolean
  /** The largest key before it, and that row's line, for the message. */
  readonly afterKey: number
  readonly afterLine: number
  readonly open: number
  high: number
  low: number
  readonly close: number
  readonly volume: number
  /** Set by `LateResolver`: true when this row is the first in the file with its time. */
  owner: boolean
  /** The line owning its time, when it is not the owner. */
  ownerLine: number
}

/** The in-order sequence while reading: the largest key so far and the gaps before each new one. */
export class Timeline {
  maxKey = -Infinity
  maxLine = 0
  readonly gaps: GapTracker
  readonly late: LateRow[] = []
  readonly #direction: number

  constructor(intervalMs: number, direction: 1 | -1) {
    this.gaps = new GapTracker(intervalMs)
    this.#direction = direction
  }

  /** Places a row's key: `PLACE_NEXT` (continues the sequence), `PLACE_DUPLICATE` (repeats the last key) or `PLACE_LATE`. */
  place(key: number, line: number): number {
    if (key > this.maxKey) {
      if (this.maxLine > 0) stepGap(this.gaps, this.maxKey, key, line, this.#direction)
      this.maxKey = key
      this.maxLine = line
      return PLACE_NEXT
    }
    return key === this.maxKey ? PLACE_DUPLICATE : PLACE_LATE
  }
}

function stepGap(gaps: GapTracker, fromKey: number, toKey: number, line: number, direction: number): void {
  if (direction > 0) gaps.step(fromKey, toKey, line)
  else gaps.step(-toKey, -fromKey, line)
}

/**
 * Second pass over the in-order rows (`row` for every row with a timestamp, in file order), merged
 * with the late rows by key: marks the owner of each late row's time and recounts the gaps over
 * the merged sequence.
 */
export class LateResolver {
  readonly gaps: GapTracker
  readonly #late: readonly LateRow[]
  readonly #direction: number
  #next = 0
  #maxKey = -Infinity
  #prevKey = 0
  #prevLine = 0

  constructor(late: readonly LateRow[], intervalMs: number, direction: 1 | -1) {
    this.#late = [...late].sort((a, b) => a.key - b.key || a.line - b.line)
    this.gaps = new GapTracker(intervalMs)
    this.#direction = direction
  }

  row(key: number, line: number): void {
    if (key <= this.#maxKey) return
    this.#maxKey = key
    const late = this.#late
    while (this.#next < late.length && late[this.#next]!.key < key) this.#take(late[this.#next++]!)
    // An in-order row with the same time as a late row always comes earlier in the file.
    while (this.#next < late.length && late[this.#next]!.key === key) {
      const row = late[this.#next++]!
      row.owner = false
      row.ownerLine = line
    }
    this.#advance(key, line)
  }

  finish(): void {
    while (this.#next < this.#late.length) this.#take(this.#late[this.#next++]!)
  }

  #take(row: LateRow): void {
    if (this.#prevLine > 0 && row.key === this.#prevKey) {
      row.owner = false
      row.ownerLine = this.#prevLine
      return
    }
    row.owner = true
    this.#advance(row.key, row.line)
  }

  #advance(key: number, line: number): void {
    if (this.#prevLine > 0) stepGap(this.gaps, this.#prevKey, key, line, this.#direction)
    this.#prevKey = key
    this.#prevLine = line
  }
}
