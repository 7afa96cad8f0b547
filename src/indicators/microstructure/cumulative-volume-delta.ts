/**
 * Cumulative volume delta: the running total of bought minus sold volume, Σ (buyVolume −
 * sellVolume), from 0 before the first row. Like OBV its origin is arbitrary and only its changes
 * carry meaning: a rising line is aggressive buying, a falling one aggressive selling, and a price
 * that rises while the delta falls is buying absorbed by passive sellers. A negative volume
 * counts as zero. Defined from the first row.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'

export const cumulativeVolumeDeltaParams = z.strictObject({})

type In = 'buyVolume' | 'sellVolume'

class CumulativeVolumeDeltaEngine implements RowEngine<In, 'value'> {
  readonly #out = { value: Number.NaN }
  #total = 0

  update(row: InputRow<In>): OutputRow<'value'> {
    this.#total += positive(row.buyVolume) - positive(row.sellVolume)
    this.#out.value = this.#total
    return this.#out
  }

  reset(): void {
    this.#total = 0
  }
}

/** A volume, with a negative one counting as none. */
export function positive(volume: number): number {
  return volume > 0 ? volume : 0
}

const INPUTS: readonly In[] = ['buyVolume', 'sellVolume']

export const cumulativeVolumeDeltaIndicator = defineIndicator({
  name: 'cumulative-volume-delta',
  title: 'Cumulative volume delta',
  category: 'volume',
  description: 'Running total of bought minus sold volume; its changes show who is aggressing.',
  inputs: INPUTS,
  outputs: ['value'],
  params: cumulativeVolumeDeltaParams,
  warmup: () => 0,
  batch: (inputs, _p, into) =>
    batchFromEngine(new CumulativeVolumeDeltaEngine(), INPUTS, ['value'], inputs, into),
  stream: () => new CumulativeVolumeDeltaEngine(),
})
