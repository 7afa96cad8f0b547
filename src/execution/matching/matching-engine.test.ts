import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { orderId } from '../../domain/ids.ts'
import { type PriceTicks, type QuantityLots, defineInstrument, notional } from '../../domain/instrument.ts'
import type { FillAction, MatchAction } from './match-actions.ts'
import type { MatchOrder } from './match-order.ts'
import { MatchingEngine } from './matching-engine.ts'
import { at, limit, market, stop, trailingStop } from './testing/orders.ts'

const units = (priceTicks: number, lots: number): bigint => BigInt(priceTicks) * BigInt(lots)

function engine(): MatchingEngine {
  return new MatchingEngine({ notionalUnits: units })
}

function fills(actions: readonly MatchAction[]): FillAction[] {
  return actions.filter((a): a is FillAction => a.kind === 'fill')
}

/** `maker→taker price×qty` for each fill: the shape of a trade tape. */
function tape(actions: readonly MatchAction[]): string[] {
  return fills(actions).map((f) => `${f.maker.orderId}→${f.taker.orderId} ${f.price}×${f.quantity}`)
}

/** `kind id reason` for everything that is not a fill. */
function events(actions: readonly MatchAction[]): string[] {
  return actions.map((a) => {
    switch (a.kind) {
      case 'fill':
        return `fill ${a.maker.orderId}→${a.taker.orderId} ${a.price}×${a.quantity}`
      case 'accepted':
      case 'triggered':
        return `${a.kind} ${a.orderId}`
      case 'replaced':
        return `replaced ${a.orderId} ${a.keptPriority ? 'kept' : 'lost'} priority`
      default:
        return `${a.kind} ${a.orderId} ${a.reason}`
    }
  })
}

function queue(e: MatchingEngine, side: 'buy' | 'sell', price: number): string[] {
  return e.book.levelOrders(side, price).map((o) => `${o.orderId}:${o.remainingQuantity}`)
}

function submitAll(e: MatchingEngine, orders: readonly MatchOrder[]): void {
  for (const o of orders) e.submit(o, at(0))
}

describe('MatchingEngine: limit and market orders', () => {
  it('walks three levels with a market order, at each resting price, and cancels what the book lacks', () => {
    const e = engine()
    submitAll(e, [
      limit('s1', 'maker', 'sell', 101, 2),
      limit('s2', 'maker', 'sell', 102, 3),
      limit('s3', 'maker', 'sell', 103, 4),
    ])
    const actions = e.submit(market('m1', 'taker', 'buy', 12), at(5))
    expect(events(actions)).toEqual([
      'accepted m1',
      'fill s1→m1 101×2',
      'fill s2→m1 102×3',
      'fill s3→m1 103×4',
      'cancelled m1 no-liquidity',
    ])
    const last = actions.at(-1)
    expect(last?.kind === 'cancelled' && last.cancelledQuantity, 'what the book lacked').toBe(3)
    expect(e.book.bestAsk()).toBeUndefined()
    expect(e.lastTradePrice).toBe(103)
  })

  it('gives a crossing limit order the resting price and rests its remainder', () => {
    const e = engine()
    submitAll(e, [limit('s1', 'maker', 'sell', 100, 3), limit('s2', 'maker', 'sell', 101, 3)])
    const actions = e.submit(limit('b1', 'taker', 'buy', 105, 10), at(1))
    expect(tape(actions), 'price improvement: 100 and 101, not 105').toEqual(['s1→b1 100×3', 's2→b1 101×3'])
    expect(e.book.bestBid()).toBe(105)
    expect(queue(e, 'buy', 105)).toEqual(['b1:4'])
  })

  it('fills a level in arrival order, and a partial fill keeps its place at the front', () => {
    const e = engine()
    submitAll(e, [
      limit('s1', 'x', 'sell', 100, 5),
      limit('s2', 'y', 'sell', 100, 5),
      limit('s3', 'z', 'sell', 100, 5),
    ])
    expect(tape(e.submit(market('m1', 't', 'buy', 7), at(1)))).toEqual(['s1→m1 100×5', 's2→m1 100×2'])
    expect(queue(e, 'sell', 100)).toEqual(['s2:3', 's3:5'])
    submitAll(e, [limit('s4', 'x', 'sell', 100, 1)])
    expect(tape(e.submit(market('m2', 't', 'buy', 4), at(2)))).toEqual(['s2→m2 100×3', 's3→m2 100×1'])
  })

  it('takes better prices before earlier orders', () => {
    const e = engine()
    submitAll(e, [limit('b1', 'x', 'buy', 99, 1), limit('b2', 'y', 'buy', 100, 1)])
    expect(tape(e.submit(market('m1', 't', 'sell', 2), at(1)))).toEqual(['b2→m1 100×1', 'b1→m1 99×1'])
  })

  it('reports the book as depth, best first, with aggregated quantity', () => {
    const e = engine()
    submitAll(e, [
      limit('b1', 'x', 'buy', 99, 2),
      limit('b2', 'y', 'buy', 99, 3),
      limit('b3', 'y', 'buy', 98, 1),
      limit('s1', 'x', 'sell', 101, 4),
    ])
    expect(e.book.depth(5)).toEqual({
      bids: [
        { price: 99, quantity: 5, orderCount: 2 },
        { price: 98, quantity: 1, orderCount: 1 },
      ],
      asks: [{ price: 101, quantity: 4, orderCount: 1 }],
    })
    expect(e.book.depth(1).bids).toHaveLength(1)
  })
})

