/**
 * Queue imbalance of the best quotes: (bidSize − askSize) / (bidSize + askSize), in [−1, 1],
 * averaged over the last `period` rows (1, the default, is the latest snapshot alone). Gould &
 * Bonart ("Queue imbalance as a one-tick-ahead price predictor in a limit order book", 2016)
 * show it predicts the direction of the next mid-price move: a deep bid and a thin ask (near +1)
 * point up. 0 when both queues are empty; a negative size counts as zero.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { positive } from './cumulative-volume-delta.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'
import { imbalance } from './trade-imbalance.ts'

export const queueImbalanceParams = z.strictObject({
  period: windowParam(1, 'Rows averaged (1: the latest snapshot)'),
})

type In = 'bidSize' | 'askSize'

class QueueImbalanceEngine implements RowEngine<In, 'value'> {
  readonly #window: Float64Array
  readonly #out = { value: Number.NaN }
  #next = 0
  #count = 0

  constructor(period: number) {
    this.#window = new Float64Array(period)
  }

  update(row: InputRow<In>): OutputRow<'value'> {
    const period = this.#window.length
    this.#window[this.#next] = imbalance(positive(row.bidSize), positive(row.askSize))
    this.#next = this.#next + 1 === period ? 0 : this.#next + 1
    if (this.#count < period) this.#count++
    if (this.#count < period) {
      this.#out.value = Number.NaN
      return this.#out
    }
    let sum = 0
    for (let k = 0; k < period; k++) sum += this.#window[k]!
    const mean = sum / period
    this.#out.value = mean > 1 ? 1 : mean < -1 ? -1 : mean
    return this.#out
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
    this.#out.value = Number.NaN
  }
}

const INPUTS: readonly In[] = ['bidSize', 'askSize']

export const queueImbalanceIndicator = defineIndicator({
  name: 'queue-imbalance',
  title: 'Queue imbalance',
  category: 'volume',
  description: 'Best bid size minus best ask size over their sum, in [−1, 1], averaged over the window.',
  inputs: INPUTS,
  outputs: ['value'],
  params: queueImbalanceParams,
  ranges: () => ({ value: { min: -1, max: 1 } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) =>
    batchFromEngine(new QueueImbalanceEngine(p.period), INPUTS, ['value'], inputs, into),
  stream: (p) => new QueueImbalanceEngine(p.period),
})
