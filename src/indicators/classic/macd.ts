/**
 * Moving average convergence/divergence (Appel): `macd` = EMA(fast) − EMA(slow) of the value,
 * `signal` = EMA(signal) of `macd`, `histogram` = `macd` − `signal`.
 *
 * Every EMA is the library's EMA (α = 2 / (period + 1), seeded with the simple average of its
 * first `period` inputs): the fast EMA from index fast − 1, the slow one — and `macd` — from
 * slow − 1, and the signal EMA is seeded with the mean of the first `signal` MACD values, so
 * `signal` and `histogram` start at slow + signal − 2 (33 with the defaults). technicalindicators
 * (with `SimpleMAOscillator: false, SimpleMASignal: false`) computes exactly this. TA-Lib starts
 * its fast EMA late, seeding it over the `fast` values that end where the slow seed ends, and
 * trading-signals seeds every EMA with its first input; both converge to these values as the
 * seeds are forgotten (see macd.test.ts).
 *
 * The batch kernel allocates nothing beyond its three outputs: the fast EMA is computed into the
 * `macd` column and the slow one into `histogram` before they are combined.
 */
import { z } from 'zod'
import { rowStream } from '../core/adapters.ts'
import { type InputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { Ema, emaKernel } from './ema.ts'

export const macdParams = z
  .strictObject({
    fast: windowParam(12, 'Period of the fast EMA; must be less than slow'),
    slow: windowParam(26, 'Period of the slow EMA', 2),
    signal: windowParam(9, 'Period of the signal EMA of the MACD line'),
  })
  .refine((p) => p.fast < p.slow, { message: 'must be less than slow', path: ['fast'] })
export type MacdParams = z.input<typeof macdParams>

export type MacdOutput = 'macd' | 'signal' | 'histogram'
export interface MacdRow {
  macd: number
  signal: number
  histogram: number
}

export interface MacdColumns {
  readonly macd: Float64Array
  readonly signal: Float64Array
  readonly histogram: Float64Array
}

/** The batch kernel: `fast` < `slow` and `signal` positive integers, `values` finite. */
export function macdKernel(
  values: Float64Array,
  fast: number,
  slow: number,
  signalPeriod: number,
  into: Partial<Record<MacdOutput, Float64Array>> = {},
): MacdColumns {
  const n = values.length
  const macd = emaKernel(values, fast, 2 / (fast + 1), into.macd ?? new Float64Array(n))
  const slowEma = emaKernel(values, slow, 2 / (slow + 1), into.histogram ?? new Float64Array(n))
  for (let i = 0; i < n; i++) macd[i] = macd[i]! - slowEma[i]!
  const start = Math.min(slow - 1, n)
  const signal = into.signal ?? new Float64Array(n)
  signal.fill(Number.NaN, 0, start)
  emaKernel(macd.subarray(start), signalPeriod, 2 / (signalPeriod + 1), signal.subarray(start))
  const histogram = slowEma
  for (let i = 0; i < n; i++) histogram[i] = macd[i]! - signal[i]!
  return { macd, signal, histogram }
}

/** Streaming MACD. `update` returns one row object that the next update overwrites. */
export class Macd implements StreamingIndicator<number, MacdRow> {
  readonly fast: number
  readonly slow: number
  readonly signal: number
  readonly #fast: Ema
  readonly #slow: Ema
  readonly #signal: Ema
  readonly #row: MacdRow = { macd: Number.NaN, signal: Number.NaN, histogram: Number.NaN }

  constructor(params: MacdParams = {}) {
    const p = macdIndicator.resolve(params)
    this.fast = p.fast
    this.slow = p.slow
    this.signal = p.signal
    this.#fast = new Ema({ period: p.fast })
    this.#slow = new Ema({ period: p.slow })
    this.#signal = new Ema({ period: p.signal })
  }

  update(value: number): MacdRow {
    const row = this.#row
    if (!isFiniteNumber(value)) {
      row.macd = row.signal = row.histogram = Number.NaN
      return row
    }
    const macd = this.#fast.update(value) - this.#slow.update(value)
    row.macd = macd
    // The signal EMA only ever sees defined MACD values (Ema skips NaN anyway).
    row.signal = macd === macd ? this.#signal.update(macd) : Number.NaN
    row.histogram = macd - row.signal
    return row
  }

  reset(): void {
    this.#fast.reset()
    this.#slow.reset()
    this.#signal.reset()
  }
}

export const macdIndicator = defineIndicator({
  name: 'macd',
  title: 'Moving average convergence/divergence',
  category: 'trend',
  description: 'EMA(fast) − EMA(slow), its EMA(signal), and their difference (the histogram).',
  inputs: ['value'],
  outputs: ['macd', 'signal', 'histogram'],
  params: macdParams,
  warmup: (p) => p.slow + p.signal - 2,
  batch: (inputs, p, into) => macdKernel(inputs.value, p.fast, p.slow, p.signal, into),
  stream: (p) => rowStream(new Macd(p), (row: InputRow<'value'>) => row.value),
})

/** MACD of `values`: NaN in `signal` and `histogram` before slow + signal − 2. */
export function macd(values: Float64Array, params: MacdParams = {}): MacdColumns {
  return macdIndicator.compute({ value: values }, params)
}
