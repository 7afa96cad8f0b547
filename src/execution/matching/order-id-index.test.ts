import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OrderIdIndex, hashOf } from './order-id-index.ts'

interface Op {
  readonly kind: 'set' | 'delete' | 'get'
  readonly id: number
}

interface Entry {
  readonly orderId: string
  readonly n: number
}

describe('OrderIdIndex', () => {
  it('finds, replaces and removes values by their id', () => {
    const index = new OrderIdIndex<Entry>()
    index.set({ orderId: 'a', n: 1 })
    index.set({ orderId: 'b', n: 2 })
    index.set({ orderId: 'a', n: 3 })
    expect(index.size).toBe(2)
    expect(index.get('a')).toEqual({ orderId: 'a', n: 3 })
    expect(index.has('b')).toBe(true)
    expect(index.delete('b')).toBe(true)
    expect(index.delete('b')).toBe(false)
    expect(index.get('b')).toBeUndefined()
    expect(index.size).toBe(1)
  })

  it('never hashes an id to 0, the mark of an empty slot', () => {
    for (const id of ['', 'o1', 'O-7', 'x'.repeat(64)]) expect(hashOf(id)).not.toBe(0)
  })

  it('behaves as a Map for any sequence of sets and deletes, through growth and long probe runs', () => {
    // Few distinct ids on a small table: runs wrap around the end and deletions shift them back.
    const op: fc.Arbitrary<Op> = fc.record({
      kind: fc.constantFrom('set' as const, 'set' as const, 'delete' as const, 'get' as const),
      id: fc.integer({ min: 0, max: 200 }),
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.integer({ min: 1, max: 40 }), (ops, capacity) => {
        const index = new OrderIdIndex<Entry>(capacity)
        const model = new Map<string, Entry>()
        ops.forEach((o, n) => {
          const id = `o${o.id}`
          if (o.kind === 'set') {
            const entry = { orderId: id, n }
            index.set(entry)
            model.set(id, entry)
          } else if (o.kind === 'delete') {
            expect(index.delete(id)).toBe(model.delete(id))
          } else {
            expect(index.get(id)).toBe(model.get(id))
          }
          expect(index.size).toBe(model.size)
        })
        for (let i = 0; i <= 200; i++) expect(index.get(`o${i}`)).toBe(model.get(`o${i}`))
      }),
      { numRuns: 300 },
    )
  })
})
