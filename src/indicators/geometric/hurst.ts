/**
 * The Hurst exponent H of the log price over a trailing window of `window` values: about 0.5
 * for a random walk, above 0.5 for a persistent (trending) series, below 0.5 for an
 * anti-persistent (mean-reverting) one. Three estimators, picked by `method`:
 *
 * - `variance` (default): the standard deviation of lag-k differences of the log price grows as
 *   k^H, so H is the least-squares slope of ln std(x_t − x_{t−k}) against ln k, for k from
 *   `minLag` to `maxLag`, using every (overlapping) lag-k difference in the window and the sample
 *   standard deviation (n − 1). It is the cheapest, and close to unbiased over long windows
 *   (0.49 on a random walk of 4096 values). Both faces keep, per lag, window sums of the
 *   differences and of their squares, O(maxLag) per value, summed by the two-block rule of
 *   core/window-sums.ts: nothing is subtracted, so neither rounding nor a spike that has left the
 *   window (a bad print, the NaN of a non-positive price) lingers in them. The batch face runs the
 *   very same state machine, so the two agree to the bit.
 *   On a short window it is biased low: with the default window 200 and maxLag 50, the largest
 *   lags hold about four independent differences and their sample mean absorbs part of their
 *   variance (measured: 0.41 for a random walk, 0.62 for H = 0.8; maxLag ≈ window/10 halves it).
 * - `rs`: classical rescaled range (Hurst 1951, Mandelbrot & Wallis 1969), deliberately
 *   without the Anis–Lloyd/Peters small-sample correction, so on short sub-series it leans high
 *   as the textbook method does (on a random walk about 0.55 over a window of 4096, 0.58 over
 *   the default 200; more on anti-persistent data). The window's window − 1 log returns are
 *   cut into non-overlapping sub-series of n values, aligned to the most recent return (any
 *   remainder at the old end is dropped); for each, R is the range of the cumulative demeaned
 *   sums (including 0) and S the population standard deviation; R/S is averaged over the
 *   sub-series of each size. Sizes: 10 log-spaced integers (duplicates dropped) from 8 to
 *   ⌊(window − 1)/2⌋. H is the slope of ln(R/S) against ln n.
 * - `dfa`: detrended fluctuation analysis (Peng et al. 1994), order 1. The profile is the
 *   cumulative sum of the demeaned log returns; it is cut into non-overlapping boxes of n values
 *   (aligned to the most recent), a least-squares line is removed from each box, and F(n) is the
 *   root mean square of the residuals over all boxes. Sizes: 10 log-spaced integers from 4 to
 *   ⌊(window − 1)/4⌋. H is the slope of ln F(n) against ln n.
 * `rs` and `dfa` cost O(window × sizes) per value and need window ≥ 32.
 *
 * The estimate is clipped to [0, 1], the range of H for a stationary-increment process; an
 * estimator can stray outside it on a short or odd window. Degenerate windows give 0.5, the value
 * that claims no memory either way: a scale (a lag, a sub-series, a size) whose spread is at most
 * 1e-10 of its mean square (variance) or of the window's return variance (rs, dfa) carries no
 * scaling information and is left out of the fit, and with fewer than two scales left H = 0.5.
 * A flat or straight-line log price (constant return) is therefore 0.5: every method removes
 * the drift (the standard deviation, R/S and DFA all demean), and what is left has no scaling.
 * The relative floor is well above the rounding of the rolling sums (about 1e-16 relative) and
 * means that noise smaller than 1e-5 of the drift counts as none.
 *
 * A non-positive value has no logarithm: every window holding one is NaN.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { WindowSum } from '../core/window-sums.ts'
import { MirroredWindow } from './histogram.ts'

export type HurstMethod = 'variance' | 'rs' | 'dfa'

/** Smallest window for `rs` and `dfa`: two distinct sizes for each (8 and 15, 4 and 7). */
export const HURST_MIN_SCALING_WINDOW = 32
/** A scale whose variance is at most this fraction of its reference carries no information. */
const NO_SPREAD = 1e-10
/** Number of log-spaced sizes tried by `rs` and `dfa` before duplicates are dropped. */
const SIZE_COUNT = 10
const RS_MIN_SIZE = 8
const DFA_MIN_SIZE = 4
const NEUTRAL = 0.5

