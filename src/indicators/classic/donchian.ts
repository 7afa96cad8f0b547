/**
 * Donchian Channels: the highest high (upper) and lowest low (lower) of the last `period` bars, and
 * their midpoint (middle). Breakout systems (the Turtles' 20-bar channel) trade a close outside it.
 *
 * The rolling extremes come from the monotonic deques of sliding-extreme.ts, O(1) amortised per
 * bar whatever the period, shared by the batch kernel and the stream so both see the same extreme
 * at every row. Comparisons only, so the channel is exact: no rounding but the midpoint's.
 */
import { z } from 'zod'
import { type InputRow, type OutputColumns, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { SlidingExtreme, slidingMax, slidingMin } from './sliding-extreme.ts'

export const donchianParams = z.strictObject({ period: windowParam(20, 'Number of bars in the channel') })
export type DonchianParams = z.input<typeof donchianParams>

export type DonchianOutput = 'upper' | 'lower' | 'middle'
export const DONCHIAN_OUTPUTS: readonly DonchianOutput[] = ['upper', 'lower', 'middle']

export interface HighLow {
  readonly high: number
  readonly low: number
}

/** The batch kernel over finite columns: NaN for the first `period − 1` rows. */
export function donchianKernel(
  high: Float64Array,
  low: Float64Array,
  period: number,
  into: Partial<OutputColumns<DonchianOutput>> = {},
): OutputColumns<DonchianOutput> {
  const n = high.length
  const upper = slidingMax(high, period, into.upper ?? new Float64Array(n))
  const lower = slidingMin(low, period, into.lower ?? new Float64Array(n))
  const middle = into.middle ?? new Float64Array(n)
  for (let i = 0; i < n; i++) middle[i] = (upper[i]! + lower[i]!) / 2
  return { upper, lower, middle }
}

/** Streaming Donchian Channels; `update` returns one object, reused by the next update. */
export class Donchian implements StreamingIndicator<HighLow, OutputRow<DonchianOutput>> {
  readonly period: number
  readonly #max: SlidingExtreme
  readonly #min: SlidingExtreme
  readonly #out: Record<DonchianOutput, number> = { upper: Number.NaN, lower: Number.NaN, middle: Number.NaN }

  constructor(params: DonchianParams = {}) {
    this.period = donchianIndicator.resolve(params).period
    this.#max = new SlidingExtreme(this.period, 'max')
    this.#min = new SlidingExtreme(this.period, 'min')
  }

  update(bar: HighLow): OutputRow<DonchianOutput> {
    const out = this.#out
    out.upper = out.lower = out.middle = Number.NaN
    if (!isFiniteNumber(bar.high) || !isFiniteNumber(bar.low)) return out
    const upper = this.#max.push(bar.high)
    const lower = this.#min.push(bar.low)
    if (this.#max.count < this.period) return out
    out.upper = upper
    out.lower = lower
    out.middle = (upper + lower) / 2
    return out
  }

  reset(): void {
    this.#max.reset()
    this.#min.reset()
  }
}

export const donchianIndicator = defineIndicator({
  name: 'donchian',
  title: 'Donchian Channels',
  category: 'volatility',
  description: 'Highest high and lowest low of the last `period` bars, and their midpoint.',
  inputs: ['high', 'low'],
  outputs: DONCHIAN_OUTPUTS,
  params: donchianParams,
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => donchianKernel(inputs.high, inputs.low, p.period, into),
  stream: (p) => {
    const donchian = new Donchian(p)
    return {
      update: (row: InputRow<'high' | 'low'>) => donchian.update(row),
      reset: (): void => {
        donchian.reset()
      },
    }
  },
})

/** Donchian Channels of the bars; NaN for the first `period − 1` rows. */
export function donchian(
  high: Float64Array,
  low: Float64Array,
  params: DonchianParams = {},
  into?: Partial<OutputColumns<DonchianOutput>>,
): OutputColumns<DonchianOutput> {
  return donchianIndicator.compute({ high, low }, params, into)
}
