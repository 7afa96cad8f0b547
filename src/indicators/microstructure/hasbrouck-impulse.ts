/**
 * Hasbrouck's information impulse ("Measuring the information content of stock trades",
 * J. Finance 46(1), 1991): the permanent price impact of a trade innovation, from a vector
 * autoregression on log returns r_t = ln(close_t / close_{t−1}) and signed volume
 * x_t = buyVolume_t − sellVolume_t, fitted by least squares over the last `window` rows:
 *
 *   x_t = a₀ + Σ_{k=1..L} (a_k·r_{t−k} + b_k·x_{t−k}) + e_{x,t}
 *   r_t = c₀' + c₀·x_t + Σ_{k=1..L} (c_k·x_{t−k} + d_k·r_{t−k}) + e_{r,t}
 *
 * with lag order L = `lags` (1 by default: on bars, order flow and returns decorrelate within a
 * bar or two, and each lag costs two regressors out of a short window). Identification is
 * Hasbrouck's: within a row the trade comes first — x_t enters the return equation, r_t does not
 * enter the trade equation — so the trade innovation e_x is the first factor of a Cholesky
 * ordering (trade, then quote revision), and a return innovation e_r never moves the trade the
 * same row. The impulse is the cumulative return response over `horizon` rows after a shock of
 * one standard deviation of e_x (s = 0 is the shock's own row):
 *
 *   x_0 = σ_e,  r_0 = c₀·x_0;  for s ≥ 1: x_s = Σ a_k·r_{s−k} + b_k·x_{s−k},
 *   r_s = c₀·x_s + Σ c_k·x_{s−k} + d_k·r_{s−k};   impulse = Σ_{s=0..horizon} r_s,
 *
 * in log-return units (the VAR's long-run response, truncated where a stable VAR has
 * converged). `perUnit` = impulse / σ_e is the same per unit of signed volume. σ_e is the
 * residual standard deviation of the trade equation (divisor m − 2L − 1, m = window − L
 * equations).
 *
 * Before fitting, both series are divided by their window standard deviations, so the normal
 * equations are well scaled whatever the volume's units; the response is scaled back. Both
 * outputs are NaN when signed volume does not vary in the window or a system is singular, and 0
 * when prices do not move. O(window · L²) a row.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { solveInPlace } from './linear-system.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'

export const hasbrouckImpulseParams = z.strictObject({
  window: windowParam(100, 'Rows (returns) in the estimation window', 20),
  lags: z.number().int().min(1).max(5).default(1).describe('Lag order L of the VAR'),
  horizon: windowParam(10, 'Rows after the shock summed into the permanent impact', 0),
})
type ResolvedParams = z.output<typeof hasbrouckImpulseParams>

type In = 'close' | 'buyVolume' | 'sellVolume'
type Out = 'impulse' | 'perUnit'

/** Window standard deviation (population) of `values`. */
function deviation(values: Float64Array): number {
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / values.length
  let squares = 0
  for (const v of values) squares += (v - mean) ** 2
  return Math.sqrt(squares / values.length)
}

/** One least-squares equation with an intercept, over a preallocated design. */
class Equation {
  readonly regressors: number
  readonly observations: number
  readonly design: Float64Array
  readonly target: Float64Array
  readonly coefficients: Float64Array
  readonly #normal: Float64Array
  residualSd = Number.NaN

  constructor(regressors: number, observations: number) {
    this.regressors = regressors
    this.observations = observations
    this.design = new Float64Array(regressors * observations)
    this.target = new Float64Array(observations)
    this.coefficients = new Float64Array(regressors)
    this.#normal = new Float64Array(regressors * regressors)
  }

  /** Fits the filled design (centred here: the intercept); false when singular. */
  fit(): boolean {
    const k = this.regressors
    const m = this.observations
    const d = this.design
    const y = this.target
    for (let j = 0; j < k; j++) {
      let s = 0
      for (let i = 0; i < m; i++) s += d[i * k + j]!
      const mean = s / m
      for (let i = 0; i < m; i++) d[i * k + j] = d[i * k + j]! - mean
    }
    let sy = 0
    for (let i = 0; i < m; i++) sy += y[i]!
    const my = sy / m
    for (let i = 0; i < m; i++) y[i] = y[i]! - my
    const a = this.#normal
    const b = this.coefficients
    for (let p = 0; p < k; p++) {
      for (let q = p; q < k; q++) {
        let s = 0
        for (let i = 0; i < m; i++) s += d[i * k + p]! * d[i * k + q]!
        a[p * k + q] = s
        a[q * k + p] = s
      }
      let s = 0
      for (let i = 0; i < m; i++) s += d[i * k + p]! * y[i]!
      b[p] = s
    }
    if (!solveInPlace(a, b, k)) return false
    let ssr = 0
    for (let i = 0; i < m; i++) {
      let fitted = 0
      for (let j = 0; j < k; j++) fitted += d[i * k + j]! * b[j]!
      ssr += (y[i]! - fitted) ** 2
    }
    this.residualSd = Math.sqrt(ssr / (m - k - 1))
    return true
  }
}

