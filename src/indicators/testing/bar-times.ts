/** Open times for tests of indicators that bucket by time. */

const DAY_MS = 86_400_000

/**
 * Daily bars at 00:00 UTC on weekdays only, like an exchange's daily file (without its holidays),
 * from `start` (itself moved to the next weekday if it falls on a weekend).
 */
export function weekdayOpenTimes(length: number, start: number): Float64Array {
  const time = new Float64Array(length)
  let t = Math.floor(start / DAY_MS) * DAY_MS
  for (let i = 0; i < length; i++) {
    while ([0, 6].includes(new Date(t).getUTCDay())) t += DAY_MS
    time[i] = t
    t += DAY_MS
  }
  return time
}
