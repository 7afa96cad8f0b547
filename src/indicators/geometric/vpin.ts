/**
 * VPIN, the volume-synchronised probability of informed trading (Easley, López de Prado &
 * O'Hara, "Flow toxicity and liquidity in a high-frequency world", 2012), with bulk volume
 * classification: the order-flow imbalance in equal-volume buckets, averaged over the last
 * `buckets` buckets. 0 when buying and selling balance in every bucket, 1 when every bucket is
 * one-sided.
 *
 * Per bar i: the log return r_i = ln(C_i / C_{i−1}); σ_i the sample standard deviation (n − 1)
 * of the last `sigmaWindow` returns, r_i included (causal; two passes over the window, so a
 * tiny σ is computed accurately rather than lost to cancellation); the buy fraction
 * f_i = Φ(r_i / σ_i) (Φ the standard normal CDF, normal-cdf.ts), ½ when σ_i = 0 (flat prices: no
 * sign to classify by). The bar's volume fills buckets of `bucketVolume` in order: a bar that
 * overfills the current bucket completes it and spills the rest into the next ones, every part
 * keeping the bar's buy fraction. A completed bucket's imbalance is |V_buy − V_sell| / bucketVolume;
 * VPIN is the mean imbalance of the last `buckets` completed buckets. The value at bar t uses only
 * buckets completed by bar t, and holds between completions.
 *
 * `bucketVolume` = 0 (the default) sizes the buckets automatically: the mean volume per bar over
 * the first `calibrationBars` bars × `barsPerBucket`, so a bucket fills in about that many bars.
 * That is causal: buckets start to fill only once the size is known. Should no volume trade in
 * the calibration bars, calibration extends to the first bar with volume (mean over all bars so
 * far). Bars are bucketed from the first with a full σ window (bar sigmaWindow) and a known size.
 *
 * Warm-up depends on the data: the first value needs `buckets` completed buckets, and how many
 * bars that takes depends on the volumes. `warmup(params)` gives the earliest bar at which it
 * can happen (one huge bar can complete every bucket at once), a lower bound — the definition says
 * so with `dataDependentWarmup`. The first value is at the first bar t at which the volume bucketed
 * from bar max(sigmaWindow, calibrationBars − 1) (sigmaWindow with a fixed size) through t reaches
 * buckets × the bucket size: about that bar + buckets · barsPerBucket when volume stays near its
 * calibration mean (550 with the defaults; see docs/indicators.md).
 *
 * Degenerate data: a zero-volume bar fills nothing; a negative volume counts as zero; a close
 * that is not positive has no log return, so its bar (and the next) gets return 0 — classified
 * half and half when σ > 0.
 */
import { z } from 'zod'
import { defineIndicator } from '../core/definition.ts'
import type { OutputRow } from '../core/definition.ts'
import { numberParam, positiveParam, windowParam } from '../core/params.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { normalCdf } from './normal-cdf.ts'

export const vpinParams = z.strictObject({
  sigmaWindow: windowParam(50, 'Bars in the trailing standard deviation of log returns', 2),
  buckets: windowParam(50, 'Completed volume buckets averaged', 1),
  bucketVolume: numberParam(
    0,
    'Volume per bucket; 0 sizes buckets automatically from the calibration bars',
    0,
  ),
  calibrationBars: windowParam(50, 'Bars whose mean volume sizes automatic buckets', 1),
  barsPerBucket: positiveParam(10, 'Automatic bucket size in mean bars of volume'),
})
export type VpinParams = z.input<typeof vpinParams>
export type ResolvedVpinParams = z.output<typeof vpinParams>

/**
 * Equal-volume buckets filled by (volume, buy fraction) pairs, remembering the buy and sell
 * volume of the last `capacity` completed buckets. Exported for tests of the spill-over rule.
 */
export class VolumeBuckets {
  readonly size: number
  readonly capacity: number
  readonly #buy: Float64Array
  readonly #sell: Float64Array
  #next = 0
  #completed = 0
  #filled = 0
  #fillBuy = 0
  #fillSell = 0

