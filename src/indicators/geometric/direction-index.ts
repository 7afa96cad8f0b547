/**
 * The direction index, one of the original TradePulse's composite measures: a weighted sum of
 * the skewness of recent returns, the change in Ricci curvature and a bias,
 *
 *   D_t = skewWeight·γ_t + curvatureWeight·Δκ_t + bias,
 *
 * with γ_t the skewness m₃ / m₂^{3/2} (population moments) of the last `window` log returns (0 when
 * they are all equal, to 1e−9 of their mean) and Δκ_t = κ_t − κ_{t−lag} the `temporal` output of `ricci` over the same
 * window: the change in the mean Ollivier–Ricci curvature of the price graph. Skewness says which
 * way the recent large moves went; a falling curvature says the price is leaving the levels it
 * congested in (a breakout), a rising one that it is settling. The default weights (1, 1, 0) add
 * the two unscaled; what the sum means on real data is in docs/indicators.md.
 *
 * A value that is not positive has no log return and no price level: its row is NaN in every
 * output and it is skipped, as `ricci` skips it. Defined once `ricci`'s temporal is, row
 * window − 1 + lag (the skewness needs window returns, row window, which comes no later).
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { numberParam, windowParam } from '../core/params.ts'
import { isFiniteNumber } from '../core/streaming.ts'
import { type RowEngine, batchFromEngine } from '../microstructure/row-engine.ts'
import { Ricci } from './ricci.ts'

export const directionIndexParams = z.strictObject({
  window: windowParam(64, 'Prices in the Ricci window; log returns in the skewness window', 3),
  lag: windowParam(16, 'Bars over which the change in curvature is taken', 1),
  skewWeight: numberParam(1, 'Weight of the return skewness'),
  curvatureWeight: numberParam(1, 'Weight of the change in Ricci curvature'),
  bias: numberParam(0, 'Constant added to the sum'),
})
type ResolvedParams = z.output<typeof directionIndexParams>

type Out = 'value' | 'skewness' | 'curvatureChange'

/** Population skewness m₃ / m₂^{3/2} of `values` (two passes); 0 when they are all equal (to 1e−9 of their mean). */
export function skewness(values: Float64Array): number {
  const n = values.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += values[i]!
  const mean = sum / n
  let m2 = 0
  let m3 = 0
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean
    m2 += d * d
    m3 += d * d * d
  }
  m2 /= n
  m3 /= n
  // Returns equal up to rounding (a steady trend) have no shape: their skewness would be the
  // skewness of rounding noise, anything in [−√n, √n]. A spread below 1e−9 of the mean counts as none.
  return m2 > (mean * 1e-9) ** 2 ? m3 / m2 ** 1.5 : 0
}

class DirectionIndexEngine implements RowEngine<'value', Out> {
  readonly #p: ResolvedParams
  readonly #ricci: Ricci
  readonly #returns: Float64Array
  readonly #out = { value: Number.NaN, skewness: Number.NaN, curvatureChange: Number.NaN }
  readonly #skipped = Object.freeze({ value: Number.NaN, skewness: Number.NaN, curvatureChange: Number.NaN })
  #previous = Number.NaN
  #next = 0
  #count = 0

  constructor(p: ResolvedParams) {
    this.#p = p
    this.#ricci = new Ricci({ window: p.window, lag: p.lag })
    this.#returns = new Float64Array(p.window)
  }

  update(row: InputRow<'value'>): OutputRow<Out> {
    const price = row.value
    if (!(price > 0) || !isFiniteNumber(price)) return this.#skipped
    const curvatureChange = this.#ricci.update(price).temporal
    const previous = this.#previous
    this.#previous = price
    const out = this.#out
    if (!Number.isNaN(previous)) {
      const window = this.#returns.length
      this.#returns[this.#next] = Math.log(price / previous)
      this.#next = this.#next + 1 === window ? 0 : this.#next + 1
      if (this.#count < window) this.#count++
    }
    // Storage order is fine: the moments do not depend on which return is oldest.
    out.skewness = this.#count === this.#returns.length ? skewness(this.#returns) : Number.NaN
    out.curvatureChange = curvatureChange
    const p = this.#p
    out.value = p.skewWeight * out.skewness + p.curvatureWeight * curvatureChange + p.bias
    return out
  }

  reset(): void {
    this.#ricci.reset()
    this.#previous = Number.NaN
    this.#next = 0
    this.#count = 0
  }
}

const OUTPUTS: readonly Out[] = ['value', 'skewness', 'curvatureChange']

export const directionIndexIndicator = defineIndicator({
  name: 'direction-index',
  title: 'Direction index (return skewness + change in Ricci curvature)',
  category: 'geometric',
  description:
    'Weighted sum of the skewness of recent log returns, the change in Ricci curvature over lag bars, and a bias.',
  inputs: ['value'],
  outputs: OUTPUTS,
  params: directionIndexParams,
  warmup: (p) => p.window - 1 + p.lag,
  batch: (inputs, p, into) => batchFromEngine(new DirectionIndexEngine(p), ['value'], OUTPUTS, inputs, into),
  stream: (p) => new DirectionIndexEngine(p),
})
