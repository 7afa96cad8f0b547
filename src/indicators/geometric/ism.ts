/**
 * The ISM, one of the original TradePulse's composite measures: the rate of entropy change over a
 * topological energy term,
 *
 *   ISM_t = Ḣ_t / (ε + E_t),   Ḣ_t = (H_t − H_{t−h}) / h,   E_t = (1/h) Σ_{s=t−h+1..t} κ_s²,
 *
 * with H the Shannon entropy of the last `window` log returns in `bins` bins (`entropy`), κ the
 * mean Ollivier–Ricci curvature of the price graph of the last `window` prices (`ricci`), h =
 * `horizon` and ε = `epsilon`. E is the mean squared curvature over the horizon: near 0 when the
 * price graph is neither congested nor stretched, larger in either case. So the ISM is large when
 * disorder changes fast while the price graph carries little curvature energy — a structureless
 * market becoming more (positive) or less (negative) random — and damped where the graph is
 * strongly shaped. ε keeps it finite on a flat graph; outputs `entropyRate` (Ḣ) and `energy` (E)
 * give the two parts.
 *
 * A value that is not positive is skipped (NaN row), as in `ricci`. Defined from row window + h:
 * H is defined from row window, and H_{t−h} h rows later.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { positiveParam, windowParam } from '../core/params.ts'
import { isFiniteNumber } from '../core/streaming.ts'
import { type RowEngine, batchFromEngine } from '../microstructure/row-engine.ts'
import { Entropy } from './entropy.ts'
import { Ricci } from './ricci.ts'

export const ismParams = z.strictObject({
  window: windowParam(64, 'Log returns in the entropy window; prices in the Ricci window', 3),
  bins: windowParam(16, 'Histogram bins of the entropy', 2),
  horizon: windowParam(8, 'Bars over which the entropy rate and the curvature energy are taken', 1),
  epsilon: positiveParam(0.01, 'Added to the energy so a flat price graph does not divide by 0'),
})
type ResolvedParams = z.output<typeof ismParams>

type Out = 'value' | 'entropyRate' | 'energy'

class IsmEngine implements RowEngine<'value', Out> {
  readonly #p: ResolvedParams
  readonly #entropy: Entropy
  readonly #ricci: Ricci
  /** The last horizon + 1 entropies, and the last horizon squared curvatures. */
  readonly #entropies: Float64Array
  readonly #energies: Float64Array
  readonly #out = { value: Number.NaN, entropyRate: Number.NaN, energy: Number.NaN }
  readonly #skipped = Object.freeze({ value: Number.NaN, entropyRate: Number.NaN, energy: Number.NaN })
  #rows = 0

  constructor(p: ResolvedParams) {
    this.#p = p
    this.#entropy = new Entropy({ window: p.window, bins: p.bins })
    this.#ricci = new Ricci({ window: p.window })
    this.#entropies = new Float64Array(p.horizon + 1).fill(Number.NaN)
    this.#energies = new Float64Array(p.horizon).fill(Number.NaN)
  }

  update(row: InputRow<'value'>): OutputRow<Out> {
    const price = row.value
    if (!(price > 0) || !isFiniteNumber(price)) return this.#skipped
    const h = this.#p.horizon
    const index = this.#rows++
    const curvature = this.#ricci.update(price).curvature
    this.#entropies[index % (h + 1)] = this.#entropy.update(price)
    this.#energies[index % h] = curvature * curvature
    const out = this.#out
    // The slot row + 1 (mod h + 1) holds the entropy of h rows ago.
    out.entropyRate = (this.#entropies[index % (h + 1)]! - this.#entropies[(index + 1) % (h + 1)]!) / h
    let energy = 0
    for (let k = 0; k < h; k++) energy += this.#energies[k]!
    out.energy = energy / h
    out.value = out.entropyRate / (this.#p.epsilon + out.energy)
    return out
  }

  reset(): void {
    this.#entropy.reset()
    this.#ricci.reset()
    this.#entropies.fill(Number.NaN)
    this.#energies.fill(Number.NaN)
    this.#rows = 0
  }
}

const OUTPUTS: readonly Out[] = ['value', 'entropyRate', 'energy']

export const ismIndicator = defineIndicator({
  name: 'ism',
  title: 'ISM (entropy rate over topological energy)',
  category: 'geometric',
  description:
    'Rate of change of return entropy over horizon bars, divided by ε plus the mean squared Ricci curvature over the same bars.',
  inputs: ['value'],
  outputs: OUTPUTS,
  params: ismParams,
  ranges: () => ({ energy: { min: 0, max: 4 } }),
  warmup: (p) => p.window + p.horizon,
  batch: (inputs, p, into) => batchFromEngine(new IsmEngine(p), ['value'], OUTPUTS, inputs, into),
  stream: (p) => new IsmEngine(p),
})
