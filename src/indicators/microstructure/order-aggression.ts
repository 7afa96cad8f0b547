/**
 * Order aggression: where trades print inside the spread, volume-weighted over the last `period`
 * rows. Per row, a = (price − mid) / half-spread clamped to [−1, 1], with mid = (bid + ask) / 2
 * and half-spread = (ask − bid) / 2: +1 for a trade at or through the ask (a buyer crossing the
 * whole spread), −1 at or through the bid, 0 at the mid. The output is Σ a·volume / Σ volume over
 * the window, in [−1, 1]: the quote rule of Lee & Ready (1991) made continuous, so it also sees
 * how far into the spread aggressors reach. A locked or crossed quote (ask ≤ bid) gives
 * a = sign(price − mid); no volume in the window gives 0. The price is the bar's close against
 * the quotes at the close.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { positive } from './cumulative-volume-delta.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'

export const orderAggressionParams = z.strictObject({
  period: windowParam(20, 'Rows in the volume-weighted window'),
})

type In = 'close' | 'bid' | 'ask' | 'volume'

/** The trade's position in the spread, in [−1, 1]. */
export function spreadPosition(price: number, bid: number, ask: number): number {
  const mid = (bid + ask) / 2
  const half = (ask - bid) / 2
  if (!(half > 0)) return price > mid ? 1 : price < mid ? -1 : 0
  const a = (price - mid) / half
  return a > 1 ? 1 : a < -1 ? -1 : a
}

class OrderAggressionEngine implements RowEngine<In, 'value'> {
  readonly #position: Float64Array
  readonly #volume: Float64Array
  readonly #out = { value: Number.NaN }
  #next = 0
  #count = 0

  constructor(period: number) {
    this.#position = new Float64Array(period)
    this.#volume = new Float64Array(period)
  }

  update(row: InputRow<In>): OutputRow<'value'> {
    const period = this.#volume.length
    this.#position[this.#next] = spreadPosition(row.close, row.bid, row.ask)
    this.#volume[this.#next] = positive(row.volume)
    this.#next = this.#next + 1 === period ? 0 : this.#next + 1
    if (this.#count < period) this.#count++
    if (this.#count < period) {
      this.#out.value = Number.NaN
      return this.#out
    }
    let weighted = 0
    let total = 0
    for (let k = 0; k < period; k++) {
      weighted += this.#position[k]! * this.#volume[k]!
      total += this.#volume[k]!
    }
    const value = total > 0 ? weighted / total : 0
    this.#out.value = value > 1 ? 1 : value < -1 ? -1 : value
    return this.#out
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
    this.#out.value = Number.NaN
  }
}

const INPUTS: readonly In[] = ['close', 'bid', 'ask', 'volume']

export const orderAggressionIndicator = defineIndicator({
  name: 'order-aggression',
  title: 'Order aggression',
  category: 'volume',
  description:
    'Volume-weighted position of trades in the spread, from −1 (at the bid) to +1 (at the ask), over the window.',
  inputs: INPUTS,
  outputs: ['value'],
  params: orderAggressionParams,
  ranges: () => ({ value: { min: -1, max: 1 } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) =>
    batchFromEngine(new OrderAggressionEngine(p.period), INPUTS, ['value'], inputs, into),
  stream: (p) => new OrderAggressionEngine(p.period),
})
