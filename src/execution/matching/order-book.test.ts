import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orderId } from '../../domain/ids.ts'
import type { Side } from '../types.ts'
import { OrderBook } from './order-book.ts'

function rest(book: OrderBook, id: string, side: Side, price: number, quantity: number): void {
  const node = book.acquire()
  node.orderId = orderId(id)
  node.ownerId = 'owner'
  node.side = side
  node.price = price
  node.quantity = quantity
  node.filled = 0
  node.remaining = quantity
  book.insert(node)
}

function cancel(book: OrderBook, id: string): void {
  const node = book.get(id)!
  book.remove(node)
  book.release(node)
}

describe('OrderBook', () => {
  it('keeps the best bid and ask at the touch as levels come and go', () => {
    const book = new OrderBook()
    rest(book, 'b1', 'buy', 99, 1)
    rest(book, 'b2', 'buy', 101, 1)
    rest(book, 's1', 'sell', 105, 1)
    rest(book, 's2', 'sell', 103, 2)
    expect([book.bestBid(), book.bestAsk()]).toEqual([101, 103])
    cancel(book, 'b2')
    cancel(book, 's2')
    expect([book.bestBid(), book.bestAsk()]).toEqual([99, 105])
    rest(book, 's3', 'sell', 103, 4)
    expect(book.bestAsk(), 'a revived level is found again').toBe(103)
    expect(book.depth(5).asks).toEqual([
      { price: 103, quantity: 4, orderCount: 1 },
      { price: 105, quantity: 1, orderCount: 1 },
    ])
  })

  it('queues a level first in, first out, and unlinks from the middle', () => {
    const book = new OrderBook()
    for (const id of ['a', 'b', 'c', 'd']) rest(book, id, 'buy', 100, 1)
    cancel(book, 'b')
    cancel(book, 'd')
    expect(book.levelOrders('buy', 100).map((o) => o.orderId)).toEqual(['a', 'c'])
    expect(book.levelOrders('buy', 77)).toEqual([])
    expect(book.restingOrder('c')).toMatchObject({ price: 100, remainingQuantity: 1, side: 'buy' })
    expect(book.restingOrder('b')).toBeUndefined()
  })

  it('sweeps emptied levels out of a deep book and keeps finding the touch', () => {
    const book = new OrderBook()
    for (let i = 0; i < 1_000; i++) rest(book, `b${i}`, 'buy', 1_000 + i, 1)
    for (let i = 0; i < 990; i++) cancel(book, `b${i}`)
    expect(book.bids.levelCount).toBe(10)
    expect(book.depth(3).bids.map((l) => l.price)).toEqual([1_999, 1_998, 1_997])
    rest(book, 'again', 'buy', 1_500, 2)
    expect(book.depth(0).bids).toEqual([])
    expect(book.depth(20).bids.at(-1)).toEqual({ price: 1_500, quantity: 2, orderCount: 1 })
    for (let i = 990; i < 1_000; i++) cancel(book, `b${i}`)
    expect(book.bestBid()).toBe(1_500)
  })

  it('agrees with a naive sorted book on any sequence of adds and cancels over a wide price range', () => {
    const step = fc.oneof(
      fc.record({
        add: fc.constant(true as const),
        side: fc.constantFrom<Side>('buy', 'sell'),
        price: fc.integer({ min: 1, max: 400 }),
        quantity: fc.integer({ min: 1, max: 9 }),
      }),
      fc.record({ add: fc.constant(false as const), pick: fc.nat() }),
    )
    fc.assert(
      fc.property(fc.array(step, { minLength: 50, maxLength: 600, size: 'max' }), (steps) => {
        const book = new OrderBook()
        const naive = new Map<string, { side: Side; price: number; quantity: number; seq: number }>()
        let next = 0
        for (const s of steps) {
          if (s.add) {
            const id = `o${++next}`
            rest(book, id, s.side, s.price, s.quantity)
            naive.set(id, { side: s.side, price: s.price, quantity: s.quantity, seq: next })
          } else if (naive.size > 0) {
            const ids = [...naive.keys()]
            const id = ids[s.pick % ids.length]!
            cancel(book, id)
            naive.delete(id)
          }
        }
        expect(book.size).toBe(naive.size)
        for (const side of ['buy', 'sell'] as const) {
          const mine = [...naive.entries()]
            .filter(([, o]) => o.side === side)
            .sort(([, a], [, b]) => (side === 'buy' ? b.price - a.price : a.price - b.price) || a.seq - b.seq)
          expect(book.sideOrders(side).map((o) => o.orderId)).toEqual(mine.map(([id]) => id))
          const levels = new Map<number, { quantity: number; count: number }>()
          for (const [, o] of mine) {
            const level = levels.get(o.price) ?? { quantity: 0, count: 0 }
            level.quantity += o.quantity
            level.count++
            levels.set(o.price, level)
          }
          const expected = [...levels.entries()].map(([price, l]) => ({
            price,
            quantity: l.quantity,
            orderCount: l.count,
          }))
          const depth = book.depth(1_000)
          expect(side === 'buy' ? depth.bids : depth.asks).toEqual(expected)
          expect(book.sideOf(side).levelCount).toBe(expected.length)
          expect(book.sideOf(side).quantity).toBe(mine.reduce((sum, [, o]) => sum + o.quantity, 0))
          expect(side === 'buy' ? book.bestBid() : book.bestAsk()).toBe(expected[0]?.price)
        }
      }),
      { numRuns: 150 },
    )
  })
})