describe('MatchingEngine: the actions a call returns', () => {
  it('belong to the caller: a later call neither changes nor reuses them', () => {
    const e = engine()
    const first = e.submit(limit('a1', 'alice', 'sell', 101, 5), at(0))
    const second = e.submit(market('b1', 'bob', 'buy', 2), at(1))
    const third = e.cancel(orderId('a1'), at(2))
    expect(events(first)).toEqual(['accepted a1'])
    expect(events(second)).toEqual(['accepted b1', 'fill a1→b1 101×2'])
    expect(events(third)).toEqual(['cancelled a1 requested'])
    expect(new Set([first, second, third]).size).toBe(3)
  })
})

describe('MatchingEngine: time in force and post-only', () => {
  it('cancels the unfilled part of an IOC order instead of resting it', () => {
    const e = engine()
    submitAll(e, [limit('s1', 'x', 'sell', 100, 2)])
    const actions = e.submit(limit('b1', 't', 'buy', 100, 5, { timeInForce: 'IOC' }), at(1))
    expect(events(actions)).toEqual(['accepted b1', 'fill s1→b1 100×2', 'cancelled b1 ioc-remainder'])
    expect(e.book.bestBid()).toBeUndefined()
  })

  it('refuses a FOK order the crossing liquidity cannot fill, leaving the book untouched', () => {
    const e = engine()
    submitAll(e, [limit('s1', 'x', 'sell', 100, 2), limit('s2', 'x', 'sell', 101, 2)])
    const refused = e.submit(limit('f1', 't', 'buy', 100, 3, { timeInForce: 'FOK' }), at(1))
    expect(events(refused)).toEqual(['rejected f1 fok-cannot-fill'])
    expect(e.book.depth(2).asks.map((l) => l.quantity)).toEqual([2, 2])
    const filled = e.submit(limit('f2', 't', 'buy', 101, 3, { timeInForce: 'FOK' }), at(2))
    expect(tape(filled)).toEqual(['s1→f2 100×2', 's2→f2 101×1'])
  })

  it('rejects a post-only order that would cross and rests one that would not', () => {
    const e = engine()
    submitAll(e, [limit('s1', 'x', 'sell', 100, 2)])
    const refused = e.submit(limit('p1', 't', 'buy', 100, 1, { postOnly: true }), at(1))
    expect(events(refused)).toEqual(['rejected p1 post-only-would-cross'])
    expect(events(e.submit(limit('p2', 't', 'buy', 99, 1, { postOnly: true }), at(1)))).toEqual([
      'accepted p2',
    ])
    expect(e.book.bestBid()).toBe(99)
  })

  it('expires GTD orders when a later call arrives, and DAY orders at the end of the session', () => {
    const e = engine()
    e.submit(limit('g1', 'x', 'buy', 99, 2, { timeInForce: 'GTD', expireAt: at(1_000) }), at(0))
    e.submit(limit('d1', 'x', 'buy', 98, 2, { timeInForce: 'DAY' }), at(0))
    e.submit(stop('d2', 'x', 'sell', 90, 1), at(0))
    expect(events(e.submit(limit('b1', 'y', 'buy', 97, 1), at(999)))).toEqual(['accepted b1'])
    expect(events(e.cancel(orderId('g1'), at(1_000)))).toEqual([
      'expired g1 good-till-date',
      'cancel-rejected g1 unknown-order',
    ])
    expect(events(e.endSession(at(2_000)))).toEqual(['expired d1 end-of-session'])
    expect(e.book.bestBid()).toBe(97)
    expect(e.order(orderId('d2'))?.state, 'a GTC stop survives the session').toBe('waiting-for-trigger')
    const late = e.submit(
      limit('g2', 'x', 'buy', 99, 1, { timeInForce: 'GTD', expireAt: at(2_000) }),
      at(2_000),
    )
    expect(events(late)).toEqual(['rejected g2 expired-on-arrival'])
  })

  it('expires GTD orders in expiry order, waiting stops included, on an explicit expire call', () => {
    const e = engine()
    e.submit(limit('late', 'x', 'buy', 99, 2, { timeInForce: 'GTD', expireAt: at(3_000) }), at(0))
    e.submit(limit('early', 'x', 'buy', 98, 2, { timeInForce: 'GTD', expireAt: at(1_000) }), at(0))
    e.submit({ ...stop('stop', 'x', 'sell', 90, 1), timeInForce: 'GTD', expireAt: at(2_000) }, at(0))
    expect(e.pendingStopCount).toBe(1)
    expect(events(e.expire(at(1_500)))).toEqual(['expired early good-till-date'])
    expect(events(e.expire(at(2_500)))).toEqual(['expired stop good-till-date'])
    expect(e.pendingStopCount).toBe(0)
    expect(e.expire(at(2_999))).toEqual([])
    expect(e.expire(at(3_000))).toMatchObject([{ kind: 'expired', orderId: 'late', cancelledQuantity: 2 }])
  })

  it('rejects a second live order with the same id', () => {
    const e = engine()
    e.submit(limit('o1', 'x', 'buy', 99, 1), at(0))
    expect(events(e.submit(limit('o1', 'x', 'buy', 98, 1), at(0)))).toEqual([
      'rejected o1 duplicate-order-id',
    ])
  })

  it('throws on a malformed order: misuse is not a market event', () => {
    const e = engine()
    const bad = { ...limit('o1', 'x', 'buy', 99, 1), quantity: 1.5 as QuantityLots }
    expect(() => e.submit(bad, at(0))).toThrow(TradePulseError)
    expect(() =>
      e.submit({ ...limit('o2', 'x', 'buy', 99, 1), price: undefined as unknown as PriceTicks }, at(0)),
    ).toThrow(/needs a positive price/)
    expect(() => e.replace(orderId('o1'), { quantity: 0 as QuantityLots }, at(0))).toThrow(/positive/)
    expect(() => e.replace(orderId('o1'), { price: -1 as PriceTicks }, at(0))).toThrow(/price must be/)
    expect(
      () =>
        new MatchingEngine({ notionalUnits: units, fees: { makerBasisPoints: 0.125, takerBasisPoints: 1 } }),
    ).toThrow(/two decimals/)
  })
})

