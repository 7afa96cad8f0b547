/**
 * Delta entropy: the entropy of the latest `window` log returns minus the entropy of the
 * `window` returns just before them (non-overlapping, back to back). Positive when returns have
 * become more dispersed across their range than they were, negative when they have begun to
 * cluster — a regime-change detector rather than a level.
 *
 * The bin count follows the window, bins = clamp(⌊window / 3⌋, 10, 50) (rounded down), so each
 * bin holds about three returns on average in mid-sized windows: fewer and the histogram is
 * mostly empty bins, more and it cannot see shape. Each window's histogram spans that window's
 * own [min, max], exactly as the `entropy` indicator does, and the difference is taken between
 * two `entropy` values `window` steps apart, so both faces reuse the entropy code unchanged.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { Entropy, entropyKernel } from './entropy.ts'

export const deltaEntropyParams = z.strictObject({
  window: windowParam(100, 'Log returns in each of the two compared windows', 2),
})
export type DeltaEntropyParams = z.input<typeof deltaEntropyParams>

/** Histogram bins for a window of `window` returns: ⌊window / 3⌋ clamped to [10, 50]. */
export function deltaEntropyBins(window: number): number {
  return Math.min(50, Math.max(10, Math.floor(window / 3)))
}

/** The batch kernel: NaN for the first 2·window values. `values` must be finite. */
export function deltaEntropyKernel(
  values: Float64Array,
  window: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  out.fill(Number.NaN, 0, Math.min(2 * window, n))
  const latest = entropyKernel(values, window, deltaEntropyBins(window))
  for (let t = 2 * window; t < n; t++) out[t] = latest[t]! - latest[t - window]!
  return out
}

export class DeltaEntropy implements StreamingIndicator<number, number> {
  readonly window: number
  readonly #entropy: Entropy
  /** The last `window` entropies; pushing one evicts the entropy of the preceding window. */
  readonly #history: RingBuffer
  #seen = 0

  constructor(params: DeltaEntropyParams = {}) {
    this.window = deltaEntropyIndicator.resolve(params).window
    this.#entropy = new Entropy({ window: this.window, bins: deltaEntropyBins(this.window) })
    this.#history = new RingBuffer(this.window)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const latest = this.#entropy.update(value)
    // The first `window` values complete no window of returns: nothing to remember yet.
    if (++this.#seen <= this.window) return Number.NaN
    // NaN while the history is filling, or when either window held a non-positive value.
    const earlier = this.#history.push(latest)
    return latest - earlier
  }

  reset(): void {
    this.#entropy.reset()
    this.#history.clear()
    this.#seen = 0
  }
}

export const deltaEntropyIndicator = defineIndicator({
  name: 'delta-entropy',
  title: 'Delta entropy of returns',
  category: 'statistics',
  description:
    'Entropy of the last window log returns minus that of the window before; bins = clamp(floor(window/3), 10, 50).',
  inputs: ['value'],
  outputs: ['value'],
  params: deltaEntropyParams,
  ranges: (p) => {
    const ceiling = Math.log(deltaEntropyBins(p.window))
    return { value: { min: -ceiling, max: ceiling } }
  },
  warmup: (p) => 2 * p.window,
  batch: (inputs, p, into) => ({ value: deltaEntropyKernel(inputs.value, p.window, into?.value) }),
  stream: (p) => valueStream('value', new DeltaEntropy(p)),
})

/** Delta entropy of the log returns of `values`, NaN during the first 2·window values; into `out` if given. */
export function deltaEntropy(
  values: Float64Array,
  params: DeltaEntropyParams = {},
  out?: Float64Array,
): Float64Array {
  return deltaEntropyIndicator.compute(
    { value: values },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
