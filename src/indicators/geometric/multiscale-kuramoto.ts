/**
 * Multi-scale Kuramoto: how concentrated the phase is at each of several timeframes, and whether
 * the timeframes agree in phase — a Kuramoto order parameter taken across time and across scales
 * of one series rather than across assets.
 *
 * Scale series (causal). For timeframe s, the series at base bar t is the closes of the s-buckets
 * that have completed (a bucket completes when a bar of a later bucket arrives) followed by the
 * latest close, which is the close the forming bucket has so far — known at t. Buckets are the
 * calendar-aligned ones of `bucketStart` (src/domain/time.ts).
 *
 * At each bar, for each scale with at least W = `window` values: the trailing W values are
 * detrended (least-squares line) and turned into their analytic signal by the FFT
 * (analytic-signal.ts), giving phases θ_s[0..W−1]. Then
 *
 *   R_s = |(1/W) Σ_j exp(iθ_s[j])|      temporal phase concentration at scale s
 *   φ_s = θ_s[W−1]                       the latest phase at scale s
 *
 * and the outputs are
 *
 *   consensus     = (1/S) Σ_s R_s
 *   coherence     = |(1/S) Σ_s exp(iφ_s)|       do the scales agree in phase
 *   dominantScale = argmax_s R_s (0-based; the first on ties)
 *
 * R_s near 1 means the phase hardly turned across the window (the scale's oscillation is slow
 * against the window, or a single swing dominates); near 0 means the window holds whole cycles.
 * A sample whose analytic amplitude is rounding noise (flat or straight-line window) has no phase
 * and contributes a zero phasor to its mean: flat data give consensus 0, coherence 0 and
 * dominantScale 0, never NaN.
 *
 * All outputs are NaN until every scale has W values. Batch and stream run the same state machine
 * (`MultiscaleKuramotoState`) bar by bar, so they agree to the last bit.
 *
 * Cost. Transforming every scale's window at every bar costs O(S·W log W) — and several times that
 * for a W that is not a power of two (Bluestein). Instead each scale's analytic signal is a window
 * sum of vectors, kept by the two-block rule of core/window-sums.ts (see `Scale`): O(S·W) per bar,
 * allocation-free, and nothing outside the window — a spike that has left, rounding from long ago —
 * can reach the result. A test checks it against a fresh detrend + FFT of every window.
 *
 * A bar whose time falls in an earlier bucket than the forming one (out-of-order data) is counted
 * in the forming bucket: buckets never reopen.
 */