export const hurstParams = z
  .strictObject({
    window: windowParam(200, 'Number of log prices in the window', 4),
    method: z
      .enum(['variance', 'rs', 'dfa'])
      .default('variance')
      .describe(
        'Estimator: lag-difference variance scaling, rescaled range, or detrended fluctuation analysis',
      ),
    minLag: windowParam(2, 'Shortest lag of the variance method', 1),
    maxLag: windowParam(50, 'Longest lag of the variance method (window must be at least 2·maxLag)', 2),
  })
  .superRefine((p, ctx) => {
    if (p.maxLag <= p.minLag) {
      ctx.addIssue({ code: 'custom', path: ['maxLag'], message: `must exceed minLag (${p.minLag})` })
    } else if (p.method === 'variance' && p.window < 2 * p.maxLag) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: `must be at least 2·maxLag = ${2 * p.maxLag} for the variance method`,
      })
    }
    if (p.method !== 'variance' && p.window < HURST_MIN_SCALING_WINDOW) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: `must be at least ${HURST_MIN_SCALING_WINDOW} for the ${p.method} method`,
      })
    }
  })
export type HurstParams = z.input<typeof hurstParams>
export type ResolvedHurstParams = z.output<typeof hurstParams>

function logPrice(value: number): number {
  return value > 0 ? Math.log(value) : Number.NaN
}

function clipUnit(h: number): number {
  return h < 0 ? 0 : h > 1 ? 1 : h
}

/** Least-squares slope accumulated point by point, so no per-fit arrays are needed. */
class SlopeFit {
  #n = 0
  #sx = 0
  #sy = 0
  #sxx = 0
  #sxy = 0

  clear(): void {
    this.#n = 0
    this.#sx = 0
    this.#sy = 0
    this.#sxx = 0
    this.#sxy = 0
  }

  add(x: number, y: number): void {
    this.#n++
    this.#sx += x
    this.#sy += y
    this.#sxx += x * x
    this.#sxy += x * y
  }

  /** The slope clipped to [0, 1], or 0.5 with fewer than two points. */
  hurst(): number {
    const n = this.#n
    if (n < 2) return NEUTRAL
    const slope = (n * this.#sxy - this.#sx * this.#sy) / (n * this.#sxx - this.#sx * this.#sx)
    return clipUnit(slope)
  }
}

/**
 * Up to `count` distinct integers spaced evenly in log between `min` and `max` (both included),
 * ascending. Empty when max < min.
 */
export function logSpacedSizes(min: number, max: number, count: number): Int32Array {
  if (max < min) return new Int32Array(0)
  const sizes: number[] = []
  const ratio = max / min
  for (let j = 0; j < count; j++) {
    const size = count === 1 ? min : Math.round(min * ratio ** (j / (count - 1)))
    if (sizes.length === 0 || size > sizes[sizes.length - 1]!) sizes.push(size)
  }
  return Int32Array.from(sizes)
}

/** Estimates H from the `window` log prices ending at `x[end]`. */
interface WindowEstimator {
  step(x: Float64Array, end: number): number
  reset(): void
}

/**
 * The variance method as a state machine over a stream of log prices (NaN for a non-positive
 * price). `step(x, end)` is called once per value with the newest at x[end] and the previous
 * `window` values before it (the one leaving the window is x[end − window]). The lag-k differences
 * in the window are the last window − k, so each lag sums over a window of its own length.
 */
class LagVarianceEstimator implements WindowEstimator {
  readonly #window: number
  readonly #minLag: number
  readonly #lags: number
  readonly #logLag: Float64Array
  readonly #sums: WindowSum[]
  readonly #squares: WindowSum[]
  readonly #fit = new SlopeFit()
  #seen = 0
  #invalid = 0

