/**
 * Walking a market order through a book snapshot (docs/analytics.md#liquidity-and-impact): a buy
 * takes the asks from the best up, a sell the bids from the best down, until the quantity is
 * filled or the book runs out. With s = +1 for a buy and −1 for a sell and m the mid:
 * average price p̄ = Σ pⱼqⱼ / Σ qⱼ over what was taken, impact = s·(p̄ − m)/m·10⁴ bps.
 * The depth usage of a size is q over the quantity resting within `bandBps` of the mid on the
 * side it takes: below 1 the near-touch book can absorb it, above 1 it cannot.
 */
import { TradePulseError } from '../../domain/errors.ts'

export interface BookLevel {
  readonly price: number
  readonly size: number
}

export interface BookSnapshot {
  /** Best (highest) first. */
  readonly bids: readonly BookLevel[]
  /** Best (lowest) first. */
  readonly asks: readonly BookLevel[]
}

export interface BookWalk {
  readonly side: 'buy' | 'sell'
  readonly quantity: number
  readonly filled: number
  readonly averagePrice: number | null
  readonly worstPrice: number | null
  readonly levels: number
  readonly impactBps: number | null
  readonly depthUsage: number | null
}

export function midPrice(book: BookSnapshot): number {
  const bid = book.bids[0]
  const ask = book.asks[0]
  if (bid === undefined || ask === undefined) {
    throw new TradePulseError('ANALYTICS_INVALID_INPUT', 'a book needs a bid and an ask for its mid', {
      field: 'book',
    })
  }
  return (bid.price + ask.price) / 2
}

export function walkBook(book: BookSnapshot, side: 'buy' | 'sell', quantity: number, bandBps = 10): BookWalk {
  if (!(quantity > 0)) {
    throw new TradePulseError('ANALYTICS_INVALID_INPUT', `quantity must be > 0, was ${quantity}`, {
      field: 'quantity',
    })
  }
  const mid = midPrice(book)
  const levels = side === 'buy' ? book.asks : book.bids
  const sign = side === 'buy' ? 1 : -1
  let left = quantity
  let value = 0
  let used = 0
  let worst: number | null = null
  for (const level of levels) {
    if (left <= 0) break
    const take = Math.min(left, level.size)
    value += take * level.price
    left -= take
    worst = level.price
    used++
  }
  const filled = quantity - left
  const averagePrice = filled > 0 ? value / filled : null
  let nearDepth = 0
  for (const level of levels) {
    if ((sign * (level.price - mid) * 10_000) / mid <= bandBps) nearDepth += level.size
  }
  return {
    side,
    quantity,
    filled,
    averagePrice,
    worstPrice: worst,
    levels: used,
    impactBps: averagePrice === null ? null : (sign * (averagePrice - mid) * 10_000) / mid,
    depthUsage: nearDepth > 0 ? quantity / nearDepth : null,
  }
}

/** The walk of each size: the liquidity profile of one side of the book. */
export function liquidityProfile(
  book: BookSnapshot,
  side: 'buy' | 'sell',
  sizes: readonly number[],
  bandBps = 10,
): BookWalk[] {
  return sizes.map((size) => walkBook(book, side, size, bandBps))
}