import { z } from 'zod'
import { type Interval, MS_PER_MINUTE, bucketStart, parseInterval } from '../../domain/time.ts'
import { type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import type { StreamingIndicator } from '../core/streaming.ts'
import { analyticSignalInPlace, degenerateTolerance } from './analytic-signal.ts'
import { type FftPlan, fftPlan } from './fft.ts'

const DEFAULT_TIMEFRAMES = ['1m', '5m', '15m', '1h']

export const multiscaleKuramotoParams = z.strictObject({
  timeframes: z
    .array(z.string())
    .min(2)
    .superRefine((list, ctx) => {
      let previous = 0
      list.forEach((text, i) => {
        let ms: number
        try {
          ms = parseInterval(text).ms
        } catch {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${JSON.stringify(text)} is not an interval such as 1m, 5m, 1h, 1d or 1w`,
          })
          return
        }
        if (ms <= previous) {
          ctx.addIssue({ code: 'custom', path: [i], message: 'timeframes must be strictly increasing' })
        }
        previous = ms
      })
    })
    .default(DEFAULT_TIMEFRAMES)
    .describe('Timeframes (at least 2, strictly increasing), e.g. ["1m","5m","15m","1h"]'),
  window: windowParam(32, 'Values per scale that are detrended and Hilbert-transformed at each bar', 8),
})
export type MultiscaleKuramotoParams = z.input<typeof multiscaleKuramotoParams>
type ResolvedParams = z.output<typeof multiscaleKuramotoParams>

export type MultiscaleKuramotoOutput = 'consensus' | 'coherence' | 'dominantScale'
export type MultiscaleKuramotoColumns = Record<MultiscaleKuramotoOutput, Float64Array>

/**
 * The analytic map of one window length W, as the vectors the window sums need. The map
 * A = F⁻¹·diag(gain)·F is circulant, so A·(circular shift of x) = circular shift of A·x, and the
 * detrended signal is A·D·x = A·x − mean·1 − slope·A·τ (A·1 = 1: the DC gain is 1), τ_j = j − (W−1)/2.
 */
class AnalyticBasis {
  readonly plan: FftPlan
  /** A·e_{W−1}, the column of the last value; every other column is a rotation of it. */
  readonly lastRe: Float64Array
  readonly lastIm: Float64Array
  /** A·τ. */
  readonly rampRe: Float64Array
  readonly rampIm: Float64Array

  constructor(w: number) {
    this.plan = fftPlan(w)
    this.lastRe = new Float64Array(w)
    this.lastIm = new Float64Array(w)
    this.lastRe[w - 1] = 1
    analyticSignalInPlace(this.lastRe, this.lastIm, this.plan)
    this.rampRe = new Float64Array(w)
    this.rampIm = new Float64Array(w)
    for (let j = 0; j < w; j++) this.rampRe[j] = j - (w - 1) / 2
    analyticSignalInPlace(this.rampRe, this.rampIm, this.plan)
  }
}

const BASES = new Map<number, AnalyticBasis>()

function analyticBasis(w: number): AnalyticBasis {
  let basis = BASES.get(w)
  if (basis === undefined) {
    basis = new AnalyticBasis(w)
    BASES.set(w, basis)
  }
  return basis
}

/**
 * One timeframe's scale series and the analytic signal of its detrended trailing window.
 *
 * A is circulant, so with the window kept in physical slots (series value k in slot k mod W) its
 * analytic signal is a plain sum of vectors, y = Σ_k (x_k − anchor)·A·e_{k mod W}, read in logical
 * order from the window's start. That sum follows the two-block rule of core/window-sums.ts over
 * the completed values (the window's first W − 1): blocks of W − 1 completions, the previous
 * block's suffix sums (vectors) computed once when a block begins, a prefix sum over this block,
 * and the forming bucket's close added when the signal is read. Nothing is subtracted, so a value
 * that has left the window — or a forming close since replaced — leaves nothing behind, and the
 * result does not drift however long the series. The anchor is the first value completed in the
 * current block, always inside the window, so a flat window's signal is exactly zero. The mean and
 * slope of the detrend are taken from the window itself when it is read.
 *
 * Cost per scale: O(W) per completed bucket (the prefix, and the suffix pass amortised) and per
 * read; memory O(W²) for the suffix vectors.
 */
class Scale {
  readonly interval: Interval
  readonly #w: number
  /** Completions per block: the window's completed part, W − 1. */
  readonly #blockLength: number
  readonly #basis: AnalyticBasis
  /** The last W values of the scale series, each written at i and i + W: window = raw[head .. head+W−1]. */
  readonly #raw: Float64Array
  #head = 0
  #size = 0
  #bucketEnd = Number.NaN
  /** Values completed so far: the forming value's index in the scale series. */
  #completed = 0
  /** The current block's completed values, and how many there are (the block length at first). */
  readonly #block: Float64Array
  #inBlock: number
  #anchor = 0
  /** Suffix q (at q·W … q·W + W − 1) of the previous block, physical slots; suffix W − 1 is never written: 0. */
  readonly #suffixRe: Float64Array
  readonly #suffixIm: Float64Array
  readonly #prefixRe: Float64Array
  readonly #prefixIm: Float64Array

  constructor(interval: Interval, w: number) {
    this.interval = interval
    this.#w = w
    this.#blockLength = w - 1
    this.#inBlock = w - 1
    this.#basis = analyticBasis(w)
    this.#raw = new Float64Array(2 * w)
    this.#block = new Float64Array(w - 1)
    this.#suffixRe = new Float64Array(w * w)
    this.#suffixIm = new Float64Array(w * w)
    this.#prefixRe = new Float64Array(w)
    this.#prefixIm = new Float64Array(w)
  }

  /** Number of values of the scale series, capped at W. */
  get size(): number {
    return this.#size
  }

  push(time: number, close: number): void {
    const w = this.#w
    if (this.#size === 0 || time >= this.#bucketEnd) {
      this.#bucketEnd = bucketStart(time, this.interval) + this.interval.ms
      if (this.#size > 0) this.#complete(this.#raw[this.#head + w - 1]!)
      this.#raw[this.#head] = close
      this.#raw[this.#head + w] = close
      this.#head = this.#head + 1 === w ? 0 : this.#head + 1
      if (this.#size < w) this.#size++
    } else {
      const last = this.#head === 0 ? w - 1 : this.#head - 1
      this.#raw[last] = close
      this.#raw[last + w] = close
    }
  }

  /** The forming value `value` (series index #completed) has completed. */
  #complete(value: number): void {
    const length = this.#blockLength
    const k = this.#completed++
    if (this.#inBlock === length) {
      if (k >= length) this.#suffixPass(value, k - length)
      this.#anchor = value
      this.#inBlock = 0
      this.#prefixRe.fill(0)
      this.#prefixIm.fill(0)
    }
    this.#block[this.#inBlock++] = value
    this.#addColumn(this.#prefixRe, this.#prefixIm, 0, value - this.#anchor, k)
  }

  /** Suffix sums of the block that began at series index `first`, about the new anchor. */
  #suffixPass(anchor: number, first: number): void {
    const w = this.#w
    const re = this.#suffixRe
    const im = this.#suffixIm
    for (let q = this.#blockLength - 1; q >= 1; q--) {
      re.copyWithin(q * w, (q + 1) * w, (q + 2) * w)
      im.copyWithin(q * w, (q + 1) * w, (q + 2) * w)
      this.#addColumn(re, im, q * w, this.#block[q]! - anchor, first + q)
    }
  }

  /** target[offset + p] += delta · (A·e_{k mod W})[p] for every physical slot p. */
  #addColumn(targetRe: Float64Array, targetIm: Float64Array, offset: number, delta: number, k: number): void {
    const w = this.#w
    const lastRe = this.#basis.lastRe
    const lastIm = this.#basis.lastIm
    // (A·e_k)[p] = (A·e_{W−1})[(p − k − 1) mod W]: A is circulant.
    let i = (((-k - 1) % w) + w) % w
    for (let p = offset; p < offset + w; p++) {
      targetRe[p]! += delta * lastRe[i]!
      targetIm[p]! += delta * lastIm[i]!
      i = i + 1 === w ? 0 : i + 1
    }
  }

  /**
   * For a full window: R_s into `out.r`, and the last sample's unit phasor (zero when it has no
   * phase) into `out.cos`, `out.sin`.
   */
  analyse(out: { r: number; cos: number; sin: number }): void {
    const w = this.#w
    const raw = this.#raw
    const head = this.#head
    const anchor = this.#anchor
    const last = raw[head + w - 1]!
    let spread = 0
    let sum = 0
    let weightedSum = 0
    for (let j = 0; j < w; j++) {
      const x = raw[head + j]!
      const d = Math.abs(x - last)
      if (d > spread) spread = d
      sum += x - anchor
      weightedSum += j * (x - anchor)
    }
    const tiny = degenerateTolerance(spread, last)
    const centre = (w - 1) / 2
    const mean = sum / w
    const slope = (weightedSum - centre * sum) / ((w * (w * w - 1)) / 12)
    const rampRe = this.#basis.rampRe
    const rampIm = this.#basis.rampIm
    const lastRe = this.#basis.lastRe
    const lastIm = this.#basis.lastIm
    const forming = last - anchor
    const suffix = this.#inBlock * w
    const suffixRe = this.#suffixRe
    const suffixIm = this.#suffixIm
    const prefixRe = this.#prefixRe
    const prefixIm = this.#prefixIm
    let sumCos = 0
    let sumSin = 0
    let unitCos = 0
    let unitSin = 0
    // Logical position j of the window is physical slot (window start + j) mod W; the forming
    // value sits at logical W − 1, so its column in logical order is A·e_{W−1} itself.
    for (let j = 0, p = (this.#completed + 1) % w; j < w; j++, p = p + 1 === w ? 0 : p + 1) {
      const yRe = suffixRe[suffix + p]! + prefixRe[p]! + forming * lastRe[j]!
      const yIm = suffixIm[suffix + p]! + prefixIm[p]! + forming * lastIm[j]!
      const x = yRe - mean - slope * rampRe[j]!
      const y = yIm - slope * rampIm[j]!
      const amplitude = Math.sqrt(x * x + y * y)
      if (amplitude > tiny) {
        unitCos = x / amplitude
        unitSin = y / amplitude
        sumCos += unitCos
        sumSin += unitSin
      } else {
        unitCos = 0
        unitSin = 0
      }
    }
    out.r = Math.min(1, Math.sqrt(sumCos * sumCos + sumSin * sumSin) / w)
    // The loop ends on the last sample: its unit phasor is exp(iφ_s), or 0 without a phase.
    out.cos = unitCos
    out.sin = unitSin
  }

  reset(): void {
    this.#head = 0
    this.#size = 0
    this.#bucketEnd = Number.NaN
    this.#completed = 0
    this.#inBlock = this.#blockLength
    this.#anchor = 0
  }
}

/** The state machine both faces run. */
export class MultiscaleKuramotoState {
  readonly window: number
  readonly #scales: Scale[]
  readonly #scale = { r: 0, cos: 0, sin: 0 }
  /** The latest R_s per scale, for inspection (NaN until warmed up). */
  readonly concentration: Float64Array
  readonly out = { consensus: Number.NaN, coherence: Number.NaN, dominantScale: Number.NaN }

  constructor(params: ResolvedParams) {
    this.window = params.window
    this.#scales = params.timeframes.map((t) => new Scale(parseInterval(t), params.window))
    this.concentration = new Float64Array(this.#scales.length).fill(Number.NaN)
  }

  update(time: number, close: number): void {
    const scales = this.#scales
    const w = this.window
    let ready = true
    for (let s = 0; s < scales.length; s++) {
      const scale = scales[s]!
      scale.push(time, close)
      if (scale.size < w) ready = false
    }
    const out = this.out
    if (!ready) {
      out.consensus = Number.NaN
      out.coherence = Number.NaN
      out.dominantScale = Number.NaN
      return
    }
    const one = this.#scale
    let sumR = 0
    let best = -1
    let bestIndex = 0
    let phaseCos = 0
    let phaseSin = 0
    for (let s = 0; s < scales.length; s++) {
      scales[s]!.analyse(one)
      this.concentration[s] = one.r
      sumR += one.r
      phaseCos += one.cos
      phaseSin += one.sin
      if (one.r > best) {
        best = one.r
        bestIndex = s
      }
    }
    const count = scales.length
    out.consensus = sumR / count
    out.coherence = Math.min(1, Math.sqrt(phaseCos * phaseCos + phaseSin * phaseSin) / count)
    out.dominantScale = bestIndex
  }

  reset(): void {
    for (const scale of this.#scales) scale.reset()
    this.concentration.fill(Number.NaN)
    this.out.consensus = Number.NaN
    this.out.coherence = Number.NaN
    this.out.dominantScale = Number.NaN
  }
}

/** The batch kernel over finite, time-ordered columns. */
export function multiscaleKuramotoKernel(
  time: Float64Array,
  values: Float64Array,
  params: ResolvedParams,
  into: Partial<MultiscaleKuramotoColumns> = {},
): MultiscaleKuramotoColumns {
  const n = values.length
  const consensus = into.consensus ?? new Float64Array(n)
  const coherence = into.coherence ?? new Float64Array(n)
  const dominantScale = into.dominantScale ?? new Float64Array(n)
  const state = new MultiscaleKuramotoState(params)
  const out = state.out
  for (let i = 0; i < n; i++) {
    state.update(time[i]!, values[i]!)
    consensus[i] = out.consensus
    coherence[i] = out.coherence
    dominantScale[i] = out.dominantScale
  }
  return { consensus, coherence, dominantScale }
}

/** Streaming face: `update` returns the state's reused output object — copy what you keep. */
export class MultiscaleKuramoto implements StreamingIndicator<
  { readonly time: number; readonly value: number },
  OutputRow<MultiscaleKuramotoOutput>
> {
  readonly #state: MultiscaleKuramotoState
  static readonly #skipped = Object.freeze({
    consensus: Number.NaN,
    coherence: Number.NaN,
    dominantScale: Number.NaN,
  })

  constructor(params: MultiscaleKuramotoParams = {}) {
    this.#state = new MultiscaleKuramotoState(multiscaleKuramotoIndicator.resolve(params))
  }

  update(row: { readonly time: number; readonly value: number }): OutputRow<MultiscaleKuramotoOutput> {
    if (row.time - row.time !== 0 || row.value - row.value !== 0) return MultiscaleKuramoto.#skipped
    this.#state.update(row.time, row.value)
    return this.#state.out
  }

  reset(): void {
    this.#state.reset()
  }
}

/** Start of the contract test's data (and a bucket boundary of every timeframe up to 1d). */
const REFERENCE_START = Date.UTC(2024, 0, 2)

/**
 * The first row at which every scale has `window` values, for contiguous one-minute bars starting
 * at a boundary of the largest timeframe (the one at or before 2024-01-02T00:00Z): the warm-up
 * without bar times (the catalogue's figure). Exact under that assumption, an estimate otherwise;
 * given the series' times, `multiscaleKuramotoWarmupOn` is exact.
 */
export function multiscaleKuramotoWarmup(params: ResolvedParams): number {
  const intervals = params.timeframes.map((t) => parseInterval(t))
  const start = bucketStart(REFERENCE_START, intervals[intervals.length - 1]!)
  let warmup = 0
  for (const interval of intervals) {
    let row: number
    if (interval.ms <= MS_PER_MINUTE) {
      // Consecutive one-minute bars never share a bucket this short.
      row = params.window - 1
    } else {
      // Buckets are at least a bar long, so none is skipped: the scale has one value per bucket
      // from the first bar's onwards; wait for the bar that opens the window-th bucket.
      const target = bucketStart(start, interval) + (params.window - 1) * interval.ms
      row = Math.ceil((target - start) / MS_PER_MINUTE)
    }
    if (row > warmup) warmup = row
  }
  return warmup
}

/**
 * The first row at which every scale has `window` values, for bars opening at `time` — exact on
 * any series (daily bars with weekends, gaps, a start inside a bucket), because it follows the
 * buckets exactly as the indicator does. Rows with a non-finite time are skipped, as the indicator
 * skips them; if the windows never fill, the series' length.
 */
export function multiscaleKuramotoWarmupOn(params: ResolvedParams, time: Float64Array): number {
  const intervals = params.timeframes.map((t) => parseInterval(t))
  const values = new Int32Array(intervals.length)
  const bucketEnds = new Float64Array(intervals.length)
  let ready = 0
  for (let row = 0; row < time.length; row++) {
    const t = time[row]!
    if (t - t !== 0) continue
    for (let s = 0; s < intervals.length; s++) {
      if (values[s] !== 0 && t < bucketEnds[s]!) continue
      const interval = intervals[s]!
      bucketEnds[s] = bucketStart(t, interval) + interval.ms
      const count = values[s]! + 1
      values[s] = count
      if (count === params.window) ready++
    }
    if (ready === intervals.length) return row
  }
  return time.length
}

export const multiscaleKuramotoIndicator = defineIndicator({
  name: 'multiscale-kuramoto',
  title: 'Multi-scale Kuramoto',
  category: 'geometric',
  description:
    'Hilbert phase concentration at several timeframes (consensus), agreement of their latest phases (coherence), and the most concentrated timeframe.',
  inputs: ['time', 'value'],
  outputs: ['consensus', 'coherence', 'dominantScale'],
  params: multiscaleKuramotoParams,
  ranges: (p) => ({
    consensus: { min: 0, max: 1 },
    coherence: { min: 0, max: 1 },
    dominantScale: { min: 0, max: p.timeframes.length - 1 },
  }),
  warmup: (p, time) =>
    time === undefined ? multiscaleKuramotoWarmup(p) : multiscaleKuramotoWarmupOn(p, time),
  batch: (inputs, p, into) => multiscaleKuramotoKernel(inputs.time, inputs.value, p, into),
  stream: (p) => new MultiscaleKuramoto(p),
})

/** Multi-scale Kuramoto of a series of bar open times (Unix ms) and closes. */
export function multiscaleKuramoto(
  time: Float64Array,
  values: Float64Array,
  params: MultiscaleKuramotoParams = {},
): MultiscaleKuramotoColumns {
  return multiscaleKuramotoIndicator.compute({ time, value: values }, params)
}