  constructor(window: number, minLag: number, maxLag: number) {
    this.#window = window
    this.#minLag = minLag
    this.#lags = maxLag - minLag + 1
    this.#logLag = new Float64Array(this.#lags)
    for (let j = 0; j < this.#lags; j++) this.#logLag[j] = Math.log(minLag + j)
    this.#sums = Array.from({ length: this.#lags }, (_, j) => new WindowSum(window - minLag - j))
    this.#squares = Array.from({ length: this.#lags }, (_, j) => new WindowSum(window - minLag - j))
  }

  step(x: Float64Array, end: number): number {
    const window = this.#window
    const newest = x[end]!
    if (newest !== newest) this.#invalid++
    const seen = ++this.#seen
    if (seen > window) {
      const left = x[end - window]!
      if (left !== left) this.#invalid--
    }
    // A lag-k difference exists from the (k + 1)-th value on; a NaN one is pushed like any other
    // and leaves with its window.
    for (let j = 0, lag = this.#minLag; j < this.#lags && lag < seen; j++, lag++) {
      const d = newest - x[end - lag]!
      this.#sums[j]!.push(d)
      this.#squares[j]!.push(d * d)
    }
    if (seen < window || this.#invalid > 0) return Number.NaN
    return this.#estimate()
  }

  reset(): void {
    this.#seen = 0
    this.#invalid = 0
    for (const sum of this.#sums) sum.reset()
    for (const squares of this.#squares) squares.reset()
  }

  #estimate(): number {
    const fit = this.#fit
    fit.clear()
    for (let j = 0; j < this.#lags; j++) {
      const count = this.#window - this.#minLag - j
      const sum = this.#sums[j]!.sum
      const squares = this.#squares[j]!.sum
      const variance = (squares - (sum * sum) / count) / (count - 1)
      if (!(variance > (NO_SPREAD * squares) / count)) continue
      fit.add(this.#logLag[j]!, 0.5 * Math.log(variance))
    }
    return fit.hurst()
  }
}

/** Copies the window's log returns into `returns`; false if any is NaN. */
function windowReturns(x: Float64Array, end: number, window: number, returns: Float64Array): boolean {
  const start = end - window + 1
  for (let i = 1; i < window; i++) {
    const r = x[start + i]! - x[start + i - 1]!
    if (r !== r) return false
    returns[i - 1] = r
  }
  return true
}

/** Two-pass mean and variance (population) of `values[0 .. n)`, written to `moments`. */
function meanAndVariance(values: Float64Array, n: number, moments: Float64Array): void {
  let sum = 0
  let squares = 0
  for (let i = 0; i < n; i++) {
    sum += values[i]!
    squares += values[i]! * values[i]!
  }
  const mean = sum / n
  let deviations = 0
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean
    deviations += d * d
  }
  moments[0] = mean
  moments[1] = deviations / n
  moments[2] = squares / n
}

class RescaledRangeEstimator implements WindowEstimator {
  readonly #window: number
  readonly #sizes: Int32Array
  readonly #returns: Float64Array
  readonly #prefix: Float64Array
  readonly #moments = new Float64Array(3)
  readonly #fit = new SlopeFit()

  constructor(window: number) {
    this.#window = window
    this.#sizes = logSpacedSizes(RS_MIN_SIZE, Math.floor((window - 1) / 2), SIZE_COUNT)
    this.#returns = new Float64Array(window - 1)
    this.#prefix = new Float64Array(window)
  }

  step(x: Float64Array, end: number): number {
    const n = this.#window - 1
    const r = this.#returns
    if (!windowReturns(x, end, this.#window, r)) return Number.NaN
    meanAndVariance(r, n, this.#moments)
    const variance = this.#moments[1]!
    if (!(variance > NO_SPREAD * this.#moments[2]!)) return NEUTRAL
    // Prefix sums give every sub-series its mean without a pass of its own; the deviations are
    // then taken from that mean directly (not as mean square minus squared mean), so a quiet
    // sub-series keeps its digits.
    const prefix = this.#prefix
    for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + r[i]!
    const floor = NO_SPREAD * variance
    const fit = this.#fit
    fit.clear()
    for (const size of this.#sizes) {
      const blocks = Math.floor(n / size)
      let total = 0
      let used = 0
      for (let b = 0, base = n - blocks * size; b < blocks; b++, base += size) {
        const mean = (prefix[base + size]! - prefix[base]!) / size
        // Cumulative deviations Y_k = Σ_{j≤k} (r_j − mean), k = 0..size, with Y_0 = 0.
        let cumulative = 0
        let high = 0
        let low = 0
        let deviations = 0
        for (let i = base; i < base + size; i++) {
          const d = r[i]! - mean
          deviations += d * d
          cumulative += d
          high = Math.max(high, cumulative)
          low = Math.min(low, cumulative)
        }
        const spread = deviations / size
        if (!(spread > floor)) continue
        total += (high - low) / Math.sqrt(spread)
        used++
      }
      if (used > 0) fit.add(Math.log(size), Math.log(total / used))
    }
    return fit.hurst()
  }

  reset(): void {
    // Stateless between windows.
  }
}

class DetrendedFluctuationEstimator implements WindowEstimator {
  readonly #window: number
  readonly #sizes: Int32Array
  readonly #returns: Float64Array
  readonly #moments = new Float64Array(3)
  readonly #fit = new SlopeFit()

  constructor(window: number) {
    this.#window = window
    this.#sizes = logSpacedSizes(DFA_MIN_SIZE, Math.floor((window - 1) / 4), SIZE_COUNT)
    this.#returns = new Float64Array(window - 1)
  }

  step(x: Float64Array, end: number): number {
    const n = this.#window - 1
    const profile = this.#returns
    if (!windowReturns(x, end, this.#window, profile)) return Number.NaN
    meanAndVariance(profile, n, this.#moments)
    const mean = this.#moments[0]!
    const variance = this.#moments[1]!
    if (!(variance > NO_SPREAD * this.#moments[2]!)) return NEUTRAL
    let cumulative = 0
    for (let i = 0; i < n; i++) {
      cumulative += profile[i]! - mean
      profile[i] = cumulative
    }
    const floor = NO_SPREAD * variance
    const fit = this.#fit
    fit.clear()
    for (const size of this.#sizes) {
      const blocks = Math.floor(n / size)
      const centre = (size - 1) / 2
      // Σ (i − centre)² over i = 0..size−1.
      const spreadOfPositions = (size * (size * size - 1)) / 12
      let residuals = 0
      for (let b = 0, base = n - blocks * size; b < blocks; b++, base += size) {
        // One pass over the box, measured from its first value so the sums stay at the scale
        // of the box's own excursion rather than of the whole profile.
        const origin = profile[base]!
        let sum = 0
        let squares = 0
        let moment = 0
        for (let i = 0; i < size; i++) {
          const y = profile[base + i]! - origin
          sum += y
          squares += y * y
          moment += i * y
        }
        const yy = squares - (sum * sum) / size
        const xy = moment - centre * sum
        const residual = yy - (xy * xy) / spreadOfPositions
        if (residual > 0) residuals += residual
      }
      const fluctuation = residuals / (blocks * size)
      if (!(fluctuation > floor)) continue
      fit.add(Math.log(size), 0.5 * Math.log(fluctuation))
    }
    return fit.hurst()
  }

  reset(): void {
    // Stateless between windows.
  }
}

function estimatorFor(p: ResolvedHurstParams): { estimator: WindowEstimator; history: number } {
  switch (p.method) {
    case 'variance':
      // The variance method also reads the value leaving the window.
      return { estimator: new LagVarianceEstimator(p.window, p.minLag, p.maxLag), history: p.window + 1 }
    case 'rs':
      return { estimator: new RescaledRangeEstimator(p.window), history: p.window }
    case 'dfa':
      return { estimator: new DetrendedFluctuationEstimator(p.window), history: p.window }
  }
}

/** The batch kernel over validated parameters: NaN for the first window − 1 values. */
export function hurstKernel(
  values: Float64Array,
  p: ResolvedHurstParams,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  out.fill(Number.NaN, 0, Math.min(p.window - 1, n))
  const logs = new Float64Array(n)
  for (let i = 0; i < n; i++) logs[i] = logPrice(values[i]!)
  const { estimator } = estimatorFor(p)
  const stateful = p.method === 'variance'
  // rs and dfa look only at the window, so they can skip the warm-up; the variance method counts it.
  for (let t = stateful ? 0 : p.window - 1; t < n; t++) out[t] = estimator.step(logs, t)
  return out
}

export class Hurst implements StreamingIndicator<number, number> {
  readonly params: Readonly<ResolvedHurstParams>
  readonly #estimator: WindowEstimator
  readonly #logs: MirroredWindow

  constructor(params: HurstParams = {}) {
    this.params = hurstIndicator.resolve(params)
    const { estimator, history } = estimatorFor(this.params)
    this.#estimator = estimator
    this.#logs = new MirroredWindow(history)
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const logs = this.#logs
    logs.push(logPrice(value))
    if (this.params.method === 'variance') return this.#estimator.step(logs.values, logs.end)
    return logs.full ? this.#estimator.step(logs.values, logs.end) : Number.NaN
  }

  reset(): void {
    this.#logs.clear()
    this.#estimator.reset()
  }
}

export const hurstIndicator = defineIndicator({
  name: 'hurst',
  title: 'Hurst exponent',
  category: 'statistics',
  description:
    'Hurst exponent of the log price over the last window values (variance of lag differences, rescaled range or DFA), clipped to [0, 1].',
  inputs: ['value'],
  outputs: ['value'],
  params: hurstParams,
  ranges: () => ({ value: { min: 0, max: 1 } }),
  warmup: (p) => p.window - 1,
  batch: (inputs, p, into) => ({ value: hurstKernel(inputs.value, p, into?.value) }),
  stream: (p) => valueStream('value', new Hurst(p)),
})

/** Hurst exponent of `values` (prices), NaN during the first window − 1 values; into `out` if given. */
export function hurst(values: Float64Array, params: HurstParams = {}, out?: Float64Array): Float64Array {
  return hurstIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out })
    .value
}
