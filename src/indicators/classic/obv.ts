/**
 * On-balance volume (Granville): a running total that adds the bar's volume when the close rises,
 * subtracts it when the close falls and leaves it when the close is unchanged.
 *
 * OBV is a cumulative sum with an arbitrary origin; here it is 0 on the first bar (which has no
 * previous close to compare with), so it is defined from index 0. technicalindicators emits
 * nothing for the first bar and starts at ±volume on the second; its values are ours shifted by
 * one row. TA-Lib starts at the first bar's volume instead of 0, which only shifts the whole line
 * by that constant. Only changes in OBV carry meaning, so all three agree where it matters.
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const obvParams = z.strictObject({})
export type ObvParams = z.input<typeof obvParams>

/** The batch kernel: `close` and `volume` finite and of one length. */
export function obvKernel(
  close: Float64Array,
  volume: Float64Array,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length
  if (n === 0) return out
  let total = 0
  let previous = close[0]!
  out[0] = 0
  for (let i = 1; i < n; i++) {
    const c = close[i]!
    if (c > previous) total += volume[i]!
    else if (c < previous) total -= volume[i]!
    previous = c
    out[i] = total
  }
  return out
}

/** Streaming OBV over (close, volume) pairs. */
export class Obv implements StreamingIndicator<InputRow<'close' | 'volume'>, OutputRow<'value'>> {
  readonly #row = { value: Number.NaN }
  #started = false
  #previous = 0
  #total = 0

  /** Takes no parameters; the argument exists for symmetry with the other indicators. */
  constructor(params: ObvParams = {}) {
    obvIndicator.resolve(params)
  }

  /** Returns a row object that the next update overwrites. */
  update(bar: InputRow<'close' | 'volume'>): OutputRow<'value'> {
    const { close, volume } = bar
    if (!isFiniteNumber(close) || !isFiniteNumber(volume)) {
      this.#row.value = Number.NaN
      return this.#row
    }
    if (this.#started) {
      if (close > this.#previous) this.#total += volume
      else if (close < this.#previous) this.#total -= volume
    }
    this.#started = true
    this.#previous = close
    this.#row.value = this.#total
    return this.#row
  }

  reset(): void {
    this.#started = false
    this.#previous = 0
    this.#total = 0
  }
}

export const obvIndicator = defineIndicator({
  name: 'obv',
  title: 'On-balance volume',
  category: 'volume',
  description:
    'Running total of volume, added on up closes and subtracted on down closes; 0 on the first bar.',
  inputs: ['close', 'volume'],
  outputs: ['value'],
  params: obvParams,
  warmup: () => 0,
  batch: (inputs, _p, into) => ({ value: obvKernel(inputs.close, inputs.volume, into?.value) }),
  stream: (p) => new Obv(p),
})

/** OBV of (close, volume), 0 on the first bar; written into `out` if given. */
export function obv(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  return obvIndicator.compute({ close, volume }, {}, out === undefined ? undefined : { value: out }).value
}
