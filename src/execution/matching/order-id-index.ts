/**
 * The book's index from order id to live order: an open-addressing hash table with linear
 * probing, keyed by the `orderId` each value carries.
 *
 * Why not a `Map`: the book adds and removes an id on almost every operation while holding a few
 * thousand, and V8's ordered hash table keeps deleted entries until it rebuilds itself — a new
 * backing store of every live entry, hundreds of kilobytes at that size, every few thousand
 * operations. Its `set` was the single most expensive line of the matching benchmark. Here
 * removal shifts the following entries back (no tombstones), so at a steady size nothing is ever
 * rebuilt or allocated; the table only grows, doubling, when it passes half full.
 *
 * Ids are hashed with FNV-1a over their UTF-16 code units (ids are short: at most 64 printable
 * ASCII characters); each slot keeps its hash, so growth and removal never hash again.
 */
export interface Keyed {
  readonly orderId: string
}

const EMPTY_HASH = 0

export class OrderIdIndex<V extends Keyed> {
  #values: (V | undefined)[]
  /** The hash of each occupied slot's id (never 0: see `hashOf`). */
  #hashes: Int32Array
  #mask: number
  #size = 0

  constructor(initialCapacity = 64) {
    let capacity = 16
    while (capacity < initialCapacity * 2) capacity *= 2
    this.#values = new Array<V | undefined>(capacity).fill(undefined)
    this.#hashes = new Int32Array(capacity)
    this.#mask = capacity - 1
  }

  get size(): number {
    return this.#size
  }

  get(id: string): V | undefined {
    const slot = this.#find(id, hashOf(id))
    return slot < 0 ? undefined : this.#values[slot]
  }

  has(id: string): boolean {
    return this.#find(id, hashOf(id)) >= 0
  }

  /** Adds `value` under its id, replacing any value with the same id. */
  set(value: V): void {
    const hash = hashOf(value.orderId)
    const found = this.#find(value.orderId, hash)
    if (found >= 0) {
      this.#values[found] = value
      return
    }
    if ((this.#size + 1) * 2 > this.#values.length) this.#grow()
    this.#place(value, hash)
    this.#size++
  }

  /** Removes the value with `id`; false if there was none. */
  delete(id: string): boolean {
    let hole = this.#find(id, hashOf(id))
    if (hole < 0) return false
    const values = this.#values
    const hashes = this.#hashes
    const mask = this.#mask
    // Backward-shift deletion: pull back every later entry of the run that may sit in the hole.
    let next = hole
    for (;;) {
      next = (next + 1) & mask
      const hash = hashes[next]!
      if (hash === EMPTY_HASH) break
      const home = hash & mask
      // The entry at `next` stays unless its home slot is cyclically outside (hole, next].
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next
      if (stays) continue
      values[hole] = values[next]
      hashes[hole] = hash
      hole = next
    }
    values[hole] = undefined
    hashes[hole] = EMPTY_HASH
    this.#size--
    return true
  }

  #find(id: string, hash: number): number {
    const values = this.#values
    const hashes = this.#hashes
    const mask = this.#mask
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const h = hashes[slot]!
      if (h === EMPTY_HASH) return -1
      if (h === hash && values[slot]!.orderId === id) return slot
    }
  }

  #place(value: V, hash: number): void {
    const mask = this.#mask
    let slot = hash & mask
    while (this.#hashes[slot] !== EMPTY_HASH) slot = (slot + 1) & mask
    this.#values[slot] = value
    this.#hashes[slot] = hash
  }

  #grow(): void {
    const values = this.#values
    const hashes = this.#hashes
    const capacity = values.length * 2
    this.#values = new Array<V | undefined>(capacity).fill(undefined)
    this.#hashes = new Int32Array(capacity)
    this.#mask = capacity - 1
    for (let i = 0; i < values.length; i++) {
      if (hashes[i] !== EMPTY_HASH) this.#place(values[i]!, hashes[i]!)
    }
  }
}

/** FNV-1a, 32 bits, with a final mix so the low bits (the slot) depend on every character; never 0. */
export function hashOf(id: string): number {
  let h = 0x811c9dc5 | 0
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return h === EMPTY_HASH ? 1 : h
}
