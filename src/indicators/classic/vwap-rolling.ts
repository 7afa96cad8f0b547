/**
 * Rolling VWAP: the volume-weighted average of the typical price (high + low + close) / 3 over the
 * last `period` bars, Σ tp·v / Σ v. Unlike the session VWAP (vwap-session.ts) it never resets, so it
 * suits markets without sessions; unlike technicalindicators' VWAP it is not cumulative from the
 * first bar, which would make the value depend on where the data happens to start.
 *
 * Volume spans orders of magnitude, and a running sum that subtracts the bar leaving the window
 * keeps the rounding residue of a huge bar long after it left (1e12 shares leave ±1e-4 in a sum
 * that should be 20). So both sums follow the two-block rule of core/window-sums.ts (`WindowSum`):
 * nothing is subtracted, a bar stops counting the moment it leaves, the sums of non-negative terms
 * have a relative error of at most about period · ε, and a window with no volume sums to exactly 0.
 *
 * Zero volume in the whole window (a halted market, a feed without volume): the VWAP is then the
 * typical price of the latest bar — the natural limit, and never 0/0. Volumes are expected to be
 * non-negative; a window whose volume sums to zero or less gets the same rule.
 */
import { z } from 'zod'
import { type InputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { WindowSum, windowSums } from '../core/window-sums.ts'

export const vwapRollingParams = z.strictObject({ period: windowParam(20, 'Number of bars in the window') })
export type VwapRollingParams = z.input<typeof vwapRollingParams>

export interface VolumeBar {
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** The VWAP of a window from its sums; the latest typical price when it holds no volume. */
function vwapOf(priceVolume: number, volume: number, typical: number): number {
  return volume > 0 ? priceVolume / volume : typical
}

/** The batch kernel over finite columns of one length: NaN for the first `period − 1` rows. */
export function vwapRollingKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(high.length),
): Float64Array {
  const n = high.length
  const typical = new Float64Array(n)
  const priceVolume = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3
    typical[i] = tp
    priceVolume[i] = tp * volume[i]!
  }
  const sumPriceVolume = windowSums(priceVolume, period)
  const sumVolume = windowSums(volume, period, out)
  for (let i = period - 1; i < n; i++) out[i] = vwapOf(sumPriceVolume[i]!, sumVolume[i]!, typical[i]!)
  return out
}

export class VwapRolling implements StreamingIndicator<VolumeBar, number> {
  readonly period: number
  readonly #priceVolume: WindowSum
  readonly #volume: WindowSum

  constructor(params: VwapRollingParams = {}) {
    this.period = vwapRollingIndicator.resolve(params).period
    this.#priceVolume = new WindowSum(this.period)
    this.#volume = new WindowSum(this.period)
  }

  update(bar: VolumeBar): number {
    const { high, low, close, volume } = bar
    if (!isFiniteNumber(high) || !isFiniteNumber(low) || !isFiniteNumber(close) || !isFiniteNumber(volume)) {
      return Number.NaN
    }
    const tp = (high + low + close) / 3
    const priceVolume = this.#priceVolume.push(tp * volume)
    const sumVolume = this.#volume.push(volume)
    return this.#volume.full ? vwapOf(priceVolume, sumVolume, tp) : Number.NaN
  }

  reset(): void {
    this.#priceVolume.reset()
    this.#volume.reset()
  }
}

export const vwapRollingIndicator = defineIndicator({
  name: 'vwap-rolling',
  title: 'Rolling VWAP',
  category: 'volume',
  description:
    'Volume-weighted mean of the typical price (h + l + c) / 3 over the last `period` bars; the typical price when the window has no volume.',
  inputs: ['high', 'low', 'close', 'volume'],
  outputs: ['value'],
  params: vwapRollingParams,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({
    value: vwapRollingKernel(inputs.high, inputs.low, inputs.close, inputs.volume, p.period, into?.value),
  }),
  stream: (p) => {
    const vwap = new VwapRolling(p)
    const out = { value: Number.NaN }
    return {
      update(row: InputRow<'high' | 'low' | 'close' | 'volume'>) {
        out.value = vwap.update(row)
        return out
      },
      reset(): void {
        vwap.reset()
      },
    }
  },
})

/** Rolling VWAP of the bars; NaN for the first `period − 1` rows; into `out` if given. */
export function vwapRolling(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  params: VwapRollingParams = {},
  out?: Float64Array,
): Float64Array {
  return vwapRollingIndicator.compute(
    { high, low, close, volume },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
