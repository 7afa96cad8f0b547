/**
 * Round trips from the fills of a run: a trade opens when a position leaves flat and closes when
 * it returns to flat. A fill that flips a position closes the trade with the part that reaches
 * flat and opens the next with the rest, its fee split between them by quantity. Financing is
 * charged to the trade open when it accrued. A trade still open at the end is valued at the
 * instrument's last close, with `exitTime` null.
 */
import type { UnixMillis } from '../../domain/time.ts'
import type { FillRecord, TradeRecord } from '../result.ts'

interface OpenTrade {
  readonly direction: 1 | -1
  readonly entryTime: UnixMillis
  readonly entryBar: number
  /** Σ quantity and Σ price × quantity of the fills that opened or added to it. */
  entryQuantity: number
  entryValue: number
  exitQuantity: number
  exitValue: number
  /** Absolute quantity held now, and the most it held. */
  held: number
  largest: number
  fees: number
  financing: number
}

export class RoundTrips {
  readonly #open = new Map<string, OpenTrade>()
  readonly #closed: TradeRecord[] = []
  readonly #multiplier: ReadonlyMap<string, number>

  constructor(multipliers: ReadonlyMap<string, number>) {
    this.#multiplier = multipliers
  }

  /** `bar` is the index, in its instrument's series, of the bar the fill happened on. */
  addFill(fill: FillRecord, bar: number): void {
    const sign = fill.side === 'buy' ? 1 : -1
    let quantity = fill.quantity
    let fee = fill.fee
    const trade = this.#open.get(fill.instrumentId)
    if (trade !== undefined && trade.direction !== sign) {
      const closing = Math.min(quantity, trade.held)
      const share = closing / quantity
      trade.exitQuantity += closing
      trade.exitValue += closing * fill.price
      trade.held -= closing
      trade.fees += fee * share
      fee -= fee * share
      quantity -= closing
      if (trade.held === 0) {
        this.#closed.push(this.#record(fill.instrumentId, trade, fill.time, bar - trade.entryBar))
        this.#open.delete(fill.instrumentId)
      }
      if (quantity === 0) return
    }
    const current = this.#open.get(fill.instrumentId)
    if (current === undefined) {
      this.#open.set(fill.instrumentId, {
        direction: sign,
        entryTime: fill.time,
        entryBar: bar,
        entryQuantity: quantity,
        entryValue: quantity * fill.price,
        exitQuantity: 0,
        exitValue: 0,
        held: quantity,
        largest: quantity,
        fees: fee,
        financing: 0,
      })
      return
    }
    current.entryQuantity += quantity
    current.entryValue += quantity * fill.price
    current.held += quantity
    current.largest = Math.max(current.largest, current.held)
    current.fees += fee
  }

  addFinancing(instrumentId: string, amount: number): void {
    const trade = this.#open.get(instrumentId)
    if (trade !== undefined) trade.financing += amount
  }

  /** Every trade: the closed ones in the order they closed, then those still open, in the order they opened. */
  finish(lastClose: ReadonlyMap<string, number>, lastBar: ReadonlyMap<string, number>): TradeRecord[] {
    const trades = [...this.#closed]
    for (const [instrumentId, trade] of this.#open) {
      const close = lastClose.get(instrumentId)!
      trade.exitValue += trade.held * close
      trade.exitQuantity += trade.held
      trades.push(this.#record(instrumentId, trade, null, lastBar.get(instrumentId)! + 1 - trade.entryBar))
    }
    return trades
  }

  #record(instrumentId: string, t: OpenTrade, exitTime: UnixMillis | null, bars: number): TradeRecord {
    const multiplier = this.#multiplier.get(instrumentId) ?? 1
    const entryPrice = t.entryValue / t.entryQuantity
    const exitPrice = t.exitValue / t.exitQuantity
    const gross = t.direction * (t.exitValue - t.entryValue) * multiplier
    const pnl = gross - t.fees - t.financing
    return {
      instrumentId,
      direction: t.direction === 1 ? 'long' : 'short',
      entryTime: t.entryTime,
      exitTime,
      entryPrice,
      exitPrice,
      quantity: t.largest,
      pnl,
      fees: t.fees,
      returnPct: pnl / (entryPrice * t.largest * multiplier),
      bars,
    }
  }
}
