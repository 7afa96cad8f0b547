/**
 * Triple exponential moving average (Mulloy): TEMA = 3·EMA − 3·EMA² + EMA³, where EMA² is the EMA
 * of the EMA and EMA³ the EMA of that. It cancels the lag of a single EMA further than DEMA.
 *
 * All three are the library's EMA (α = 2 / (period + 1), seeded with the simple average of their
 * first `period` inputs), each fed with the previous one's values from the row they start, so
 * EMA is defined from index period − 1, EMA² from 2(period − 1) and EMA³ — and TEMA — from
 * 3(period − 1), as in TA-Lib. trading-signals seeds its EMAs with their first input instead and
 * converges to the same values (see tema.test.ts). Batch and stream perform the same operations
 * in the same order.
 */
import { z } from 'zod'
import { valueStream } from '../core/adapters.ts'
import { defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { Ema, emaKernel } from './ema.ts'

export const temaParams = z.strictObject({
  period: windowParam(20, 'Period of the three EMAs; α = 2 / (period + 1)'),
})
export type TemaParams = z.input<typeof temaParams>

/** The batch kernel: `period` must be a positive integer, `values` finite. */
export function temaKernel(
  values: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length
  const alpha = 2 / (period + 1)
  const single = emaKernel(values, period, alpha, out)
  const start2 = Math.min(period - 1, n)
  const start3 = Math.min(2 * (period - 1), n)
  const double = new Float64Array(n)
  const triple = new Float64Array(n)
  double.fill(Number.NaN, 0, start2)
  triple.fill(Number.NaN, 0, start3)
  emaKernel(single.subarray(start2), period, alpha, double.subarray(start2))
  emaKernel(double.subarray(start3), period, alpha, triple.subarray(start3))
  for (let i = 0; i < n; i++) out[i] = 3 * single[i]! - 3 * double[i]! + triple[i]!
  return out
}

export class Tema implements StreamingIndicator<number, number> {
  readonly period: number
  readonly #single: Ema
  readonly #double: Ema
  readonly #triple: Ema

  constructor(params: TemaParams = {}) {
    this.period = temaIndicator.resolve(params).period
    this.#single = new Ema({ period: this.period })
    this.#double = new Ema({ period: this.period })
    this.#triple = new Ema({ period: this.period })
  }

  update(value: number): number {
    if (!isFiniteNumber(value)) return Number.NaN
    const single = this.#single.update(value)
    if (single !== single) return Number.NaN
    const double = this.#double.update(single)
    if (double !== double) return Number.NaN
    return 3 * single - 3 * double + this.#triple.update(double)
  }

  reset(): void {
    this.#single.reset()
    this.#double.reset()
    this.#triple.reset()
  }
}

export const temaIndicator = defineIndicator({
  name: 'tema',
  title: 'Triple exponential moving average',
  category: 'trend',
  description: '3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)): an EMA with even less lag than DEMA.',
  inputs: ['value'],
  outputs: ['value'],
  params: temaParams,
  warmup: (p) => 3 * (p.period - 1),
  batch: (inputs, p, into) => ({ value: temaKernel(inputs.value, p.period, into?.value) }),
  stream: (p) => valueStream('value', new Tema(p)),
})

/** TEMA of `values`, NaN during the first 3(period − 1) values; written into `out` if given. */
export function tema(values: Float64Array, params: TemaParams = {}, out?: Float64Array): Float64Array {
  return temaIndicator.compute({ value: values }, params, out === undefined ? undefined : { value: out })
    .value
}