describe('MatchingEngine: self-trade prevention', () => {
  function book(): MatchingEngine {
    const e = engine()
    submitAll(e, [
      limit('other', 'bob', 'sell', 100, 1),
      limit('own', 'alice', 'sell', 100, 1),
      limit('deep', 'bob', 'sell', 101, 5),
    ])
    return e
  }

  it('cancel-taker (the default): fills before the own order stand, the incoming remainder is cancelled', () => {
    const e = book()
    const actions = e.submit(limit('t', 'alice', 'buy', 101, 4), at(1))
    expect(events(actions)).toEqual(['accepted t', 'fill other→t 100×1', 'cancelled t self-trade-prevention'])
    expect(queue(e, 'sell', 100), 'the resting own order stays').toEqual(['own:1'])
  })

  it('cancel-maker: the resting own order is cancelled and matching goes on', () => {
    const e = book()
    const actions = e.submit(
      limit('t', 'alice', 'buy', 101, 4, { selfTradePrevention: 'cancel-maker' }),
      at(1),
    )
    expect(events(actions)).toEqual([
      'accepted t',
      'fill other→t 100×1',
      'cancelled own self-trade-prevention',
      'fill deep→t 101×3',
    ])
  })

  it('cancel-both: both the resting and the incoming order are cancelled', () => {
    const e = book()
    const actions = e.submit(
      limit('t', 'alice', 'buy', 101, 4, { selfTradePrevention: 'cancel-both' }),
      at(1),
    )
    expect(events(actions)).toEqual([
      'accepted t',
      'fill other→t 100×1',
      'cancelled own self-trade-prevention',
      'cancelled t self-trade-prevention',
    ])
    expect(e.book.bestAsk()).toBe(101)
  })

  it('FOK counts only the liquidity it may trade with', () => {
    const e = book()
    const refused = e.submit(limit('f', 'alice', 'buy', 101, 2, { timeInForce: 'FOK' }), at(1))
    expect(events(refused), 'own order blocks the way under cancel-taker').toEqual([
      'rejected f fok-cannot-fill',
    ])
    const filled = e.submit(
      limit('g', 'alice', 'buy', 101, 2, { timeInForce: 'FOK', selfTradePrevention: 'cancel-maker' }),
      at(1),
    )
    expect(tape(filled)).toEqual(['other→g 100×1', 'deep→g 101×1'])
  })
})