class HasbrouckEngine implements RowEngine<In, Out> {
  readonly #p: ResolvedParams
  readonly #returns: Float64Array
  readonly #flow: Float64Array
  readonly #r: Float64Array
  readonly #x: Float64Array
  readonly #trade: Equation
  readonly #price: Equation
  readonly #responseR: Float64Array
  readonly #responseX: Float64Array
  readonly #out = { impulse: Number.NaN, perUnit: Number.NaN }
  #previous = Number.NaN
  #next = 0
  #count = 0

  constructor(p: ResolvedParams) {
    this.#p = p
    this.#returns = new Float64Array(p.window)
    this.#flow = new Float64Array(p.window)
    this.#r = new Float64Array(p.window)
    this.#x = new Float64Array(p.window)
    const m = p.window - p.lags
    this.#trade = new Equation(2 * p.lags, m)
    this.#price = new Equation(2 * p.lags + 1, m)
    this.#responseR = new Float64Array(p.horizon + 1)
    this.#responseX = new Float64Array(p.horizon + 1)
  }

  update(row: InputRow<In>): OutputRow<Out> {
    const out = this.#out
    const previous = this.#previous
    this.#previous = row.close
    if (Number.isNaN(previous)) return out
    const window = this.#p.window
    this.#returns[this.#next] = row.close > 0 && previous > 0 ? Math.log(row.close / previous) : 0
    this.#flow[this.#next] = row.buyVolume - row.sellVolume
    this.#next = this.#next + 1 === window ? 0 : this.#next + 1
    if (this.#count < window) this.#count++
    if (this.#count < window) return out
    this.#estimate()
    return out
  }

  reset(): void {
    this.#previous = Number.NaN
    this.#next = 0
    this.#count = 0
    this.#out.impulse = this.#out.perUnit = Number.NaN
  }

  #estimate(): void {
    const out = this.#out
    out.impulse = out.perUnit = Number.NaN
    const { window, lags, horizon } = this.#p
    const sr = deviation(this.#returns)
    const sx = deviation(this.#flow)
    if (!(sx > 0)) return
    // Oldest first, scaled to unit variance (flat prices stay 0).
    const r = this.#r
    const x = this.#x
    for (let i = 0; i < window; i++) {
      const slot = (this.#next + i) % window
      r[i] = sr > 0 ? this.#returns[slot]! / sr : 0
      x[i] = this.#flow[slot]! / sx
    }
    const trade = this.#trade
    const price = this.#price
    const kt = trade.regressors
    const kp = price.regressors
    for (let t = lags, i = 0; t < window; t++, i++) {
      trade.target[i] = x[t]!
      price.target[i] = r[t]!
      price.design[i * kp] = x[t]!
      for (let k = 1; k <= lags; k++) {
        trade.design[i * kt + (k - 1)] = r[t - k]!
        trade.design[i * kt + lags + (k - 1)] = x[t - k]!
        price.design[i * kp + k] = x[t - k]!
        price.design[i * kp + lags + k] = r[t - k]!
      }
    }
    if (!trade.fit() || !(trade.residualSd > 0)) return
    const sigma = trade.residualSd * sx
    if (!(sr > 0)) {
      out.impulse = out.perUnit = 0
      return
    }
    if (!price.fit()) return
    const a = trade.coefficients
    const c = price.coefficients
    const rs = this.#responseR
    const xs = this.#responseX
    let total = 0
    for (let s = 0; s <= horizon; s++) {
      let xNext = s === 0 ? trade.residualSd : 0
      let rNext = 0
      for (let k = 1; k <= lags && k <= s; k++) {
        xNext += a[k - 1]! * rs[s - k]! + a[lags + k - 1]! * xs[s - k]!
        rNext += c[k]! * xs[s - k]! + c[lags + k]! * rs[s - k]!
      }
      rNext += c[0]! * xNext
      xs[s] = xNext
      rs[s] = rNext
      total += rNext
    }
    out.impulse = total * sr
    out.perUnit = out.impulse / sigma
  }
}

const INPUTS: readonly In[] = ['close', 'buyVolume', 'sellVolume']
const OUTPUTS: readonly Out[] = ['impulse', 'perUnit']

export const hasbrouckImpulseIndicator = defineIndicator({
  name: 'hasbrouck-impulse',
  title: "Hasbrouck's information impulse",
  category: 'volume',
  description:
    'Permanent log-price impact of a one-standard-deviation trade innovation, from a rolling VAR on returns and signed volume (trades ordered first).',
  inputs: INPUTS,
  outputs: OUTPUTS,
  params: hasbrouckImpulseParams,
  warmup: (p) => p.window,
  batch: (inputs, p, into) => batchFromEngine(new HasbrouckEngine(p), INPUTS, OUTPUTS, inputs, into),
  stream: (p) => new HasbrouckEngine(p),
})
