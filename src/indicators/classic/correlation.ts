/**
 * Rolling Pearson correlation between the simple returns of `value` and of `benchmark` (two price
 * series on the same bars) over the last `period` returns, ρ = cov(r, b) / (σ_r σ_b). Returns, not
 * prices: two trending prices correlate whatever their relation, their bar-to-bar moves do not.
 * The first value needs `period` returns, hence `period + 1` prices: it is at index `period`.
 *
 * This file also holds the rolling co-moments that beta.ts shares. They follow the two-block rule
 * of core/window-sums.ts like the moments of rolling-std.ts: deviations from an anchor inside the
 * window (the first return of the current block of `period`), suffix sums of the previous block
 * computed once per block, prefix sums forward, nothing ever subtracted. So no return outside the window counts — a return involving
 * a non-positive price (an input error; see returns.ts) is NaN and makes NaN exactly the windows that
 * hold it — and a window of equal returns (constant prices, say) has a variance of exactly 0.
 *
 * Zero variance in either series makes the correlation undefined; it is reported as 0 (no linear
 * relation can be measured). Rounding can push |ρ| a hair past 1; it is clamped to [−1, 1].
 */
import { z } from 'zod'
import { rowValueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { simpleReturn } from './returns.ts'

export const correlationParams = z.strictObject({
  period: windowParam(20, 'Number of returns in the window', 2),
})
export type CorrelationParams = z.input<typeof correlationParams>

/** The prices of the two series on one bar. */
export interface PricePair {
  readonly value: number
  readonly benchmark: number
}

/** Correlation from the centred sums (each n times the moment); 0 when a variance is 0. */
export function correlationOf(covariance: number, varianceValue: number, varianceBenchmark: number): number {
  if (varianceValue <= 0 || varianceBenchmark <= 0) return 0
  const rho = covariance / (Math.sqrt(varianceValue) * Math.sqrt(varianceBenchmark))
  return rho > 1 ? 1 : rho < -1 ? -1 : rho
}

/** Beta of the value on the benchmark from the centred sums; 0 when the benchmark's variance is 0. */
export function betaOf(covariance: number, varianceBenchmark: number): number {
  return varianceBenchmark <= 0 ? 0 : covariance / varianceBenchmark
}

/**
 * Rolling co-moments of the simple returns of two price series (finite, one length). For every row
 * from `period` on, calls `emit(i, covariance, varianceValue, varianceBenchmark)` with the window's
 * centred sums (n times covariance and variances; the factor cancels in correlation and beta).
 * A callback keeps correlation and beta to one implementation; it is called once per row, a cost
 * that is small next to the arithmetic of five sums.
 */
export function rollingReturnCoMoments(
  value: Float64Array,
  benchmark: Float64Array,
  period: number,
  emit: (i: number, covariance: number, varianceValue: number, varianceBenchmark: number) => void,
): void {
  const m = value.length - 1
  if (m < 1) return
  // Returns indexed from 0: rx[k] is the return into row k + 1.
  const rx = new Float64Array(m)
  const ry = new Float64Array(m)
  for (let k = 0; k < m; k++) {
    rx[k] = simpleReturn(value[k + 1]!, value[k]!)
    ry[k] = simpleReturn(benchmark[k + 1]!, benchmark[k]!)
  }
  const sx = new Float64Array(period + 1)
  const sy = new Float64Array(period + 1)
  const sxx = new Float64Array(period + 1)
  const syy = new Float64Array(period + 1)
  const sxy = new Float64Array(period + 1)
  const invN = 1 / period
  for (let b = 0; b < m; b += period) {
    const ax = rx[b]!
    const ay = ry[b]!
    if (b > 0) {
      let tx = 0
      let ty = 0
      let txx = 0
      let tyy = 0
      let txy = 0
      for (let p = period - 1; p >= 1; p--) {
        const dx = rx[b - period + p]! - ax
        const dy = ry[b - period + p]! - ay
        tx += dx
        ty += dy
        txx += dx * dx
        tyy += dy * dy
        txy += dx * dy
        sx[p] = tx
        sy[p] = ty
        sxx[p] = txx
        syy[p] = tyy
        sxy[p] = txy
      }
    }
    let cx = 0
    let cy = 0
    let cxx = 0
    let cyy = 0
    let cxy = 0
    const end = Math.min(b + period, m)
    for (let k = b, q = 1; k < end; k++, q++) {
      const dx = rx[k]! - ax
      const dy = ry[k]! - ay
      cx += dx
      cy += dy
      cxx += dx * dx
      cyy += dy * dy
      cxy += dx * dy
      if (k < period - 1) continue
      const x = sx[q]! + cx
      const y = sy[q]! + cy
      emit(k + 1, sxy[q]! + cxy - x * y * invN, sxx[q]! + cxx - x * x * invN, syy[q]! + cyy - y * y * invN)
    }
  }
}

/**
 * The streaming counterpart of `rollingReturnCoMoments`: push a bar's two prices, then read
 * `covariance`, `varianceValue` and `varianceBenchmark` (centred sums, NaN until `period` returns).
 */
export class RollingReturnCoMoments {
  readonly period: number
  covariance = Number.NaN
  varianceValue = Number.NaN
  varianceBenchmark = Number.NaN
  readonly #rx: RingBuffer
  readonly #ry: RingBuffer
  /** sx, sy, sxx, syy, sxy suffix sums, `period + 1` each. */
  readonly #suffix: Float64Array[]
  readonly #invN: number
  #previousValue = Number.NaN
  #previousBenchmark = Number.NaN
  #phase = 0
  #ax = 0
  #ay = 0
  #cx = 0
  #cy = 0
  #cxx = 0
  #cyy = 0
  #cxy = 0

  constructor(period: number) {
    this.period = period
    this.#rx = new RingBuffer(period)
    this.#ry = new RingBuffer(period)
    this.#suffix = Array.from({ length: 5 }, () => new Float64Array(period + 1))
    this.#invN = 1 / period
  }

  /** Adds a bar; true when `period` returns are in the window and the moments are defined. */
  push(value: number, benchmark: number): boolean {
    const previousValue = this.#previousValue
    const previousBenchmark = this.#previousBenchmark
    this.#previousValue = value
    this.#previousBenchmark = benchmark
    if (previousValue !== previousValue) return false
    const x = simpleReturn(value, previousValue)
    const y = simpleReturn(benchmark, previousBenchmark)
    const period = this.period
    const rx = this.#rx
    const ry = this.#ry
    rx.push(x)
    ry.push(y)
    if (this.#phase === 0) {
      this.#ax = x
      this.#ay = y
      if (rx.size === period) {
        const [sx, sy, sxx, syy, sxy] = this.#suffix as [
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
        ]
        let tx = 0
        let ty = 0
        let txx = 0
        let tyy = 0
        let txy = 0
        for (let p = period - 1; p >= 1; p--) {
          const dx = rx.at(p - 1) - x
          const dy = ry.at(p - 1) - y
          tx += dx
          ty += dy
          txx += dx * dx
          tyy += dy * dy
          txy += dx * dy
          sx[p] = tx
          sy[p] = ty
          sxx[p] = txx
          syy[p] = tyy
          sxy[p] = txy
        }
      }
      this.#cx = this.#cy = this.#cxx = this.#cyy = this.#cxy = 0
    }
    const q = this.#phase + 1
    this.#phase = q === period ? 0 : q
    const dx = x - this.#ax
    const dy = y - this.#ay
    this.#cx += dx
    this.#cy += dy
    this.#cxx += dx * dx
    this.#cyy += dy * dy
    this.#cxy += dx * dy
    if (!rx.full) return false
    const [sx, sy, sxx, syy, sxy] = this.#suffix as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ]
    const sumX = sx[q]! + this.#cx
    const sumY = sy[q]! + this.#cy
    const invN = this.#invN
    this.covariance = sxy[q]! + this.#cxy - sumX * sumY * invN
    this.varianceValue = sxx[q]! + this.#cxx - sumX * sumX * invN
    this.varianceBenchmark = syy[q]! + this.#cyy - sumY * sumY * invN
    return true
  }

  reset(): void {
    this.#rx.clear()
    this.#ry.clear()
    this.#previousValue = this.#previousBenchmark = Number.NaN
    this.#phase = 0
    this.#ax = this.#ay = 0
    this.#cx = this.#cy = this.#cxx = this.#cyy = this.#cxy = 0
    this.covariance = this.varianceValue = this.varianceBenchmark = Number.NaN
  }
}