describe('MatchingEngine: stops', () => {
  it('holds a stop off the book until a trade reaches it, then enters it as a market order', () => {
    const e = engine()
    submitAll(e, [
      limit('s1', 'x', 'sell', 100, 1),
      limit('s2', 'x', 'sell', 102, 5),
      stop('st', 'y', 'buy', 101, 2),
    ])
    expect(e.book.bestBid(), 'not on the book').toBeUndefined()
    expect(events(e.submit(market('m1', 'z', 'buy', 1), at(1)))).toEqual(['accepted m1', 'fill s1→m1 100×1'])
    const actions = e.submit(limit('b1', 'z', 'buy', 101, 1), at(2))
    expect(events(actions), 'no trade at 101 yet: the stop waits, b1 rests').toEqual(['accepted b1'])
    const sweep = e.submit(limit('s3', 'w', 'sell', 101, 1), at(3))
    expect(events(sweep)).toEqual(['accepted s3', 'fill b1→s3 101×1', 'triggered st', 'fill s2→st 102×2'])
    const trigger = sweep[2]
    expect(trigger?.kind === 'triggered' && [trigger.stopPrice, trigger.lastPrice, trigger.becomes]).toEqual([
      101,
      101,
      'market',
    ])
  })

  it('enters a fired stop-limit as a limit order that rests what it cannot fill', () => {
    const e = engine()
    submitAll(e, [
      limit('s1', 'x', 'sell', 100, 1),
      limit('s2', 'x', 'sell', 103, 5),
      stop('sl', 'y', 'buy', 100, 4, 101),
    ])
    const actions = e.submit(market('m1', 'z', 'buy', 1), at(1))
    expect(events(actions)).toEqual(['accepted m1', 'fill s1→m1 100×1', 'triggered sl'])
    expect(queue(e, 'buy', 101)).toEqual(['sl:4'])
  })

  it('fires a sell stop on a trade at or below it, and a stop already through the market at once', () => {
    const e = engine()
    submitAll(e, [limit('b1', 'x', 'buy', 100, 1), limit('b2', 'x', 'buy', 95, 10)])
    e.submit(market('m1', 'z', 'sell', 1), at(1))
    const actions = e.submit(stop('st', 'y', 'sell', 100, 3), at(2))
    expect(events(actions), 'last is 100, already at the stop').toEqual([
      'accepted st',
      'triggered st',
      'fill b2→st 95×3',
    ])
  })

  it('cascades: the trades of one fired stop fire the next, in order', () => {
    const e = engine()
    submitAll(e, [
      limit('s1', 'x', 'sell', 100, 1),
      limit('s2', 'x', 'sell', 101, 1),
      limit('s3', 'x', 'sell', 102, 1),
      limit('s4', 'x', 'sell', 103, 1),
      stop('st2', 'y', 'buy', 102, 1),
      stop('st1', 'y', 'buy', 101, 1),
    ])
    const actions = e.submit(market('m1', 'z', 'buy', 1), at(1))
    expect(events(actions)).toEqual(['accepted m1', 'fill s1→m1 100×1'])
    expect(events(e.submit(market('m2', 'z', 'buy', 1), at(2)))).toEqual([
      'accepted m2',
      'fill s2→m2 101×1',
      'triggered st1',
      'fill s3→st1 102×1',
      'triggered st2',
      'fill s4→st2 103×1',
    ])
  })

  it('fires stops reached by one sweep in the order the price reached them', () => {
    const e = engine()
    submitAll(e, [
      limit('s1', 'x', 'sell', 101, 1),
      limit('s2', 'x', 'sell', 103, 1),
      limit('deep', 'x', 'sell', 110, 10),
      stop('at101', 'y', 'buy', 101, 1),
      stop('at103', 'y', 'buy', 103, 1),
      stop('at102', 'w', 'buy', 102, 1),
    ])
    e.submit(limit('first', 'z', 'buy', 100, 1), at(0))
    e.submit(limit('print', 'q', 'sell', 100, 1), at(0))
    const actions = e.submit(market('m', 'z', 'buy', 2), at(1))
    expect(
      events(actions).filter((x) => x.startsWith('triggered')),
      '101 fires on the first print; 102 before 103 on the second, though 103 arrived first',
    ).toEqual(['triggered at101', 'triggered at102', 'triggered at103'])
  })

  it('ratchets a sell trailing stop up behind the highest trade and fires when the price falls back', () => {
    const e = engine()
    submitAll(e, [limit('b0', 'x', 'buy', 100, 1)])
    e.submit(market('m0', 'z', 'sell', 1), at(0))
    e.submit(trailingStop('ts', 'y', 'sell', 2, { ticks: 3 }), at(1))
    expect(e.order(orderId('ts'))?.stopPrice, 'last 100 − 3').toBe(97)
    const trade = (id: string, price: number): MatchAction[] => {
      e.submit(limit(`${id}-bid`, 'x', 'buy', price, 1), at(2))
      return e.submit(limit(`${id}-ask`, 'w', 'sell', price, 1), at(2))
    }
    trade('t1', 105)
    expect(e.order(orderId('ts'))?.stopPrice, 'ratchets to 105 − 3').toBe(102)
    trade('t2', 103)
    expect(e.order(orderId('ts'))?.stopPrice, 'never loosens').toBe(102)
    submitAll(e, [limit('floor', 'x', 'buy', 90, 10)])
    const actions = trade('t3', 102)
    expect(events(actions)).toEqual([
      'accepted t3-ask',
      'fill t3-bid→t3-ask 102×1',
      'triggered ts',
      'fill floor→ts 90×2',
    ])
  })

  it('trails a buy stop by basis points, rounding away from the market', () => {
    const e = engine()
    submitAll(e, [limit('s0', 'x', 'sell', 1000, 1)])
    e.submit(market('m0', 'z', 'buy', 1), at(0))
    e.submit(trailingStop('ts', 'y', 'buy', 1, { basisPoints: 25 }), at(1))
    expect(e.order(orderId('ts'))?.stopPrice, '⌈1000 × 1.0025⌉').toBe(1003)
    e.submit(limit('b', 'x', 'buy', 990, 1), at(2))
    e.submit(limit('s', 'w', 'sell', 990, 1), at(2))
    expect(e.order(orderId('ts'))?.stopPrice, '⌈990 × 1.0025⌉ = ⌈992.475⌉').toBe(993)
  })

  it('refuses a trailing stop with nothing to trail', () => {
    expect(events(engine().submit(trailingStop('ts', 'y', 'sell', 1, { ticks: 3 }), at(0)))).toEqual([
      'rejected ts no-reference-price',
    ])
  })

  it('cancels a fired FOK stop that cannot fill rather than rejecting it: it was already accepted', () => {
    const e = engine()
    submitAll(e, [limit('s1', 'x', 'sell', 100, 1), limit('s2', 'x', 'sell', 101, 1)])
    e.submit({ ...stop('st', 'y', 'buy', 100, 5), timeInForce: 'FOK' }, at(0))
    const actions = e.submit(market('m', 'z', 'buy', 1), at(1))
    expect(events(actions)).toEqual([
      'accepted m',
      'fill s1→m 100×1',
      'triggered st',
      'cancelled st fok-cannot-fill',
    ])
  })
})

