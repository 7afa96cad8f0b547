/**
 * Prices onto an instrument's tick grid, as the engine puts them there, without a decimal per
 * price. The engine converts exactly through decimals: a bar price the venue fills at goes through its
 * 15-digit decimal (`numberToTicks`, domain/number-grid.ts) and a stop level a strategy computes
 * through the number's shortest decimal (`String(price)`), each then floored or ceiled. A sweep converts millions of prices,
 * so this does it in floating point where floating point is provably the same, and falls back to
 * the exact conversion near a grid point, where it might not be:
 *
 * - on the grid: the price is the double nearest to r / 10^d (r an integer), which is what
 *   parsing r's decimal gives; both decimals of it are then r's;
 * - clearly off it (more than 1e-6 ticks and 1e-11 in price away): the float quotient's floor or
 *   ceiling is the decimal's, since neither conversion moves the price that far;
 * - anything else goes through `priceToTicks`.
 *
 * The fast rule needs a tick of 10^-d; any other tick (0.05, 0.25) always converts exactly.
 */
import { type Instrument, type PriceTicks, priceToTicks, ticksToNumber } from '../../domain/instrument.ts'
import { numberToTicks } from '../../domain/number-grid.ts'

export class TickGrid {
  readonly instrument: Instrument
  /** 10^d ticks per price unit when the tick is 10^-d; NaN otherwise (every price exact). */
  readonly #perUnit: number
  readonly #tick: number

  constructor(instrument: Instrument) {
    this.instrument = instrument
    const { units, scale } = instrument.tickSize
    this.#perUnit = units === 1n && scale <= 15 ? 10 ** scale : Number.NaN
    this.#tick = Number(units) / 10 ** scale
  }

  /** Ticks of a bar price as the venue rounds it: `numberToTicks(price, up ? 'ceil' : 'floor')`. */
  barTicks(price: number, up: boolean): number {
    const perUnit = this.#perUnit
    if (perUnit === perUnit && price > 0) {
      const x = price * perUnit
      const r = Math.round(x)
      if (r / perUnit === price) return r
    }
    return numberToTicks(this.instrument, price, up ? 'ceil' : 'floor')
  }

  /** Ticks of a computed price as a strategy's `priceToTicks(price, up ? 'ceil' : 'floor')` rounds it. */
  levelTicks(price: number, up: boolean): number {
    const perUnit = this.#perUnit
    if (perUnit === perUnit && price > 0) {
      const x = price * perUnit
      const r = Math.round(x)
      if (r / perUnit === price) return r
      const off = Math.abs(x - r)
      if (off > 1e-6 && off * this.#tick > 1e-11) return up ? Math.ceil(x) : Math.floor(x)
    }
    return priceToTicks(this.instrument, price, up ? 'ceil' : 'floor')
  }

  /** The price of a tick count, as `ticksToNumber` gives it (the nearest double to the decimal). */
  price(ticks: number): number {
    const perUnit = this.#perUnit
    return perUnit === perUnit ? ticks / perUnit : ticksToNumber(this.instrument, ticks as PriceTicks)
  }
}
