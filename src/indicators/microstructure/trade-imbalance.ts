/**
 * Trade imbalance over the last `period` rows: (Σ buyVolume − Σ sellVolume) / (Σ buyVolume +
 * Σ sellVolume), in [−1, 1] — +1 when every traded unit was bought by an aggressor, −1 when every
 * one was sold, 0 when they balance or nothing traded. The sums are taken afresh over the window
 * (O(period) a row) so that a burst of volume leaving the window cannot leave rounding residue
 * behind. A negative volume counts as zero.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { positive } from './cumulative-volume-delta.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'

export const tradeImbalanceParams = z.strictObject({
  period: windowParam(20, 'Rows in the window'),
})

type In = 'buyVolume' | 'sellVolume'

/** (b − s) / (b + s) clamped to [−1, 1], 0 when b + s = 0. */
export function imbalance(buy: number, sell: number): number {
  const total = buy + sell
  if (!(total > 0)) return 0
  const x = (buy - sell) / total
  return x > 1 ? 1 : x < -1 ? -1 : x
}

class TradeImbalanceEngine implements RowEngine<In, 'value'> {
  readonly #buy: Float64Array
  readonly #sell: Float64Array
  readonly #out = { value: Number.NaN }
  #next = 0
  #count = 0

  constructor(period: number) {
    this.#buy = new Float64Array(period)
    this.#sell = new Float64Array(period)
  }

  update(row: InputRow<In>): OutputRow<'value'> {
    const period = this.#buy.length
    this.#buy[this.#next] = positive(row.buyVolume)
    this.#sell[this.#next] = positive(row.sellVolume)
    this.#next = this.#next + 1 === period ? 0 : this.#next + 1
    if (this.#count < period) this.#count++
    if (this.#count < period) {
      this.#out.value = Number.NaN
      return this.#out
    }
    let buy = 0
    let sell = 0
    for (let k = 0; k < period; k++) {
      buy += this.#buy[k]!
      sell += this.#sell[k]!
    }
    this.#out.value = imbalance(buy, sell)
    return this.#out
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
    this.#out.value = Number.NaN
  }
}

const INPUTS: readonly In[] = ['buyVolume', 'sellVolume']

export const tradeImbalanceIndicator = defineIndicator({
  name: 'trade-imbalance',
  title: 'Trade imbalance',
  category: 'volume',
  description: 'Bought minus sold volume over the window, as a share of the volume traded, in [−1, 1].',
  inputs: INPUTS,
  outputs: ['value'],
  params: tradeImbalanceParams,
  ranges: () => ({ value: { min: -1, max: 1 } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) =>
    batchFromEngine(new TradeImbalanceEngine(p.period), INPUTS, ['value'], inputs, into),
  stream: (p) => new TradeImbalanceEngine(p.period),
})
