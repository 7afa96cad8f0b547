/**
 * The drift test every rolling kernel passes (see core/window-sums.ts): one extreme value enters
 * a series of ordinary data, and once it has left the window the outputs must equal a from-scratch
 * computation over the window alone. 1e308 is near the largest double (its square overflows, so it
 * also checks that an infinity is forgotten); 1e15 is a fat-finger print whose rounding residue
 * would outlive it in a sum that subtracts what leaves.
 */
import type { AnyIndicator, InputName } from '../core/definition.ts'
import { type RandomColumns, rowAt } from './random-inputs.ts'

export const SPIKES: readonly number[] = [1e308, 1e15]

/** A copy of `values` with the value at `at` replaced by `spike`. */
export function withSpike(values: Float64Array, at: number, spike: number): Float64Array {
  const copy = Float64Array.from(values)
  copy[at] = spike
  return copy
}

/**
 * The first row from `from` on where `actual` and `expected` differ by more than `tolerance` of
 * max(|actual|, |expected|, scale) — a scale keeps a quantity that crosses zero (a z-score, a
 * correlation, the difference of two averages) from being judged on its rounding noise; per row
 * when an array — as a message; undefined when none does. NaN equals only NaN.
 */
export function departure(
  actual: Float64Array,
  expected: Float64Array,
  from: number,
  tolerance = 1e-12,
  scale: number | Float64Array = 0,
): string | undefined {
  for (let i = from; i < expected.length; i++) {
    const a = actual[i]!
    const b = expected[i]!
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) && Number.isNaN(b)) continue
      return `row ${i}: ${a} against ${b}`
    }
    const size = Math.max(Math.abs(a), Math.abs(b), typeof scale === 'number' ? scale : Math.abs(scale[i]!))
    if (Math.abs(a - b) > tolerance * size) {
      return `row ${i}: ${a} against ${b} (${Math.abs(a - b) / size} relative)`
    }
  }
  return undefined
}

export interface SpikeCase {
  /** The ordinary series the spike is put into. */
  readonly clean: Float64Array
  /** Row of the spike. */
  readonly at: number
  /** The first row whose window no longer holds row `at`; rows from here on are checked. */
  readonly from: number
  /** The kernel's outputs on a series (both faces, or several outputs). */
  readonly faces: (series: Float64Array) => readonly Float64Array[]
  /** The same quantity computed from scratch, each window on its own. */
  readonly reference: (series: Float64Array) => Float64Array
  /** See `departure`; 0 (purely relative) unless the quantity crosses zero; per row if a function. */
  readonly scale?: number | ((series: Float64Array) => Float64Array)
  /** Allowed departure from the reference, relative; 1e-12 unless stated. */
  readonly tolerance?: number
  /**
   * Whether, once the spike has left, every face must equal its run on the series without the
   * spike bit for bit — true of kernels whose window sums hold nothing from outside the window.
   */
  readonly exact?: boolean
}

/**
 * Puts each of `SPIKES` into `clean` at `at` and lists every way the kernel remembers it after
 * `from`: a face that departs from the from-scratch reference by more than the tolerance, or (with
 * `exact`) from its own run without the spike. Empty when the spike is forgotten.
 */
export function spikeDepartures(c: SpikeCase): string[] {
  const problems: string[] = []
  const withoutSpike = c.faces(c.clean)
  for (const spike of SPIKES) {
    const series = withSpike(c.clean, c.at, spike)
    const expected = c.reference(series)
    const scale = typeof c.scale === 'function' ? c.scale(series) : c.scale
    c.faces(series).forEach((face, k) => {
      const late = departure(face, expected, c.from, c.tolerance ?? 1e-12, scale)
      if (late !== undefined) problems.push(`spike ${spike}, face ${k}, against the reference: ${late}`)
      const remembered = c.exact === true ? departure(face, withoutSpike[k]!, c.from, 0) : undefined
      if (remembered !== undefined)
        problems.push(`spike ${spike}, face ${k}, against no spike: ${remembered}`)
    })
  }
  return problems
}

/** One output of a registered indicator from both faces: the batch and the streamed column. */
export function bothFaces(
  indicator: AnyIndicator,
  columns: Partial<RandomColumns>,
  params: Record<string, unknown>,
  output: string,
): { batch: Float64Array; stream: Float64Array } {
  const inputs = {} as Record<InputName, Float64Array>
  for (const name of indicator.inputs) inputs[name] = columns[name]!
  const batch = indicator.compute(inputs, params)[output]!
  const stream = indicator.create(params)
  const length = batch.length
  const streamed = new Float64Array(length)
  for (let i = 0; i < length; i++) streamed[i] = stream.update(rowAt(inputs, i))[output]!
  return { batch, stream: streamed }
}
