/**
 * Slippage models for the paper venue: how far a market or stop fill moves against the trader
 * from the price the bar path offered. The venue asks `move` for the price distance (in price
 * units, ≥ 0) and rounds the moved price onto the tick grid against the trader.
 *
 * The volatility-based models measure σ, the population standard deviation of close-to-close
 * returns, over the last `window` returns of the bars the venue has been offered before the
 * fill's bar (`observe` is called after a bar has been offered to the orders, so the bar a fill
 * happens on never informs its own slippage). With fewer than `window` returns, σ is taken over
 * those there are; with fewer than two, it is 0.
 *
 * Cost: `observe` is O(1) per bar (one ring-buffer slot per instrument); `move` is O(window) for
 * the volatility models and is called only when an order fills.
 */
import type { InstrumentId } from '../../domain/instrument.ts'

export type SlippageModelName = 'none' | 'fixed-bps' | 'spread' | 'volatility' | 'sqrt-impact'

export interface SlippageSettings {
  readonly model: SlippageModelName
  /** fixed-bps: the move; spread: half the assumed spread. */
  readonly basisPoints: number
  readonly volatilityMultiple: number
  readonly impactCoefficient: number
  /** Returns over which σ is measured. */
  readonly window: number
}

export interface SlippageModel {
  /**
   * The distance, in price units, that a fill of `quantity` instrument units at `reference` moves
   * against the trader, on a bar that traded `barVolume` units.
   */
  move(instrumentId: InstrumentId, reference: number, quantity: number, barVolume: number): number
  /** Records a bar offered to the orders: from now on it is history for σ. */
  observe(instrumentId: InstrumentId, close: number): void
}

/** Close-to-close returns of one instrument, newest last, in a fixed ring. */
class ReturnWindow {
  readonly #returns: Float64Array
  #next = 0
  #count = 0
  #lastClose = Number.NaN

  constructor(size: number) {
    this.#returns = new Float64Array(size)
  }

  push(close: number): void {
    const previous = this.#lastClose
    this.#lastClose = close
    if (!(previous > 0)) return
    this.#returns[this.#next] = close / previous - 1
    this.#next = this.#next + 1 === this.#returns.length ? 0 : this.#next + 1
    if (this.#count < this.#returns.length) this.#count++
  }

  sigma(): number {
    const n = this.#count
    if (n < 2) return 0
    let mean = 0
    for (let i = 0; i < n; i++) mean += this.#returns[i]!
    mean /= n
    let sum = 0
    for (let i = 0; i < n; i++) {
      const d = this.#returns[i]! - mean
      sum += d * d
    }
    return Math.sqrt(sum / n)
  }
}

class NoSlippage implements SlippageModel {
  move(): number {
    return 0
  }
  observe(): void {
    // Nothing to remember: the move does not depend on history.
  }
}

/** fixed-bps and spread: a constant fraction of the reference price. */
class ProportionalSlippage implements SlippageModel {
  readonly #fraction: number
  constructor(basisPoints: number) {
    this.#fraction = basisPoints / 10_000
  }
  move(_instrumentId: InstrumentId, reference: number): number {
    return reference * this.#fraction
  }
  observe(): void {
    // Nothing to remember: the move is a fixed fraction of the price.
  }
}

class VolatilitySlippage implements SlippageModel {
  readonly #settings: SlippageSettings
  readonly #windows = new Map<InstrumentId, ReturnWindow>()

  constructor(settings: SlippageSettings) {
    this.#settings = settings
  }

  move(instrumentId: InstrumentId, reference: number, quantity: number, barVolume: number): number {
    const sigma = this.#windows.get(instrumentId)?.sigma() ?? 0
    if (this.#settings.model === 'volatility') return reference * this.#settings.volatilityMultiple * sigma
    // A bar without volume gives no scale for the order; it is charged as if it took the whole bar.
    const share = barVolume > 0 ? quantity / barVolume : 1
    return reference * this.#settings.impactCoefficient * sigma * Math.sqrt(share)
  }

  observe(instrumentId: InstrumentId, close: number): void {
    let window = this.#windows.get(instrumentId)
    if (window === undefined) {
      window = new ReturnWindow(this.#settings.window)
      this.#windows.set(instrumentId, window)
    }
    window.push(close)
  }
}

/** A fresh model (the volatility models keep per-instrument state: one per run). */
export function createSlippageModel(settings: SlippageSettings): SlippageModel {
  if (!Number.isInteger(settings.window) || settings.window < 2) {
    throw new RangeError(`slippage.window must be a whole number >= 2, was ${settings.window}`)
  }
  switch (settings.model) {
    case 'none':
      return new NoSlippage()
    case 'fixed-bps':
    case 'spread':
      return new ProportionalSlippage(settings.basisPoints)
    case 'volatility':
    case 'sqrt-impact':
      return new VolatilitySlippage(settings)
  }
}
