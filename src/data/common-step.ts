/**
 * The step between bars a series most often takes: how readers infer the bar interval of a file
 * that does not state it. Gaps and holidays are rarer than the regular step, so the mode is
 * robust to them; ties go to the shorter step.
 */

/** Most common positive step of `times` read in `direction` (1 ascending, -1 descending), or 0 if none. */
export function mostCommonStep(times: ArrayLike<number>, direction: 1 | -1 = 1): number {
  const counts = new Map<number, number>()
  for (let k = 1; k < times.length; k++) {
    const step = (times[k]! - times[k - 1]!) * direction
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1)
  }
  let best = 0
  let bestCount = 0
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step
      bestCount = count
    }
  }
  return best
}
