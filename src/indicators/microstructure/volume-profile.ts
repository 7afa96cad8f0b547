/**
 * Rolling volume profile: the volume traded at each price over the last `window` bars, and the
 * three numbers traders read off it, one per bar so a profile fits the indicator contract:
 * - `poc`, the point of control: the centre of the price bin that traded the most volume (the
 *   lowest such bin on a tie);
 * - `valueAreaHigh`, `valueAreaLow`: the edges of the value area, the bins around the point of
 *   control that hold `valueArea` (70% by default) of the window's volume. It grows from the
 *   point of control one bin at a time toward the neighbour with more volume (upward on a tie),
 *   the usual market-profile construction (Steidlmayer; CBOT Market Profile handbook).
 *
 * The profile spans the window's [lowest low, highest high] in `bins` equal bins. Bars have no
 * trades by price, so each bar's volume is spread uniformly over its own [low, high] (in
 * proportion to the overlap with each bin); a bar with high = low puts its volume in the bin
 * holding that price. When the whole window is one price, all three outputs are that price. NaN
 * when the window traded no volume. A negative volume counts as zero. Rebuilt each bar,
 * O(window · bins).
 */
import { z } from 'zod'
import { type InputRow, type OutputRow, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { positive } from './cumulative-volume-delta.ts'
import { type RowEngine, batchFromEngine } from './row-engine.ts'

export const volumeProfileParams = z.strictObject({
  window: windowParam(50, 'Bars in the profile'),
  bins: windowParam(24, 'Price bins over the window’s range', 2),
  valueArea: z
    .number()
    .gt(0)
    .max(1)
    .default(0.7)
    .describe('Share of the volume the value area holds, in (0, 1]'),
})
type ResolvedParams = z.output<typeof volumeProfileParams>

type In = 'high' | 'low' | 'volume'
type Out = 'poc' | 'valueAreaHigh' | 'valueAreaLow'

export interface ProfileLevels {
  poc: number
  valueAreaHigh: number
  valueAreaLow: number
}

/**
 * The profile's levels of the bars in `high`, `low`, `volume` (any order), written into
 * `levels`; `histogram` is scratch of `bins` values.
 */
export function profileLevels(
  high: Float64Array,
  low: Float64Array,
  volume: Float64Array,
  bins: number,
  valueArea: number,
  histogram: Float64Array,
  levels: ProfileLevels,
): void {
  const n = volume.length
  let top = Number.NEGATIVE_INFINITY
  let bottom = Number.POSITIVE_INFINITY
  let total = 0
  for (let i = 0; i < n; i++) {
    const h = Math.max(high[i]!, low[i]!)
    const l = Math.min(high[i]!, low[i]!)
    if (h > top) top = h
    if (l < bottom) bottom = l
    total += positive(volume[i]!)
  }
  if (!(total > 0)) {
    levels.poc = levels.valueAreaHigh = levels.valueAreaLow = Number.NaN
    return
  }
  if (!(top > bottom)) {
    levels.poc = levels.valueAreaHigh = levels.valueAreaLow = bottom
    return
  }
  const width = (top - bottom) / bins
  histogram.fill(0)
  for (let i = 0; i < n; i++) {
    const v = positive(volume[i]!)
    if (v === 0) continue
    const h = Math.max(high[i]!, low[i]!)
    const l = Math.min(high[i]!, low[i]!)
    const first = Math.min(bins - 1, Math.floor((l - bottom) / width))
    if (!(h > l)) {
      histogram[first] = histogram[first]! + v
      continue
    }
    const last = Math.min(bins - 1, Math.floor((h - bottom) / width))
    const density = v / (h - l)
    for (let b = first; b <= last; b++) {
      const from = Math.max(l, bottom + b * width)
      const to = b === bins - 1 ? h : Math.min(h, bottom + (b + 1) * width)
      if (to > from) histogram[b] = histogram[b]! + density * (to - from)
    }
  }
  let poc = 0
  for (let b = 1; b < bins; b++) if (histogram[b]! > histogram[poc]!) poc = b
  let lowBin = poc
  let highBin = poc
  let held = histogram[poc]!
  const target = valueArea * total
  while (held < target && (lowBin > 0 || highBin < bins - 1)) {
    const up = highBin < bins - 1 ? histogram[highBin + 1]! : -1
    const down = lowBin > 0 ? histogram[lowBin - 1]! : -1
    if (up >= down) held += histogram[++highBin]!
    else held += histogram[--lowBin]!
  }
  levels.poc = bottom + (poc + 0.5) * width
  levels.valueAreaLow = bottom + lowBin * width
  levels.valueAreaHigh = highBin === bins - 1 ? top : bottom + (highBin + 1) * width
}

class VolumeProfileEngine implements RowEngine<In, Out> {
  readonly #p: ResolvedParams
  readonly #high: Float64Array
  readonly #low: Float64Array
  readonly #volume: Float64Array
  readonly #histogram: Float64Array
  readonly #out: ProfileLevels = { poc: Number.NaN, valueAreaHigh: Number.NaN, valueAreaLow: Number.NaN }
  #next = 0
  #count = 0

  constructor(p: ResolvedParams) {
    this.#p = p
    this.#high = new Float64Array(p.window)
    this.#low = new Float64Array(p.window)
    this.#volume = new Float64Array(p.window)
    this.#histogram = new Float64Array(p.bins)
  }

  update(row: InputRow<In>): OutputRow<Out> {
    const window = this.#p.window
    // Storage order is fine: the profile does not depend on which bar is oldest.
    this.#high[this.#next] = row.high
    this.#low[this.#next] = row.low
    this.#volume[this.#next] = row.volume
    this.#next = this.#next + 1 === window ? 0 : this.#next + 1
    if (this.#count < window) this.#count++
    if (this.#count < window) return this.#out
    profileLevels(
      this.#high,
      this.#low,
      this.#volume,
      this.#p.bins,
      this.#p.valueArea,
      this.#histogram,
      this.#out,
    )
    return this.#out
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
    this.#out.poc = this.#out.valueAreaHigh = this.#out.valueAreaLow = Number.NaN
  }
}

const INPUTS: readonly In[] = ['high', 'low', 'volume']
const OUTPUTS: readonly Out[] = ['poc', 'valueAreaHigh', 'valueAreaLow']

export const volumeProfileIndicator = defineIndicator({
  name: 'volume-profile',
  title: 'Volume profile (point of control, value area)',
  category: 'volume',
  description:
    'Volume by price over the window: the point of control and the high and low of the value area holding 70% of the volume.',
  inputs: INPUTS,
  outputs: OUTPUTS,
  params: volumeProfileParams,
  warmup: (p) => p.window - 1,
  batch: (inputs, p, into) => batchFromEngine(new VolumeProfileEngine(p), INPUTS, OUTPUTS, inputs, into),
  stream: (p) => new VolumeProfileEngine(p),
})