  constructor(size: number, capacity: number) {
    if (!(size > 0 && Number.isFinite(size))) {
      throw new TradePulseError(
        'INDICATOR_INVALID_PARAMS',
        `bucket size must be positive and finite, was ${size}`,
      )
    }
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TradePulseError(
        'INDICATOR_INVALID_PARAMS',
        `capacity must be a positive integer, was ${capacity}`,
      )
    }
    this.size = size
    this.capacity = capacity
    this.#buy = new Float64Array(capacity)
    this.#sell = new Float64Array(capacity)
  }

  /** Buckets completed so far (including any no longer held). */
  get completed(): number {
    return this.#completed
  }

  /** Buckets held: min(completed, capacity). */
  get held(): number {
    return this.#completed < this.capacity ? this.#completed : this.capacity
  }

  /** Volume in the unfinished bucket. */
  get partialVolume(): number {
    return this.#filled
  }

  /** Buy volume of the i-th held bucket, 0 the oldest. */
  buyVolume(i: number): number {
    return this.#buy[this.#slot(i)]!
  }

  /** Sell volume of the i-th held bucket, 0 the oldest. */
  sellVolume(i: number): number {
    return this.#sell[this.#slot(i)]!
  }

  /**
   * Adds `volume` (≥ 0) with buy fraction `buyFraction` (in [0, 1]); returns the number of
   * buckets it completed. A bar worth more than `capacity` whole buckets skips the ones that
   * would be overwritten anyway, so the cost is O(capacity) at worst.
   */
  add(volume: number, buyFraction: number): number {
    let left = volume
    let done = 0
    const size = this.size
    while (left > 0) {
      const room = size - this.#filled
      if (left < room) {
        const buy = left * buyFraction
        this.#filled += left
        this.#fillBuy += buy
        this.#fillSell += left - buy
        break
      }
      const buy = room * buyFraction
      this.#store(this.#fillBuy + buy, this.#fillSell + (room - buy))
      left -= room
      done++
      this.#filled = 0
      this.#fillBuy = 0
      this.#fillSell = 0
      const whole = Math.floor(left / size)
      if (whole > this.capacity) {
        const skipped = whole - this.capacity
        left -= skipped * size
        this.#completed += skipped
        this.#next = (this.#next + skipped) % this.capacity
        done += skipped
      }
    }
    return done
  }

  /**
   * Mean of |buy − sell| / size over the held buckets, oldest first; NaN when none. At most 1:
   * a bucket's buy + sell can exceed its size by an ulp, which must not show as VPIN > 1.
   */
  meanImbalance(): number {
    const held = this.held
    if (held === 0) return Number.NaN
    let total = 0
    for (let i = 0; i < held; i++) {
      const slot = this.#slot(i)
      total += Math.abs(this.#buy[slot]! - this.#sell[slot]!)
    }
    const mean = total / (held * this.size)
    return mean > 1 ? 1 : mean
  }

  clear(): void {
    this.#next = 0
    this.#completed = 0
    this.#filled = 0
    this.#fillBuy = 0
    this.#fillSell = 0
  }

  #store(buy: number, sell: number): void {
    this.#buy[this.#next] = buy
    this.#sell[this.#next] = sell
    this.#next = this.#next + 1 === this.capacity ? 0 : this.#next + 1
    this.#completed++
  }

  #slot(i: number): number {
    const oldest = this.#completed < this.capacity ? 0 : this.#next
    const slot = oldest + i
    return slot >= this.capacity ? slot - this.capacity : slot
  }
}

/**
 * The whole computation as one state machine, fed bar by bar: the batch face loops over it and
 * the streaming face wraps it, so the two agree to the bit.
 */
class VpinEngine {
  readonly #p: ResolvedVpinParams
  readonly #returns: Float64Array
  #returnCount = 0
  #returnNext = 0
  #bars = 0
  #previousClose = 0
  #calibrationVolume = 0
  #buckets: VolumeBuckets | undefined
  #value = Number.NaN

  constructor(p: ResolvedVpinParams) {
    this.#p = p
    this.#returns = new Float64Array(p.sigmaWindow)
    if (p.bucketVolume > 0) this.#buckets = new VolumeBuckets(p.bucketVolume, p.buckets)
  }