describe('MatchingEngine: cancel and replace', () => {
  function level(): MatchingEngine {
    const e = engine()
    submitAll(e, [
      limit('a', 'x', 'buy', 100, 5),
      limit('b', 'y', 'buy', 100, 5),
      limit('c', 'z', 'buy', 100, 5),
    ])
    return e
  }

  it('cancels in O(1) by id and reports the cancelled quantity', () => {
    const e = level()
    const actions = e.cancel(orderId('b'), at(1))
    expect(actions).toMatchObject([
      { kind: 'cancelled', orderId: 'b', reason: 'requested', cancelledQuantity: 5 },
    ])
    expect(queue(e, 'buy', 100)).toEqual(['a:5', 'c:5'])
    expect(events(e.cancel(orderId('b'), at(1)))).toEqual(['cancel-rejected b unknown-order'])
  })

  it('keeps queue priority on a size decrease at the same price', () => {
    const e = level()
    expect(events(e.replace(orderId('a'), { quantity: 2 as QuantityLots }, at(1)))).toEqual([
      'replaced a kept priority',
    ])
    expect(queue(e, 'buy', 100)).toEqual(['a:2', 'b:5', 'c:5'])
    expect(e.book.depth(1).bids[0]?.quantity).toBe(12)
  })

  it('sends the order to the back on a size increase or a price change', () => {
    const e = level()
    expect(events(e.replace(orderId('a'), { quantity: 6 as QuantityLots }, at(1)))).toEqual([
      'replaced a lost priority',
    ])
    expect(queue(e, 'buy', 100)).toEqual(['b:5', 'c:5', 'a:6'])
    e.replace(orderId('b'), { price: 101 as PriceTicks }, at(2))
    e.replace(orderId('b'), { price: 100 as PriceTicks }, at(3))
    expect(queue(e, 'buy', 100), 'away and back is still the back').toEqual(['c:5', 'a:6', 'b:5'])
  })

  it('keeps the filled part, and treats a quantity at or below it as a cancel', () => {
    const e = level()
    e.submit(market('m', 't', 'sell', 3), at(1))
    const shrink = e.replace(orderId('a'), { quantity: 4 as QuantityLots }, at(2))
    expect(shrink).toMatchObject([
      { kind: 'replaced', quantity: 4, remainingQuantity: 1, keptPriority: true },
    ])
    const cancel = e.replace(orderId('a'), { quantity: 3 as QuantityLots }, at(3))
    expect(cancel).toMatchObject([
      { kind: 'cancelled', reason: 'replaced-below-filled', cancelledQuantity: 1, filledQuantity: 3 },
    ])
  })

  it('trades at once when a replace crosses, and refuses that for a post-only order', () => {
    const e = level()
    e.submit(limit('s', 'w', 'sell', 102, 3), at(0))
    e.submit(limit('p', 'v', 'sell', 103, 1, { postOnly: true }), at(0))
    expect(events(e.replace(orderId('p'), { price: 100 as PriceTicks }, at(1)))).toEqual([
      'replace-rejected p post-only-would-cross',
    ])
    expect(events(e.replace(orderId('s'), { price: 100 as PriceTicks }, at(1)))).toEqual([
      'replaced s lost priority',
      'fill a→s 100×3',
    ])
  })

  it('changes a waiting stop-limit without moving its trigger', () => {
    const e = engine()
    e.submit(stop('sl', 'y', 'buy', 105, 4, 106), at(0))
    const actions = e.replace(orderId('sl'), { price: 107 as PriceTicks, quantity: 2 as QuantityLots }, at(1))
    expect(actions).toMatchObject([{ kind: 'replaced', price: 107, quantity: 2, keptPriority: true }])
    expect(e.order(orderId('sl'))).toMatchObject({ stopPrice: 105, price: 107, quantity: 2 })
    expect(() => e.replace(orderId('sl'), {}, at(1))).not.toThrow()
    e.submit(stop('st', 'y', 'buy', 105, 4), at(0))
    expect(() => e.replace(orderId('st'), { price: 107 as PriceTicks }, at(1))).toThrow(/no limit price/)
    expect(events(e.cancel(orderId('st'), at(2)))).toEqual(['cancelled st requested'])
    expect(events(e.replace(orderId('nope'), {}, at(2)))).toEqual(['replace-rejected nope unknown-order'])
  })
})

