import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orderId } from '../domain/ids.ts'
import { type TargetOrder, planTarget } from './target-plan.ts'

const orders = fc.array(
  fc.record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    remaining: fc.integer({ min: 1, max: 1_000 }),
    cancelling: fc.boolean(),
  }),
  { maxLength: 6 },
)
const lots = fc.integer({ min: -5_000, max: 5_000 })

const withIds = (list: readonly Omit<TargetOrder, 'orderId'>[]): TargetOrder[] =>
  list.map((o, k) => ({ ...o, orderId: orderId(`T${k}`) }))
const signed = (o: { side: 'buy' | 'sell'; remaining: number }): number =>
  o.side === 'buy' ? o.remaining : -o.remaining

describe('planTarget', () => {
  it('reaches the target once the kept orders and the new one fill', () => {
    fc.assert(
      fc.property(lots, lots, orders, (target, position, list) => {
        const working = withIds(list.map((o) => ({ ...o, cancelling: false })))
        const first = planTarget(target, position, working)
        // The engine cancels, then plans again with the orders that are left.
        const kept = working.filter((o) => !first.cancel.includes(o.orderId))
        const second = planTarget(target, position, kept)
        expect(second.cancel).toEqual([])
        expect(second.wait).toBe(false)
        const sent =
          second.send === undefined ? 0 : signed({ ...second.send, remaining: second.send.quantity })
        expect(position + kept.reduce((sum, o) => sum + signed(o), 0) + sent).toBe(target)
      }),
    )
  })

  it('never lets the position and the orders on one side exceed the larger of position and target', () => {
    fc.assert(
      fc.property(lots, lots, orders, (target, position, list) => {
        const working = withIds(list.map((o) => ({ ...o, cancelling: false })))
        const kept = working.filter((o) => !planTarget(target, position, working).cancel.includes(o.orderId))
        const plan = planTarget(target, position, kept)
        const all =
          plan.send === undefined ? kept : [...kept, { ...plan.send, remaining: plan.send.quantity }]
        const bound = Math.max(Math.abs(position), Math.abs(target))
        for (const side of ['buy', 'sell'] as const) {
          const worst = position + all.filter((o) => o.side === side).reduce((sum, o) => sum + signed(o), 0)
          expect(Math.abs(worst)).toBeLessThanOrEqual(bound)
        }
      }),
    )
  })

  it('sends nothing while a cancel is unconfirmed, since that order may still fill', () => {
    fc.assert(
      fc.property(lots, lots, orders, (target, position, list) => {
        const working = withIds(list)
        const plan = planTarget(target, position, working)
        if (working.some((o) => o.cancelling)) {
          expect(plan.wait).toBe(true)
          expect(plan.send).toBeUndefined()
        }
        for (const id of plan.cancel) expect(working.find((o) => o.orderId === id)?.cancelling).toBe(false)
      }),
    )
  })

  it('cancels a buy left working when the target went back to flat, instead of selling against it', () => {
    const buy: TargetOrder = { orderId: orderId('T1'), side: 'buy', remaining: 100, cancelling: false }
    expect(planTarget(0, 0, [buy])).toEqual({ cancel: [buy.orderId], send: undefined, wait: true })
    expect(planTarget(100, 0, [buy])).toEqual({ cancel: [], send: undefined, wait: false })
    expect(planTarget(150, 0, [buy])).toEqual({
      cancel: [],
      send: { side: 'buy', quantity: 50 },
      wait: false,
    })
  })
})
