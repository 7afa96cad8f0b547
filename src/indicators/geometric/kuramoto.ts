/**
 * The Kuramoto order parameter of a panel of N assets: at each bar, with θ_j the phase of asset j,
 *
 *   R·exp(iψ) = (1/N) Σ_j exp(iθ_j)
 *
 * R ∈ [0, 1] measures how synchronised the assets' cycles are (1: all in phase; 0: phases spread
 * so evenly that they cancel), ψ is the mean phase. R is clamped to 1: the rounded sums of N equal
 * phasors can exceed N by an ulp. Non-finite phases (an asset in warm-up, a missing price, a flat
 * window without a phase) are left out and N counts only the finite ones; with none finite, R and
 * ψ are NaN. When R is at rounding level (≤ 1e-12) the mean field has no direction and ψ is NaN
 * rather than the angle of rounding noise.
 *
 * This is a panel indicator — N series in, one out — which the single-series registry does not
 * model, so it is exposed as functions, a streaming class and the `kuramotoPanel` descriptor for
 * the CLI's listing. The per-asset phase is the causal phase of phase.ts, so R at bar t uses no
 * price after t.
 */
import type { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import type { OutputRange } from '../core/definition.ts'
import { parseParams } from '../core/params.ts'
import { Phase, phase, phaseParams } from './phase.ts'
import { angle } from './analytic-signal.ts'

export const kuramotoParams = phaseParams
export type KuramotoParams = z.input<typeof kuramotoParams>

export interface KuramotoColumns {
  readonly r: Float64Array
  readonly psi: Float64Array
}

/** Below this R the mean phase ψ is rounding noise and is reported as NaN. */
const NO_DIRECTION = 1e-12

/** Order parameter of one bar from the sums of cos and sin over `count` finite phases. */
function orderOf(sumCos: number, sumSin: number, count: number, out: { r: number; psi: number }): void {
  if (count === 0) {
    out.r = Number.NaN
    out.psi = Number.NaN
    return
  }
  // |Σ exp(iθ)| ≤ count exactly, but the rounded sums of N equal phasors can exceed it by an ulp.
  const r = Math.min(1, Math.sqrt(sumCos * sumCos + sumSin * sumSin) / count)
  out.r = r
  out.psi = r > NO_DIRECTION ? angle(sumSin, sumCos) : Number.NaN
}

function checkPanel(what: string, series: readonly Float64Array[]): number {
  if (series.length === 0)
    throw new TradePulseError('INDICATOR_INVALID_INPUT', `kuramoto: ${what} has no assets`)
  const length = series[0]!.length
  for (let j = 0; j < series.length; j++) {
    const s = series[j]
    if (!(s instanceof Float64Array)) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `kuramoto: ${what} of asset ${j} is not a Float64Array`,
      )
    }
    if (s.length !== length) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `kuramoto: ${what} of asset ${j} has ${s.length} values, asset 0 has ${length}`,
      )
    }
  }
  return length
}

/**
 * R(t) and ψ(t) from one phase series per asset (equal lengths; INDICATOR_INVALID_INPUT naming the
 * asset otherwise). Non-finite phases are ignored.
 */
export function kuramotoOrder(phases: readonly Float64Array[]): KuramotoColumns {
  const length = checkPanel('phase series', phases)
  const r = new Float64Array(length)
  const psi = new Float64Array(length)
  const bar = { r: 0, psi: 0 }
  const n = phases.length
  for (let t = 0; t < length; t++) {
    let sumCos = 0
    let sumSin = 0
    let count = 0
    for (let j = 0; j < n; j++) {
      const theta = phases[j]![t]!
      if (theta - theta !== 0) continue
      sumCos += Math.cos(theta)
      sumSin += Math.sin(theta)
      count++
    }
    orderOf(sumCos, sumSin, count, bar)
    r[t] = bar.r
    psi[t] = bar.psi
  }
  return { r, psi }
}

/**
 * The order parameter of the causal phases of N price series (equal lengths). Each asset's phase
 * follows the phase indicator's rules (non-finite prices are skipped for that asset and give it no
 * phase at that bar), so R is NaN until some asset has `window` finite prices.
 */
export function kuramotoFromPrices(
  prices: readonly Float64Array[],
  params: KuramotoParams = {},
): KuramotoColumns {
  const { window } = parseParams('kuramoto', kuramotoParams, params)
  checkPanel('price series', prices)
  return kuramotoOrder(prices.map((p) => phase(p, { window }).phase))
}

/**
 * Streaming Kuramoto order parameter over a fixed number of assets. `update(prices)` takes one
 * price per asset (non-finite: that asset skips the bar, as in `kuramotoFromPrices`) and returns a
 * reused `{ r, psi }` object — copy what you keep. O(N·window) per update.
 */
export class KuramotoStream {
  readonly assets: number
  readonly window: number
  readonly #phases: Phase[]
  readonly #out = { r: Number.NaN, psi: Number.NaN }

  constructor(assets: number, params: KuramotoParams = {}) {
    if (!Number.isInteger(assets) || assets < 1) {
      throw new TradePulseError('INDICATOR_INVALID_INPUT', `kuramoto: need at least one asset, was ${assets}`)
    }
    this.assets = assets
    this.window = parseParams('kuramoto', kuramotoParams, params).window
    this.#phases = Array.from({ length: assets }, () => new Phase({ window: this.window }))
  }

  update(prices: ArrayLike<number>): Readonly<{ r: number; psi: number }> {
    if (prices.length !== this.assets) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `kuramoto: got ${prices.length} prices for ${this.assets} assets`,
      )
    }
    let sumCos = 0
    let sumSin = 0
    let count = 0
    for (let j = 0; j < this.assets; j++) {
      const theta = this.#phases[j]!.update(prices[j]!).phase
      if (theta - theta !== 0) continue
      sumCos += Math.cos(theta)
      sumSin += Math.sin(theta)
      count++
    }
    orderOf(sumCos, sumSin, count, this.#out)
    return this.#out
  }

  reset(): void {
    for (const p of this.#phases) p.reset()
    this.#out.r = Number.NaN
    this.#out.psi = Number.NaN
  }
}

/** What the CLI lists for the panel indicator, which does not fit the single-series registry. */
export const kuramotoPanel = {
  name: 'kuramoto',
  title: 'Kuramoto order parameter',
  description:
    'Synchronisation of N assets: R = |mean of exp(iθ_j)| over their causal Hilbert phases (1 in phase, 0 spread out), and the mean phase ψ.',
  params: kuramotoParams,
  ranges: { r: { min: 0, max: 1 }, psi: { min: -Math.PI, max: Math.PI } } satisfies Record<
    keyof KuramotoColumns,
    OutputRange
  >,
  compute: (prices: readonly Float64Array[], params?: KuramotoParams): KuramotoColumns =>
    kuramotoFromPrices(prices, params),
} as const
