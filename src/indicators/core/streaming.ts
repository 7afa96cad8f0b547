/**
 * The streaming face of an indicator: fed one input at a time, it answers with the latest value
 * in O(1) or O(window) and holds a bounded amount of state, whatever the length of the stream.
 *
 * Values are `NaN` during warm-up. A non-finite input (NaN, ±Infinity) is skipped: the update
 * returns NaN and leaves the state as if the input had never arrived, which is exactly what the
 * batch face does at that index (see `batch.ts`).
 */
export interface StreamingIndicator<In, Out> {
  /** Feeds one input and returns the latest output. */
  update(input: In): Out
  /** Forgets everything, as if newly constructed. */
  reset(): void
}

/** True for a finite number. Written out so the hot loops stay monomorphic and allocation-free. */
export function isFiniteNumber(x: number): boolean {
  return x - x === 0
}
