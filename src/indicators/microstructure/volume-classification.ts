/**
 * Splits bar volume into bought and sold volume when the data has no trade-level aggressor
 * side, so the order-flow indicators also run on bars. Two documented rules:
 *
 * - `tick-rule` (Lee & Ready, "Inferring trade direction from intraday data", J. Finance 1991,
 *   applied per bar): a bar whose close is above the previous close is all buying, below it all
 *   selling; an unchanged close repeats the last non-zero direction (the zero-tick rule). Before
 *   the first price change the direction is unknown and the volume is split half and half.
 * - `bulk` (bulk volume classification, Easley, López de Prado & O'Hara, "Flow toxicity and
 *   liquidity in a high-frequency world", 2012 — what `vpin` uses): the buy share of bar i is
 *   Φ(r_i / σ_i), r_i the log return and σ_i the sample standard deviation (n − 1) of the last
 *   `sigmaWindow` log returns, r_i included; ½ before σ exists, when σ = 0, and for a close that
 *   is not positive.
 *
 * Both are causal (bar i uses closes up to i). A negative volume counts as zero; a non-finite
 * close or volume gives NaN on that row and leaves the state as it was.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { isFiniteNumber } from '../core/streaming.ts'
import { normalCdf } from '../geometric/normal-cdf.ts'

export type VolumeClassification = 'tick-rule' | 'bulk'

export const VOLUME_CLASSIFICATIONS: readonly VolumeClassification[] = ['tick-rule', 'bulk']

export interface ClassifiedVolume {
  readonly buyVolume: Float64Array
  readonly sellVolume: Float64Array
}

/** The returns window of bulk classification, 50 as in `vpin`. */
export const BULK_SIGMA_WINDOW = 50

export function classifyVolume(
  close: Float64Array,
  volume: Float64Array,
  method: VolumeClassification = 'tick-rule',
  sigmaWindow: number = BULK_SIGMA_WINDOW,
): ClassifiedVolume {
  if (close.length !== volume.length) {
    throw new TradePulseError(
      'INDICATOR_INVALID_INPUT',
      `close has ${close.length} values, volume ${volume.length}`,
      { field: 'volume' },
    )
  }
  if (!Number.isInteger(sigmaWindow) || sigmaWindow < 2) {
    throw new TradePulseError(
      'INDICATOR_INVALID_PARAMS',
      `sigmaWindow must be an integer ≥ 2, was ${sigmaWindow}`,
      {
        field: 'sigmaWindow',
      },
    )
  }
  const n = close.length
  const buyVolume = new Float64Array(n)
  const sellVolume = new Float64Array(n)
  const share = method === 'tick-rule' ? tickRuleShares(close) : bulkShares(close, sigmaWindow)
  for (let i = 0; i < n; i++) {
    const v = volume[i]!
    const s = share[i]!
    if (!isFiniteNumber(v) || Number.isNaN(s)) {
      buyVolume[i] = sellVolume[i] = Number.NaN
      continue
    }
    const traded = v > 0 ? v : 0
    buyVolume[i] = traded * s
    sellVolume[i] = traded - buyVolume[i]!
  }
  return { buyVolume, sellVolume }
}

/** Buy share per bar by the tick rule: 1, 0, or ½ before the first price change. */
function tickRuleShares(close: Float64Array): Float64Array {
  const shares = new Float64Array(close.length)
  let previous = Number.NaN
  let share = 0.5
  for (let i = 0; i < close.length; i++) {
    const c = close[i]!
    if (!isFiniteNumber(c)) {
      shares[i] = Number.NaN
      continue
    }
    if (c > previous) share = 1
    else if (c < previous) share = 0
    previous = c
    shares[i] = share
  }
  return shares
}

/** Buy share per bar by bulk volume classification, Φ(r/σ). */
function bulkShares(close: Float64Array, sigmaWindow: number): Float64Array {
  const shares = new Float64Array(close.length)
  const window = new Float64Array(sigmaWindow)
  let count = 0
  let next = 0
  let previous = Number.NaN
  for (let i = 0; i < close.length; i++) {
    const c = close[i]!
    if (!isFiniteNumber(c)) {
      shares[i] = Number.NaN
      continue
    }
    if (Number.isNaN(previous)) {
      previous = c
      shares[i] = 0.5
      continue
    }
    const r = c > 0 && previous > 0 ? Math.log(c / previous) : 0
    previous = c
    window[next] = r
    next = next + 1 === sigmaWindow ? 0 : next + 1
    if (count < sigmaWindow) count++
    if (count < sigmaWindow) {
      shares[i] = 0.5
      continue
    }
    let sum = 0
    for (let k = 0; k < sigmaWindow; k++) sum += window[k]!
    const mean = sum / sigmaWindow
    let squares = 0
    for (let k = 0; k < sigmaWindow; k++) squares += (window[k]! - mean) ** 2
    const sigma = Math.sqrt(squares / (sigmaWindow - 1))
    shares[i] = sigma > 0 ? normalCdf(r / sigma) : 0.5
  }
  return shares
}
