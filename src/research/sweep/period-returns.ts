/**
 * The per-period returns the overfitting statistics read for each combination of a sweep: from
 * the recorded equity points, the last equity of each UTC day, and the return from one day's
 * last equity to the next (the first from the first recorded point, the starting capital).
 *
 * One rule serves every bar size: intraday bars collapse to one value a day, so a minute sweep
 * keeps a few thousand numbers per combination rather than its bars; daily or coarser bars put
 * each point in a day of its own, so the returns are then per bar (per week for weekly bars).
 * Every combination of a sweep runs over the same bars and records equity at the same times,
 * so their series line up period by period, which CSCV needs.
 */

const DAY_MS = 86_400_000

/** Returns between the last equity points of successive UTC days; empty for fewer than two points. */
export function periodReturns(times: ArrayLike<number>, equity: ArrayLike<number>): Float64Array {
  if (times.length !== equity.length)
    throw new RangeError(
      `times and equity must have the same length, were ${times.length} and ${equity.length}`,
    )
  if (times.length < 2) return new Float64Array(0)
  const out: number[] = []
  let previous = equity[0]!
  let day = Math.floor(times[0]! / DAY_MS)
  // The first point is the base; each later day's last point closes that day.
  let last = Number.NaN
  for (let i = 1; i < times.length; i++) {
    const pointDay = Math.floor(times[i]! / DAY_MS)
    if (pointDay !== day && !Number.isNaN(last)) {
      out.push(last / previous - 1)
      previous = last
    }
    day = pointDay
    last = equity[i]!
  }
  out.push(last / previous - 1)
  return Float64Array.from(out)
}
