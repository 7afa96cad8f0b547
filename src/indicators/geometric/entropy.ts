/**
 * Shannon entropy of recent log returns: how evenly the last `window` returns spread over a
 * `bins`-bin histogram of their own range. Low entropy means the returns cluster (a quiet or a
 * one-sided market, or a few outliers stretching the range); high entropy, up to ln(bins), means
 * they are spread evenly.
 *
 * The histogram spans the window's own [min, max] rather than fixed edges, so the value is
 * scale-free (multiplying every return by a constant does not change it) and needs no tuning
 * per instrument. It is rebuilt for each window (histogram.ts), O(window + bins) per value, with
 * the batch and streaming faces running the same code on the same values.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { logReturn } from '../classic/log-returns.ts'
import { HistogramEntropy, MirroredWindow } from './histogram.ts'

export const entropyParams = z.strictObject({
  window: windowParam(100, 'Number of log returns in the window (it spans window + 1 values)', 2),
  bins: windowParam(30, 'Number of histogram bins over the window’s [min, max]', 2),
})
export type EntropyParams = z.input<typeof entropyParams>

/**
 * The log return ending at each value after the first: `returns[i − 1] = ln(values[i] /
 * values[i − 1])`, NaN where either value is not positive.
 */
export function logReturnSeries(values: Float64Array): Float64Array {
  const n = values.length
  const returns = new Float64Array(n > 0 ? n - 1 : 0)
  for (let i = 1; i < n; i++) returns[i - 1] = logReturn(values[i]!, values[i - 1]!)
  return returns
}

/**
 * The batch kernel: entropy of the `window` log returns ending at each value, NaN for the first
 * `window` values and for any window holding a non-positive value. `values` must be finite.
 */
export function entropyKernel(
  values: Float64Array,
  window: number,
  bins: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  out.fill(Number.NaN, 0, Math.min(window, n))
  if (n <= window) return out
  const returns = logReturnSeries(values)
  const histogram = new HistogramEntropy(window, bins)
  // The window ending at value t holds returns[t − window .. t − 1].
  for (let t = window; t < n; t++) out[t] = histogram.of(returns, t - window)
  return out
}

export class Entropy implements StreamingIndicator<number, number> {
  readonly window: number
  readonly bins: number
  readonly #returns: MirroredWindow
  readonly #histogram: HistogramEntropy
  #previous = 0
  #started = false

  constructor(params: EntropyParams = {}) {
    const p = entropyIndicator.resolve(params)
    this.window = p.window
    this.bins = p.bins
    this.#returns = new MirroredWindow(p.window)
    this.#histogram = new HistogramEntropy(p.window, p.bins)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const previous = this.#previous
    this.#previous = value
    if (!this.#started) {
      this.#started = true
      return Number.NaN
    }
    this.#returns.push(logReturn(value, previous))
    if (!this.#returns.full) return Number.NaN
    return this.#histogram.of(this.#returns.values, this.#returns.start)
  }

  reset(): void {
    this.#returns.clear()
    this.#previous = 0
    this.#started = false
  }
}

export const entropyIndicator = defineIndicator({
  name: 'entropy',
  title: 'Shannon entropy of returns',
  category: 'statistics',
  description:
    'Shannon entropy (nats) of a bins-bin histogram of the last window log returns over their own range; 0 to ln(bins).',
  inputs: ['value'],
  outputs: ['value'],
  params: entropyParams,
  ranges: (p) => ({ value: { min: 0, max: Math.log(p.bins) } }),
  warmup: (p) => p.window,
  batch: (inputs, p, into) => ({ value: entropyKernel(inputs.value, p.window, p.bins, into?.value) }),
  stream: (p) => valueStream('value', new Entropy(p)),
})

/** Entropy of the log returns of `values`, NaN during the first `window` values; into `out` if given. */
export function entropy(values: Float64Array, params: EntropyParams = {}, out?: Float64Array): Float64Array {
  return entropyIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out })
    .value
}