  update(close: number, volume: number): number {
    const p = this.#p
    const bar = this.#bars++
    const traded = volume > 0 ? volume : 0
    if (this.#buckets === undefined) {
      this.#calibrationVolume += traded
      if (bar + 1 >= p.calibrationBars && this.#calibrationVolume > 0) {
        const size = (this.#calibrationVolume / (bar + 1)) * p.barsPerBucket
        this.#buckets = new VolumeBuckets(size, p.buckets)
      }
    }
    const previous = this.#previousClose
    this.#previousClose = close
    if (bar === 0) return this.#value
    const r = close > 0 && previous > 0 ? Math.log(close / previous) : 0
    const window = this.#returns
    const capacity = window.length
    window[this.#returnNext] = r
    this.#returnNext = this.#returnNext + 1 === capacity ? 0 : this.#returnNext + 1
    if (this.#returnCount < capacity) this.#returnCount++
    const buckets = this.#buckets
    if (this.#returnCount < capacity || buckets === undefined) return this.#value

    // Two passes over the window (storage order: the sums do not care which value is oldest).
    let sum = 0
    for (let i = 0; i < capacity; i++) sum += window[i]!
    const mean = sum / capacity
    let squares = 0
    for (let i = 0; i < capacity; i++) {
      const d = window[i]! - mean
      squares += d * d
    }
    const sigma = Math.sqrt(squares / (capacity - 1))
    const buyFraction = sigma > 0 ? normalCdf(r / sigma) : 0.5
    if (buckets.add(traded, buyFraction) > 0 && buckets.completed >= p.buckets) {
      this.#value = buckets.meanImbalance()
    }
    return this.#value
  }

  reset(): void {
    this.#returnCount = 0
    this.#returnNext = 0
    this.#bars = 0
    this.#previousClose = 0
    this.#calibrationVolume = 0
    this.#value = Number.NaN
    if (this.#p.bucketVolume > 0) this.#buckets?.clear()
    else this.#buckets = undefined
  }
}

/** The earliest bar at which a value can appear: bucketing starts there. */
export function vpinEarliestBar(p: ResolvedVpinParams): number {
  return p.bucketVolume > 0 ? p.sigmaWindow : Math.max(p.sigmaWindow, p.calibrationBars - 1)
}

/** The batch kernel: `close` and `volume` finite and of one length. */
export function vpinKernel(
  close: Float64Array,
  volume: Float64Array,
  p: ResolvedVpinParams,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length
  const engine = new VpinEngine(p)
  for (let i = 0; i < n; i++) out[i] = engine.update(close[i]!, volume[i]!)
  return out
}

/** Streaming VPIN over (close, volume) pairs. */
export class Vpin implements StreamingIndicator<{ readonly close: number; readonly volume: number }, number> {
  readonly params: Readonly<ResolvedVpinParams>
  readonly #engine: VpinEngine

  constructor(params: VpinParams = {}) {
    this.params = vpinIndicator.resolve(params)
    this.#engine = new VpinEngine(this.params)
  }

  update(bar: { readonly close: number; readonly volume: number }): number {
    if (!isFiniteNumber(bar.close) || !isFiniteNumber(bar.volume)) return Number.NaN
    return this.#engine.update(bar.close, bar.volume)
  }

  reset(): void {
    this.#engine.reset()
  }
}

/** Adapts `Vpin` to the row interface; the returned row is reused by the next update. */
function vpinRowStream(
  p: ResolvedVpinParams,
): StreamingIndicator<{ readonly close: number; readonly volume: number }, OutputRow<'value'>> {
  const inner = new Vpin(p)
  const out = { value: Number.NaN }
  return {
    update(bar): OutputRow<'value'> {
      out.value = inner.update(bar)
      return out
    },
    reset(): void {
      inner.reset()
    },
  }
}

export const vpinIndicator = defineIndicator({
  name: 'vpin',
  title: 'VPIN (volume-synchronised probability of informed trading)',
  category: 'volume',
  description:
    'Mean order-flow imbalance over the last buckets equal-volume buckets, with bulk volume classification Φ(r/σ).',
  inputs: ['close', 'volume'],
  outputs: ['value'],
  params: vpinParams,
  // A lower bound: the first value's bar depends on the volumes (see the module comment).
  dataDependentWarmup: true,
  ranges: () => ({ value: { min: 0, max: 1 } }),
  warmup: (p) => vpinEarliestBar(p),
  batch: (inputs, p, into) => ({ value: vpinKernel(inputs.close, inputs.volume, p, into?.value) }),
  stream: (p) => vpinRowStream(p),
})

/** VPIN of bars given as `close` and `volume` columns; NaN until `buckets` buckets are complete. */
export function vpin(
  close: Float64Array,
  volume: Float64Array,
  params: VpinParams = {},
  out?: Float64Array,
): Float64Array {
  return vpinIndicator.compute({ close, volume }, params, out === undefined ? undefined : { value: out })
    .value
}
