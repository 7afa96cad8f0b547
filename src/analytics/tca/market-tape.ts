/**
 * The market an order met: per instrument, bar times ascending with their closes and, when
 * known, volumes. A run folder carries the closes at every equity time (no volumes); bar files
 * or L2 data can supply volumes, which the interval VWAP needs.
 */
export interface InstrumentTape {
  readonly times: ArrayLike<number>
  readonly closes: ArrayLike<number>
  /** Volume of each bar; absent when the source has none (the interval VWAP is then null). */
  readonly volumes?: ArrayLike<number>
}

export type MarketTape = ReadonlyMap<string, InstrumentTape>

/** Index of the last time ≤ t, or −1. */
export function lastIndexAtOrBefore(times: ArrayLike<number>, t: number): number {
  let low = 0
  let high = times.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (times[middle]! <= t) low = middle + 1
    else high = middle
  }
  return low - 1
}

/** Index of the first time ≥ t, or `times.length`. */
export function firstIndexAtOrAfter(times: ArrayLike<number>, t: number): number {
  let low = 0
  let high = times.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (times[middle]! < t) low = middle + 1
    else high = middle
  }
  return low
}

/** The last finite close at or before t (the last trade known at submission), or null. */
export function lastCloseAtOrBefore(tape: InstrumentTape, t: number): number | null {
  for (let i = lastIndexAtOrBefore(tape.times, t); i >= 0; i--) {
    const close = tape.closes[i]!
    if (Number.isFinite(close)) return close
  }
  return null
}

/** The close of the bar at or after t (the close of the bar an execution completed in), or null. */
export function closeAtOrAfter(tape: InstrumentTape, t: number): number | null {
  for (let i = firstIndexAtOrAfter(tape.times, t); i < tape.times.length; i++) {
    const close = tape.closes[i]!
    if (Number.isFinite(close)) return close
  }
  return null
}

/**
 * Σ closeᵢ·volumeᵢ / Σ volumeᵢ over the bars with from ≤ timeᵢ ≤ to; null without volumes or
 * when the interval holds no traded volume.
 */
export function intervalVwap(tape: InstrumentTape, from: number, to: number): number | null {
  const volumes = tape.volumes
  if (volumes === undefined) return null
  let value = 0
  let volume = 0
  for (let i = firstIndexAtOrAfter(tape.times, from); i < tape.times.length && tape.times[i]! <= to; i++) {
    const close = tape.closes[i]!
    const v = volumes[i]!
    if (!Number.isFinite(close) || !Number.isFinite(v)) continue
    value += close * v
    volume += v
  }
  return volume > 0 ? value / volume : null
}
