import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { OrderStatus } from '../types.ts'
import {
  type OrderEventKind,
  isTerminal,
  isWorking,
  legalTransitions,
  transition,
} from './order-state-machine.ts'

const STATUSES: readonly OrderStatus[] = [
  'pending-new',
  'accepted',
  'partially-filled',
  'filled',
  'pending-cancel',
  'cancelled',
  'pending-replace',
  'replaced',
  'rejected',
  'expired',
]
const EVENTS: readonly OrderEventKind[] = [
  'accept',
  'reject',
  'partial-fill',
  'fill',
  'request-cancel',
  'cancel-reject',
  'cancel',
  'request-replace',
  'replace-reject',
  'replace',
  'expire',
]

describe('the order lifecycle', () => {
  it('walks the happy path: accepted, partially filled, filled', () => {
    const accepted = transition('pending-new', 'accept', 'pending-new')
    expect(accepted).toBe('accepted')
    expect(transition(accepted!, 'partial-fill', accepted!)).toBe('partially-filled')
    expect(transition('partially-filled', 'fill', 'partially-filled')).toBe('filled')
  })

  it('returns a refused cancel or replace to the working status it came from', () => {
    expect(transition('pending-cancel', 'cancel-reject', 'partially-filled')).toBe('partially-filled')
    expect(transition('pending-replace', 'replace-reject', 'accepted')).toBe('accepted')
  })

  it('lets fills race a cancel request', () => {
    expect(transition('pending-cancel', 'partial-fill', 'accepted')).toBe('pending-cancel')
    expect(transition('pending-cancel', 'fill', 'accepted')).toBe('filled')
  })

  it('keeps a replaced order working', () => {
    expect(transition('pending-replace', 'replace', 'accepted')).toBe('replaced')
    expect(isWorking('replaced')).toBe(true)
    expect(transition('replaced', 'fill', 'replaced')).toBe('filled')
  })

  it('allows nothing out of a terminal status', () => {
    for (const status of STATUSES.filter(isTerminal)) {
      for (const event of EVENTS)
        expect(transition(status, event, status), `${status} + ${event}`).toBeUndefined()
    }
  })

  it('refuses the classic mistakes', () => {
    expect(transition('filled', 'fill', 'filled')).toBeUndefined()
    expect(transition('accepted', 'accept', 'accepted')).toBeUndefined()
    expect(transition('cancelled', 'partial-fill', 'cancelled')).toBeUndefined()
    expect(transition('accepted', 'replace', 'accepted')).toBeUndefined()
  })

  it('goes back to pending-new only when a cancel requested before the acknowledgement is refused', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 40 }), (events) => {
        let status: OrderStatus = 'pending-new'
        let working: OrderStatus = 'pending-new'
        for (const event of events) {
          const next = transition(status, event, working)
          if (next === undefined) continue
          if (next === 'pending-new')
            expect([status, event, working]).toEqual(['pending-cancel', 'cancel-reject', 'pending-new'])
          if (next !== 'pending-cancel' && next !== 'pending-replace') working = next
          status = next
        }
        expect(STATUSES).toContain(status)
      }),
    )
  })

  it('lists its table for the docs', () => {
    const table = legalTransitions()
    expect(table).toContainEqual({ from: 'pending-new', event: 'accept', to: 'accepted' })
    expect(table.every((t) => STATUSES.includes(t.from))).toBe(true)
  })
})
