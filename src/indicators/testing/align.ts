/**
 * Other libraries return only the defined values (their output is shorter than the input by the
 * warm-up); ours keep one row per input. `alignRight` pads theirs with leading NaNs so the two
 * can be compared row by row.
 */
export function alignRight(theirs: readonly number[], length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN)
  out.set(theirs, length - theirs.length)
  return out
}
