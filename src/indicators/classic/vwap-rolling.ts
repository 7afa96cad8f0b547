/**
 * Rolling VWAP: the volume-weighted average of the typical price (high + low + close) / 3 over the
 * last `period` bars, Σ tp·v / Σ v. Unlike the session VWAP (vwap-session.ts) it never resets, so it
 * suits markets without sessions; unlike technicalindicators' VWAP it is not cumulative from the
 * first bar, which would make the value depend on where the data happens to start.
 *
 * Volume spans orders of magnitude, and a running sum that subtracts the bar leaving the window
 * keeps the rounding residue of a huge bar long after it left (1e12 shares leave ±1e-4 in a sum
 * that should be 20). So the window is summed as in rolling-std.ts: suffix sums of the previous
 * block of `period` bars computed once per block, prefix sums forward, the window being one plus
 * the other. Nothing is subtracted, so the sums are sums of non-negative terms with a relative
 * error of at most about period · ε, and a window with no volume sums to exactly 0.
 *
 * Zero volume in the whole window (a halted market, a feed without volume): the VWAP is then the
 * typical price of the latest bar — the natural limit, and never 0/0. Volumes are expected to be
 * non-negative; a window whose volume sums to zero or less gets the same rule.
 */
import { z } from 'zod'
import { type InputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

export const vwapRollingParams = z.strictObject({ period: windowParam(20, 'Number of bars in the window') })
export type VwapRollingParams = z.input<typeof vwapRollingParams>

export interface VolumeBar {
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
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
  // Index p: sum over the previous block from row (block start − period + p) to its end.
  const suffixPv = new Float64Array(period + 1)
  const suffixV = new Float64Array(period + 1)
  for (let b = 0; b < n; b += period) {
    if (b > 0) {
      let tpv = 0
      let tv = 0
      for (let p = period - 1; p >= 1; p--) {
        const j = b - period + p
        const v = volume[j]!
        tpv += ((high[j]! + low[j]! + close[j]!) / 3) * v
        tv += v
        suffixPv[p] = tpv
        suffixV[p] = tv
      }
    }
    let cpv = 0
    let cv = 0
    const end = Math.min(b + period, n)
    for (let i = b, q = 1; i < end; i++, q++) {
      const tp = (high[i]! + low[i]! + close[i]!) / 3
      const v = volume[i]!
      cpv += tp * v
      cv += v
      if (i < period - 1) {
        out[i] = Number.NaN
        continue
      }
      const sv = suffixV[q]! + cv
      out[i] = sv > 0 ? (suffixPv[q]! + cpv) / sv : tp
    }
  }
  return out
}

export class VwapRolling implements StreamingIndicator<VolumeBar, number> {
  readonly period: number
  readonly #pv: RingBuffer
  readonly #v: RingBuffer
  readonly #suffixPv: Float64Array
  readonly #suffixV: Float64Array
  #phase = 0
  #cpv = 0
  #cv = 0

  constructor(params: VwapRollingParams = {}) {
    this.period = vwapRollingIndicator.resolve(params).period
    this.#pv = new RingBuffer(this.period)
    this.#v = new RingBuffer(this.period)
    this.#suffixPv = new Float64Array(this.period + 1)
    this.#suffixV = new Float64Array(this.period + 1)
  }

  update(bar: VolumeBar): number {
    const { high, low, close, volume } = bar
    if (!isFiniteNumber(high) || !isFiniteNumber(low) || !isFiniteNumber(close) || !isFiniteNumber(volume)) {
      return Number.NaN
    }
    const period = this.period
    const tp = (high + low + close) / 3
    const pv = tp * volume
    this.#pv.push(pv)
    this.#v.push(volume)
    if (this.#phase === 0) {
      if (this.#v.size === period) {
        let tpv = 0
        let tv = 0
        for (let p = period - 1; p >= 1; p--) {
          tpv += this.#pv.at(p - 1)
          tv += this.#v.at(p - 1)
          this.#suffixPv[p] = tpv
          this.#suffixV[p] = tv
        }
      }
      this.#cpv = 0
      this.#cv = 0
    }
    const q = this.#phase + 1
    this.#phase = q === period ? 0 : q
    this.#cpv += pv
    this.#cv += volume
    if (!this.#v.full) return Number.NaN
    const sv = this.#suffixV[q]! + this.#cv
    return sv > 0 ? (this.#suffixPv[q]! + this.#cpv) / sv : tp
  }

  reset(): void {
    this.#pv.clear()
    this.#v.clear()
    this.#phase = 0
    this.#cpv = 0
    this.#cv = 0
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
