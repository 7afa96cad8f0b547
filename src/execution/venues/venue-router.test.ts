import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId, tradeId } from '../../domain/ids.ts'
import { type PriceTicks, type QuantityLots, instrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { Order } from '../orders/order.ts'
import { ScriptedVenue } from '../testing/scripted-venue.ts'
import type { ExecutionReport } from '../venue.ts'
import { VenueRouter } from './venue-router.ts'

const ALPHA = instrumentId('ALPHA', 'NORTH')
const BETA = instrumentId('BETA', 'NORTH')
const GAMMA = instrumentId('GAMMA', 'SOUTH')

function order(id: string, instrument = ALPHA): Order {
  return {
    clientOrderId: clientOrderId(`c-${id}`),
    instrumentId: instrument,
    side: 'buy',
    type: 'limit',
    quantity: 5 as QuantityLots,
    price: 100 as PriceTicks,
    timeInForce: 'GTC',
    orderId: orderId(id),
    status: 'pending-new',
    workingStatus: 'pending-new',
    filledQuantity: 0,
    filledNotionalTicks: 0n,
    createdAt: 0 as UnixMillis,
    updatedAt: 0 as UnixMillis,
  }
}

function twoVenues(): { router: VenueRouter; north: ScriptedVenue; south: ScriptedVenue } {
  const north = new ScriptedVenue('north')
  const south = new ScriptedVenue('south')
  const router = new VenueRouter({
    routes: [
      { venue: north, instruments: [ALPHA, BETA] },
      { venue: south, instruments: [GAMMA] },
    ],
  })
  return { router, north, south }
}

describe('VenueRouter', () => {
  it('sends each order to the venue listing its instrument, and its cancel and replace after it', () => {
    const { router, north, south } = twoVenues()
    router.submit(order('O-1', ALPHA))
    router.submit(order('O-2', GAMMA))
    router.submit(order('O-3', BETA))
    router.cancel(orderId('O-2'))
    router.replace(orderId('O-3'), { quantity: 7 as QuantityLots })
    expect(north.commands.map((c) => [c.kind, c.kind === 'submit' ? c.order.orderId : c.orderId])).toEqual([
      ['submit', 'O-1'],
      ['submit', 'O-3'],
      ['replace', 'O-3'],
    ])
    expect(south.commands.map((c) => [c.kind, c.kind === 'submit' ? c.order.orderId : c.orderId])).toEqual([
      ['submit', 'O-2'],
      ['cancel', 'O-2'],
    ])
    expect(router.venueOf(GAMMA)).toBe(south)
  })

  it('passes on the reports of every venue unchanged, fills naming their own venue', () => {
    const { router, north, south } = twoVenues()
    const reports: ExecutionReport[] = []
    router.onReport((r) => reports.push(r))
    const fill = (venue: string): ExecutionReport => ({
      kind: 'fill',
      fill: {
        venue,
        tradeId: tradeId('1'),
        orderId: orderId('O-1'),
        clientOrderId: clientOrderId('c-O-1'),
        instrumentId: ALPHA,
        side: 'buy',
        price: 100 as PriceTicks,
        quantity: 1 as QuantityLots,
        fee: 0n,
        liquidity: 'maker',
        time: 0 as UnixMillis,
      },
    })
    north.report(fill('north'))
    south.report({ kind: 'accepted', orderId: orderId('O-2'), time: 3 as UnixMillis })
    expect(reports).toEqual([fill('north'), { kind: 'accepted', orderId: 'O-2', time: 3 }])
  })

  it('refuses, by throwing, what it cannot route', () => {
    const { router } = twoVenues()
    expect(() => {
      router.submit(order('O-1', instrumentId('DELTA', 'EAST')))
    }).toThrow('no venue behind router lists DELTA.EAST')
    expect(() => {
      router.cancel(orderId('O-9'))
    }).toThrow('router routed no order O-9')
    expect(() => {
      router.replace(orderId('O-9'), { quantity: 2 as QuantityLots })
    }).toThrow('router routed no order O-9')
  })

  it('refuses two venues with one name, and an instrument routed twice', () => {
    const a = new ScriptedVenue('same')
    const b = new ScriptedVenue('same')
    expect(
      () =>
        new VenueRouter({
          routes: [
            { venue: a, instruments: [ALPHA] },
            { venue: b, instruments: [GAMMA] },
          ],
        }),
    ).toThrow('two venues are named same')
    const c = new ScriptedVenue('other')
    expect(
      () =>
        new VenueRouter({
          routes: [
            { venue: a, instruments: [ALPHA] },
            { venue: c, instruments: [ALPHA] },
          ],
        }),
    ).toThrow('ALPHA.NORTH is routed to both same and other')
  })

  it('after a restart, routes the journal’s orders again and passes the history to every venue', () => {
    const { router, north, south } = twoVenues()
    const history = { orders: [order('O-1', ALPHA), order('O-2', GAMMA)], fills: [] }
    router.resume(history)
    router.cancel(orderId('O-2'))
    expect(south.commands).toEqual([{ kind: 'cancel', orderId: 'O-2' }])
    expect(north.resumed).toBe(history)
    expect(south.resumed).toBe(history)
  })
})
