/**
 * The merged timeline of a run: every bar of every instrument, in the order the bars become
 * known (`knownAt`), ties broken by the instruments' order in the input. Nothing is invented: an
 * instrument with no bar at a time has no event at that time.
 *
 * Three parallel typed arrays, built once, so the run's inner loop reads numbers and allocates
 * nothing to find the next bar.
 */
import type { BarSeries } from '../../data/bar-series.ts'

export interface Timeline {
  readonly length: number
  /** When each event's bar is known. Non-decreasing. */
  readonly time: Float64Array
  /** Which instrument (index into the input's data). */
  readonly instrument: Int32Array
  /** Which bar of that instrument's series. */
  readonly bar: Int32Array
}

export function mergeTimeline(series: readonly BarSeries[]): Timeline {
  let length = 0
  for (const s of series) length += s.length
  const time = new Float64Array(length)
  const instrument = new Int32Array(length)
  const bar = new Int32Array(length)
  const next = new Int32Array(series.length)
  for (let k = 0; k < length; k++) {
    // k-way merge by a scan over the instruments: a run holds a handful, so a heap would cost more.
    let best = -1
    let bestTime = Number.POSITIVE_INFINITY
    for (let i = 0; i < series.length; i++) {
      const s = series[i]!
      const j = next[i]!
      if (j < s.length && s.knownAt[j]! < bestTime) {
        best = i
        bestTime = s.knownAt[j]!
      }
    }
    time[k] = bestTime
    instrument[k] = best
    bar[k] = next[best]!
    next[best]!++
  }
  return { length, time, instrument, bar }
}
