/**
 * Double exponential moving average (Mulloy): DEMA = 2·EMA − EMA(EMA), which cancels most of the
 * lag of a single EMA of the same period.
 *
 * Both EMAs are the library's EMA (α = 2 / (period + 1), seeded with the simple average of their
 * first `period` inputs), so the inner EMA is defined from index period − 1, the outer one — fed
 * with the inner EMA's values — from 2(period − 1), and so is DEMA. That is the composition
 * TA-Lib uses; trading-signals seeds its EMAs with the first value instead, so it differs early
 * on and converges (see dema.test.ts). The batch face runs `emaKernel` twice, the stream chains
 * two `Ema`s, and the two perform the same operations in the same order.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { Ema, emaKernel } from './ema.ts'

export const demaParams = z.strictObject({
  period: windowParam(20, 'Period of both EMAs; α = 2 / (period + 1)'),
})
export type DemaParams = z.input<typeof demaParams>

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function demaKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const alpha = 2 / (period + 1)
  const single = emaKernel(values, period, alpha, out)
  const start = Math.min(period - 1, n)
  const double = new Float64Array(n)
  double.fill(Number.NaN, 0, start)
  emaKernel(single.subarray(start), period, alpha, double.subarray(start))
  for (let i = 0; i < n; i++) out[i] = 2 * single[i]! - double[i]!
  return out
}

export class Dema implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #single: Ema
  readonly #double: Ema

  constructor(params: DemaParams = {}) {
    this.period = demaIndicator.resolve(params).period
    this.#single = new Ema({ period: this.period })
    this.#double = new Ema({ period: this.period })
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const single = this.#single.update(value)
    if (single !== single) return Number.NaN
    return 2 * single - this.#double.update(single)
  }

  reset(): void {
    this.#single.reset()
    this.#double.reset()
  }
}

export const demaIndicator = defineIndicator({
  name: 'dema',
  title: 'Double exponential moving average',
  category: 'trend',
  description: '2·EMA − EMA(EMA): an EMA with most of its lag removed.',
  inputs: ['value'],
  outputs: ['value'],
  params: demaParams,
  warmup: (p) => 2 * (p.period - 1),
  batch: (inputs, p, into) => ({ value: demaKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Dema(p)),
})

/** DEMA of `values`, NaN during the first 2(period − 1) values; written into `out` if given. */
export function dema(values: Float64Array, params: DemaParams = {}, out?: Float64Array): Float64Array {
  return demaIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out })
    .value
}
