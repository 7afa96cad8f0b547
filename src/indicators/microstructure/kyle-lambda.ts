/**
 * Rolling Kyle's λ (Kyle, "Continuous auctions and insider trading", Econometrica 1985): the
 * price impact per unit of signed volume, estimated by ordinary least squares over the last
 * `window` rows of
 *
 *   Δp_t = α + λ·q_t + ε_t,   Δp_t = close_t − close_{t−1},   q_t = buyVolume_t − sellVolume_t,
 *
 * so λ = Σ (q − q̄)(Δp − Δp̄) / Σ (q − q̄)², in price units per unit of volume. `rSquared` is the
 * share of the price changes' variance the signed volume explains, in [0, 1] (0 when prices did
 * not move). Both are NaN when the window's signed volume is constant (no variation to regress
 * on). The window is summed afresh each row, two passes (means, then deviations), so a small λ
 * is not lost to cancellation. On a series built as Δp = λ·q exactly, it returns λ.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'

export const kyleLambdaParams = z.strictObject({
  window: windowParam(50, 'Price changes in the regression window', 3),
})

type In = 'close' | 'buyVolume' | 'sellVolume'
type Out = 'lambda' | 'rSquared'

class KyleLambdaEngine implements RowEngine<In, Out> {
  readonly #dp: Float64Array
  readonly #q: Float64Array
  readonly #out = { lambda: Number.NaN, rSquared: Number.NaN }
  #previous = Number.NaN
  #next = 0
  #count = 0

  constructor(window: number) {
    this.#dp = new Float64Array(window)
    this.#q = new Float64Array(window)
  }

  update(row: InputRow<In>): OutputRow<Out> {
    const out = this.#out
    const previous = this.#previous
    this.#previous = row.close
    if (Number.isNaN(previous)) return out
    const window = this.#q.length
    this.#dp[this.#next] = row.close - previous
    this.#q[this.#next] = row.buyVolume - row.sellVolume
    this.#next = this.#next + 1 === window ? 0 : this.#next + 1
    if (this.#count < window) this.#count++
    if (this.#count < window) return out
    const fit = olsSlope(this.#q, this.#dp)
    out.lambda = fit.slope
    out.rSquared = fit.rSquared
    return out
  }

  reset(): void {
    this.#previous = Number.NaN
    this.#next = 0
    this.#count = 0
    this.#out.lambda = this.#out.rSquared = Number.NaN
  }
}

/** Slope and R² of y on x with an intercept; NaN for both when x is constant. */
export function olsSlope(x: Float64Array, y: Float64Array): { slope: number; rSquared: number } {
  const n = x.length
  let sx = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    sx += x[i]!
    sy += y[i]!
  }
  const mx = sx / n
  const my = sy / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx
    const dy = y[i]! - my
    sxx += dx * dx
    sxy += dx * dy
    syy += dy * dy
  }
  if (!(sxx > 0)) return { slope: Number.NaN, rSquared: Number.NaN }
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 0
  return { slope: sxy / sxx, rSquared: r2 > 1 ? 1 : r2 }
}

const INPUTS: readonly In[] = ['close', 'buyVolume', 'sellVolume']
const OUTPUTS: readonly Out[] = ['lambda', 'rSquared']

export const kyleLambdaIndicator = defineIndicator({
  name: 'kyle-lambda',
  title: "Kyle's λ (rolling price impact)",
  category: 'volume',
  description:
    'Price change per unit of signed volume (buy − sell), by rolling least squares, with the R² of the fit.',
  inputs: INPUTS,
  outputs: OUTPUTS,
  params: kyleLambdaParams,
  ranges: () => ({ rSquared: { min: 0, max: 1 } }),
  warmup: (p) => p.window,
  batch: (inputs, p, into) => batchFromEngine(new KyleLambdaEngine(p.window), INPUTS, OUTPUTS, inputs, into),
  stream: (p) => new KyleLambdaEngine(p.window),
})
