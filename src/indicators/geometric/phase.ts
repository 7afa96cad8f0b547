/**
 * Causal instantaneous phase: at each bar, the angle and modulus of the last sample of the
 * discrete analytic signal (Marple's FFT Hilbert transform) of the linearly detrended trailing
 * window of `window` values. See analytic-signal.ts for the method, the O(W) kernel that replaces
 * the per-bar FFT, the known end-of-window bias and the degenerate-window rule.
 *
 * Batch and stream evaluate the same kernel over the same contiguous window in the same order
 * (the stream keeps every value twice in a buffer of 2·W, so its window is always one contiguous
 * slice), so they agree to the last bit.
 */
import { z } from 'zod'
import { rowStream } from '../core/adapters.ts'
import { type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { CausalPhaseKernel } from './analytic-signal.ts'

export const phaseParams = z.strictObject({
  window: windowParam(64, 'Trailing values detrended and Hilbert-transformed at each bar', 8),
})
export type PhaseParams = z.input<typeof phaseParams>

export interface PhaseColumns {
  readonly phase: Float64Array
  readonly amplitude: Float64Array
}

const KERNELS = new Map<number, CausalPhaseKernel>()

/** The cached kernel for `window` (the weights depend only on the length). */
export function causalPhaseKernel(window: number): CausalPhaseKernel {
  let kernel = KERNELS.get(window)
  if (kernel === undefined) {
    kernel = new CausalPhaseKernel(window)
    KERNELS.set(window, kernel)
  }
  return kernel
}

/**
 * The batch kernel over finite `values`: phase (radians, (−π, π]) and amplitude, NaN for the first
 * window − 1 rows; on a degenerate window the phase is NaN and the amplitude 0.
 */
export function phaseKernel(
  values: Float64Array,
  window: number,
  into: Partial<PhaseColumns> = {},
): PhaseColumns {
  const n = values.length
  const phase = into.phase ?? new Float64Array(n)
  const amplitude = into.amplitude ?? new Float64Array(n)
  const warm = Math.min(window - 1, n)
  phase.fill(Number.NaN, 0, warm)
  amplitude.fill(Number.NaN, 0, warm)
  const kernel = causalPhaseKernel(window)
  for (let t = window - 1; t < n; t++) {
    kernel.evaluate(values, t - window + 1)
    phase[t] = kernel.phase
    amplitude[t] = kernel.amplitude
  }
  return { phase, amplitude }
}

/**
 * Streaming causal phase. `update` returns a reused `{ phase, amplitude }` object: copy what you
 * keep. O(window) per update.
 */
export class Phase implements StreamingIndicator<number, OutputRow<'phase' | 'amplitude'>> {
  readonly window: number
  readonly #kernel: CausalPhaseKernel
  /** Each value is written at i and i + window, so values[next .. next+window−1] is the window. */
  readonly #buffer: Float64Array
  #next = 0
  #count = 0
  readonly #out = { phase: Number.NaN, amplitude: Number.NaN }
  static readonly #skipped = Object.freeze({ phase: Number.NaN, amplitude: Number.NaN })

  constructor(params: PhaseParams = {}) {
    this.window = phaseIndicator.resolve(params).window
    this.#kernel = causalPhaseKernel(this.window)
    this.#buffer = new Float64Array(2 * this.window)
  }

  update(value: number): OutputRow<'phase' | 'amplitude'> {
    if (!isFiniteNumber(value)) return Phase.#skipped
    const w = this.window
    this.#buffer[this.#next] = value
    this.#buffer[this.#next + w] = value
    this.#next = this.#next + 1 === w ? 0 : this.#next + 1
    if (this.#count < w) this.#count++
    const out = this.#out
    if (this.#count < w) {
      out.phase = Number.NaN
      out.amplitude = Number.NaN
      return out
    }
    this.#kernel.evaluate(this.#buffer, this.#next)
    out.phase = this.#kernel.phase
    out.amplitude = this.#kernel.amplitude
    return out
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
  }
}

export const phaseIndicator = defineIndicator({
  name: 'phase',
  title: 'Instantaneous phase (causal Hilbert)',
  category: 'geometric',
  description:
    'Angle and envelope of the last sample of the analytic signal (FFT Hilbert transform) of the detrended trailing window.',
  inputs: ['value'],
  outputs: ['phase', 'amplitude'],
  params: phaseParams,
  ranges: () => ({
    phase: { min: -Math.PI, max: Math.PI },
    amplitude: { min: 0, max: Number.POSITIVE_INFINITY },
  }),
  warmup: (p) => p.window - 1,
  batch: (inputs, p, into) => phaseKernel(inputs.value, p.window, into),
  stream: (p) => rowStream(new Phase(p), (row: { readonly value: number }) => row.value),
})

/** Causal phase and amplitude of `values`, NaN during the first window − 1 values. */
export function phase(values: Float64Array, params: PhaseParams = {}): PhaseColumns {
  return phaseIndicator.compute({ value: values }, params)
}
