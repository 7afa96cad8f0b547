/**
 * Session VWAP: the volume-weighted average of the typical price (high + low + close) / 3 since the
 * start of the current session, the intraday benchmark execution is measured against. Sessions are
 * UTC days shifted by `sessionStartMinute` (minutes after 00:00 UTC; 0 is the UTC day, 870 is
 * 14:30 UTC, the New York open in winter): a bar belongs to the session in which its open time
 * falls, and the first bar whose session differs from the previous bar's starts new sums.
 *
 * Cumulative sums of non-negative terms, reset every session, so there is no cancellation and no
 * error carried from one session to the next. While the session has no volume yet (a pre-open
 * print, a feed without volume) the VWAP is the typical price of the latest bar rather than 0/0.
 * Defined from the first bar (warm-up 0). technicalindicators' VWAP is this indicator with a single
 * session spanning all the data.
 */
import { z } from 'zod'
import { type InputRow, defineIndicator } from '../core/definition.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

export const vwapSessionParams = z.strictObject({
  sessionStartMinute: z
    .number()
    .int()
    .min(0)
    .max(1439)
    .default(0)
    .describe('Minutes after 00:00 UTC at which each session starts'),
})
export type VwapSessionParams = z.input<typeof vwapSessionParams>

export interface TimedVolumeBar {
  /** Bar open time, Unix milliseconds UTC. */
  readonly time: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** The session (a day number) a bar opening at `time` belongs to. */
export function sessionOf(time: number, sessionStartMinute: number): number {
  return Math.floor((time - sessionStartMinute * MINUTE_MS) / DAY_MS)
}

/** The batch kernel over finite columns of one length: defined from the first row. */
export function vwapSessionKernel(
  time: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  sessionStartMinute: number,
  out: Float64Array = new Float64Array(high.length),
): Float64Array {
  const n = high.length
  let session = Number.NaN
  let spv = 0
  let sv = 0
  for (let i = 0; i < n; i++) {
    const s = sessionOf(time[i]!, sessionStartMinute)
    if (s !== session) {
      session = s
      spv = 0
      sv = 0
    }
    const tp = (high[i]! + low[i]! + close[i]!) / 3
    const v = volume[i]!
    spv += tp * v
    sv += v
    out[i] = sv > 0 ? spv / sv : tp
  }
  return out
}

export class VwapSession implements StreamingIndicator<TimedVolumeBar, number> {
  readonly sessionStartMinute: number
  #session = Number.NaN
  #spv = 0
  #sv = 0

  constructor(params: VwapSessionParams = {}) {
    this.sessionStartMinute = vwapSessionIndicator.resolve(params).sessionStartMinute
  }

  update(bar: TimedVolumeBar): number {
    const { time, high, low, close, volume } = bar
    if (
      !isFiniteNumber(time) ||
      !isFiniteNumber(high) ||
      !isFiniteNumber(low) ||
      !isFiniteNumber(close) ||
      !isFiniteNumber(volume)
    ) {
      return Number.NaN
    }
    const s = sessionOf(time, this.sessionStartMinute)
    if (s !== this.#session) {
      this.#session = s
      this.#spv = 0
      this.#sv = 0
    }
    const tp = (high + low + close) / 3
    this.#spv += tp * volume
    this.#sv += volume
    return this.#sv > 0 ? this.#spv / this.#sv : tp
  }

  reset(): void {
    this.#session = Number.NaN
    this.#spv = 0
    this.#sv = 0
  }
}

export const vwapSessionIndicator = defineIndicator({
  name: 'vwap-session',
  title: 'Session VWAP',
  category: 'volume',
  description:
    'Volume-weighted mean of the typical price since the session start (UTC day shifted by `sessionStartMinute`).',
  inputs: ['time', 'high', 'low', 'close', 'volume'],
  outputs: ['value'],
  params: vwapSessionParams,
  warmup: () => 0,
  batch: (inputs, p, into) => ({
    value: vwapSessionKernel(
      inputs.time,
      inputs.high,
      inputs.low,
      inputs.close,
      inputs.volume,
      p.sessionStartMinute,
      into?.value,
    ),
  }),
  stream: (p) => {
    const vwap = new VwapSession(p)
    const out = { value: Number.NaN }
    return {
      update(row: InputRow<'time' | 'high' | 'low' | 'close' | 'volume'>) {
        out.value = vwap.update(row)
        return out
      },
      reset(): void {
        vwap.reset()
      },
    }
  },
})

/** Session VWAP of the bars (open times in Unix ms UTC); into `out` if given. */
export function vwapSession(
  time: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  params: VwapSessionParams = {},
  out?: Float64Array,
): Float64Array {
  return vwapSessionIndicator.compute(
    { time, high, low, close, volume },
    params,
    out === undefined ? undefined : { value: out },
  ).value
}