/** The batch kernel over finite price columns: NaN for the first `period` rows. */
export function correlationKernel(
  value: Float64Array,
  benchmark: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(value.length),
): Float64Array {
  out.fill(Number.NaN, 0, Math.min(period, value.length))
  rollingReturnCoMoments(value, benchmark, period, (i, cov, vx, vy) => {
    out[i] = correlationOf(cov, vx, vy)
  })
  return out
}

export class Correlation implements StreamingIndicator<PricePair, number> {
  readonly period: number
  readonly #moments: RollingReturnCoMoments

  constructor(params: CorrelationParams = {}) {
    this.period = correlationIndicator.resolve(params).period
    this.#moments = new RollingReturnCoMoments(this.period)
  }

  update(pair: PricePair): number {
    if (!isFiniteNumber(pair.value) || !isFiniteNumber(pair.benchmark)) return Number.NaN
    const m = this.#moments
    return m.push(pair.value, pair.benchmark)
      ? correlationOf(m.covariance, m.varianceValue, m.varianceBenchmark)
      : Number.NaN
  }

  reset(): void {
    this.#moments.reset()
  }
}

export const correlationIndicator = defineIndicator({
  name: 'correlation',
  title: 'Rolling correlation',
  category: 'statistics',
  description:
    'Pearson correlation of the simple returns of `value` and `benchmark` over the last `period` returns (0 when either is flat).',
  inputs: ['value', 'benchmark'],
  outputs: ['value'],
  params: correlationParams,
  ranges: () => ({ value: { min: -1, max: 1 } }),
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({
    value: correlationKernel(inputs.value, inputs.benchmark, p.period, into?.value),
  }),
  stream: (p) => rowValueStream(new Correlation(p)),
})

/** Rolling return correlation of two aligned price series; NaN for the first `period` rows. */
export function correlation(
  value: Float64Array,
  benchmark: Float64Array,
  params: CorrelationParams = {},
  out?: Float64Array,
): Float64Array {
  return correlationIndicator.compute(
    { value, benchmark },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