describe('MatchingEngine: fees', () => {
  it('charges the taker and rebates the maker, exactly, from the instrument notional', () => {
    const instrument = defineInstrument({
      symbol: 'ES',
      venue: 'SIM',
      assetClass: 'future',
      quoteCurrency: 'USD',
      tickSize: '0.25',
      lotSize: '1',
      multiplier: '50',
    })
    const e = new MatchingEngine({
      notionalUnits: (t, l) => notional(instrument, t, l).units,
      fees: { makerBasisPoints: -0.25, takerBasisPoints: 0.75 },
    })
    // 5000.25 → 20001 ticks; 3 lots × 50 × 5000.25 = 750,037.50 USD = 75,003,750 cents.
    e.submit(limit('s', 'x', 'sell', 20_001, 3), at(0))
    const [fill] = fills(e.submit(market('m', 'y', 'buy', 3), at(1)))
    expect(fill?.taker.fee, '75,003,750 × 0.75 bp = 5625.28… cents, rounded up').toBe(5626n)
    expect(fill?.maker.fee, '−75,003,750 × 0.25 bp = −1875.09… cents, toward zero').toBe(-1875n)
    expect(fill?.taker.liquidity).toBe('taker')
    expect(fill?.maker.liquidity).toBe('maker')
  })

  it('numbers every action, across calls, with a strictly increasing sequence', () => {
    const e = engine()
    const all = [
      ...e.submit(limit('s', 'x', 'sell', 100, 1), at(0)),
      ...e.submit(market('m', 'y', 'buy', 2), at(1)),
      ...e.cancel(orderId('s'), at(2)),
    ]
    expect(all.map((a) => a.sequence)).toEqual([1, 2, 3, 4, 5])
    expect(e.sequence).toBe(5)
  })
})
