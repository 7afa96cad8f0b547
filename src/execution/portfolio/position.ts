/**
 * A position in one instrument, built from fills by the average-cost method.
 *
 * State is three integers: the signed quantity in lots (long > 0, short < 0), the cost basis —
 * Σ price × signed lots of the open part, in tick-lots — and the realised PnL in tick-lots. The
 * average entry price is derived, `costBasis / quantity`, as an exact rational; no price is ever
 * stored rounded, so a thousand adds and reductions cannot drift it.
 *
 * Tick-lots are `bigint`: a BTC price of 100 000.00 in 0.01 ticks is 10^7 ticks, one BTC in
 * satoshi lots is 10^8 lots, and their product already sits at 10^15 — ten BTC would pass 2^53,
 * where a `number` silently stops being exact. Quantities stay safe-integer `number`s (lots), as
 * everywhere in execution.
 *
 * A fill on the same side (or into a flat position) adds its `price × lots` to the basis. A fill
 * on the other side closes up to the whole position: the closed lots take their share of the
 * basis, `basis × closed / held`, and realise `price × closed − that share`. That share is the one
 * place a division happens; when it is not whole it is rounded half-to-even to a whole tick-lot,
 * so realised PnL stays an exact integer and the rounding (at most half a tick-lot per partial
 * reduction) stays in the basis of the lots still held. Closing the whole position always removes
 * the whole basis, so a round trip realises exactly Σ sells − Σ buys, the same as FIFO. A fill
 * larger than the position flips it: the old side closes at the fill price and the rest opens
 * the new side at that same price.
 *
 * The identity this keeps — what the ledger's reconciliation rests on — is, in tick-lots,
 * `−Σ signed price × lots over all fills = realised − costBasis`: each fill changes both sides by
 * the same integer, whatever the rounding of the share.
 */
import { divideRounded } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { InstrumentId, PriceTicks } from '../../domain/instrument.ts'
import type { Money } from '../../domain/money.ts'
import { type Side, sideSign } from '../types.ts'
import { type Rational, rational } from './rational.ts'
import { parseBigInt } from './snapshot-text.ts'
import { type TickLotConverter, tickLotsToMoney } from './tick-lot-converter.ts'

export type PositionSide = 'long' | 'short' | 'flat'

/** Plain data: bigints as decimal strings, so it survives `JSON.stringify`. */
export interface PositionSnapshot {
  readonly instrumentId: string
  readonly quantity: number
  readonly costBasisTickLots: string
  readonly realisedTickLots: string
}

export class Position {
  readonly instrumentId: InstrumentId
  #quantity = 0
  #costBasis = 0n
  #realised = 0n

  constructor(instrumentId: InstrumentId) {
    this.instrumentId = instrumentId
  }

  /** Signed lots: > 0 long, < 0 short. */
  get quantity(): number {
    return this.#quantity
  }

  get side(): PositionSide {
    return this.#quantity > 0 ? 'long' : this.#quantity < 0 ? 'short' : 'flat'
  }

  /** Σ price × signed lots of the open part, tick-lots; 0 when flat. */
  get costBasisTickLots(): bigint {
    return this.#costBasis
  }

  get realisedTickLots(): bigint {
    return this.#realised
  }

  /** Average entry price in ticks, exact; `undefined` when flat. */
  averagePrice(): Rational | undefined {
    return this.#quantity === 0 ? undefined : rational(this.#costBasis, BigInt(this.#quantity))
  }

  /** Signed value of the position at `price`, tick-lots. */
  marketValueTickLots(price: PriceTicks): bigint {
    return BigInt(this.#quantity) * BigInt(price)
  }

  /** What closing everything at `price` would realise, tick-lots. */
  unrealisedTickLots(price: PriceTicks): bigint {
    return BigInt(this.#quantity) * BigInt(price) - this.#costBasis
  }

  realisedPnl(converter: TickLotConverter): Money {
    return tickLotsToMoney(converter, this.#realised)
  }

  unrealisedPnl(converter: TickLotConverter, price: PriceTicks): Money {
    return tickLotsToMoney(converter, this.unrealisedTickLots(price))
  }

  /**
   * Applies one fill; returns the PnL it realised, in tick-lots (0 for a fill that only adds).
   * Throws on a quantity that is not a positive safe integer, a price that is not a safe
   * integer, or a position that would pass 2^53 lots.
   */
  apply(side: Side, price: PriceTicks, quantity: number): bigint {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `fill quantity for ${this.instrumentId} must be a positive whole number of lots, was ${quantity}`,
      )
    }
    if (!Number.isSafeInteger(price)) {
      throw new TradePulseError(
        'EXECUTION_INVALID_ORDER',
        `fill price for ${this.instrumentId} must be a whole number of ticks, was ${price}`,
      )
    }
    const signed = sideSign(side) * quantity
    const held = this.#quantity
    const ticks = BigInt(price)
    if (held === 0 || held > 0 === signed > 0) {
      const next = held + signed
      if (!Number.isSafeInteger(next)) {
        throw new TradePulseError(
          'DOMAIN_OVERFLOW',
          `position in ${this.instrumentId} would be ${held} + ${signed} lots, beyond 2^53`,
        )
      }
      this.#quantity = next
      this.#costBasis += BigInt(signed) * ticks
      return 0n
    }
    const heldLots = Math.abs(held)
    const closing = Math.min(quantity, heldLots)
    // The lots of the old position that close, signed as the old position.
    const closed = held > 0 ? closing : -closing
    const share =
      closing === heldLots
        ? this.#costBasis
        : divideRounded(this.#costBasis * BigInt(closing), BigInt(heldLots), 'half-even')
    const realised = BigInt(closed) * ticks - share
    this.#realised += realised
    this.#costBasis -= share
    this.#quantity = held - closed
    const rest = signed + closed
    if (rest !== 0) {
      // A flip: the old side is closed (quantity and basis are 0 here); the rest opens at the fill price.
      this.#quantity = rest
      this.#costBasis = BigInt(rest) * ticks
    }
    return realised
  }

  snapshot(): PositionSnapshot {
    return {
      instrumentId: this.instrumentId,
      quantity: this.#quantity,
      costBasisTickLots: this.#costBasis.toString(),
      realisedTickLots: this.#realised.toString(),
    }
  }

  /** Rebuilds a position from `snapshot`; throws `EXECUTION_JOURNAL` on data no position could have. */
  static restore(snapshot: PositionSnapshot): Position {
    const position = new Position(snapshot.instrumentId as InstrumentId)
    if (!Number.isSafeInteger(snapshot.quantity)) {
      throw new TradePulseError(
        'EXECUTION_JOURNAL',
        `position ${snapshot.instrumentId}: quantity ${snapshot.quantity} is not a whole number of lots`,
      )
    }
    const basis = parseBigInt(snapshot.costBasisTickLots, `position ${snapshot.instrumentId} cost basis`)
    if (snapshot.quantity === 0 && basis !== 0n) {
      throw new TradePulseError(
        'EXECUTION_JOURNAL',
        `position ${snapshot.instrumentId} is flat but has a cost basis of ${basis} tick-lots`,
      )
    }
    position.#quantity = snapshot.quantity
    position.#costBasis = basis
    position.#realised = parseBigInt(
      snapshot.realisedTickLots,
      `position ${snapshot.instrumentId} realised PnL`,
    )
    return position
  }
}
