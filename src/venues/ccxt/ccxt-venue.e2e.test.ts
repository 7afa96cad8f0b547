/**
 * A strategy's orders through the execution core, the ccxt venue and a real ccxt `binance`
 * client, against the fake Binance on loopback — cleanly, then through each fault the fake can
 * inject. After each session the journal, the portfolio and the exchange must agree exactly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clientOrderId } from '../../domain/ids.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { OrderRequest } from '../../execution/orders/order.ts'
import { cancelOnVenueWhenTripped } from './kill-switch-link.ts'
import { type FakeMarket, type Session, disagreements, startFakeMarket } from './testing/live-harness.ts'

let market: FakeMarket

beforeEach(async () => {
  market = await startFakeMarket()
  market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '1')
  market.fake.addLiquidity('BTCUSDT', 'buy', '99.00', '1')
})

afterEach(async () => {
  await market.stop()
})

let n = 0
function request(fields: Partial<OrderRequest>): OrderRequest {
  return {
    clientOrderId: clientOrderId(`t${++n}-${Date.now() % 100_000}`),
    instrumentId: 'BTC/USDT.BINANCE' as never,
    side: 'buy',
    type: 'market',
    quantity: 1000 as QuantityLots, // 0.1 BTC
    timeInForce: 'IOC',
    ...fields,
  }
}

/** Lets the venue finish what it was asked, then reconciles once. */
async function settle(session: Session): Promise<void> {
  await session.venue.idle()
  await session.venue.sync()
}

/**
 * The strategy: buy 0.1 at market; bid 0.2 at 99.50, partly filled by the market; raise the bid
 * to 99.60 for 0.25 (a replace); filled a little more; cancel the rest.
 */
async function tradeScript(session: Session): Promise<void> {
  const { core } = session
  core.manager.submit(request({}))
  const bid = core.manager.submit(
    request({ type: 'limit', price: 9950 as PriceTicks, quantity: 2000 as QuantityLots, timeInForce: 'GTC' }),
  )
  await settle(session)
  market.fake.trade('BTCUSDT', 'sell', '0.15')
  await settle(session)
  core.manager.replace(bid.order.orderId, { price: 9960 as PriceTicks, quantity: 2500 as QuantityLots })
  await settle(session)
  market.fake.trade('BTCUSDT', 'sell', '0.05')
  await settle(session)
  core.manager.cancel(bid.order.orderId)
  await settle(session)
}

function expectScriptOutcome(session: Session): void {
  const orders = session.core.manager.orders()
  expect(orders.map((o) => [o.status, o.filledQuantity, o.quantity])).toEqual([
    ['filled', 1000, 1000],
    ['cancelled', 2000, 2500],
  ])
  expect(session.core.portfolio.quantity(session.instrument.id)).toBe(3000)
  expect(disagreements(market, session)).toEqual([])
}

describe('ccxt venue against the fake Binance', () => {
  it('trades a clean session: market, resting limit, partial fills, replace, cancel', async () => {
    const session = await market.open()
    await tradeScript(session)
    expectScriptOutcome(session)
    // Exactly two orders legs for the bid (the replace is cancel/new), one for the market order.
    expect(market.fake.orders().map((o) => [o.type, o.status])).toEqual([
      ['MARKET', 'FILLED'],
      ['LIMIT', 'CANCELED'],
      ['LIMIT', 'CANCELED'],
    ])
  })

  it('places one order when the answer to a submit is lost after the exchange took it', async () => {
    const session = await market.open()
    market.server.inject({ method: 'POST', path: '/api/v3/order', times: 1, fault: { kind: 'drop-after' } })
    await tradeScript(session)
    expectScriptOutcome(session)
    expect(market.fake.orders()).toHaveLength(3)
    // The order was found by its client id, not sent again.
    expect(market.server.log.filter((l) => l.outcome === 'dropped')).toHaveLength(1)
  })

  it('sends again a submit whose connection dropped before it arrived', async () => {
    const session = await market.open()
    market.server.inject({ method: 'POST', path: '/api/v3/order', times: 2, fault: { kind: 'drop-before' } })
    await tradeScript(session)
    expectScriptOutcome(session)
    expect(market.fake.orders()).toHaveLength(3)
  })

  it('waits as long as a 429 Retry-After asks, then carries on', async () => {
    const session = await market.open()
    market.server.inject({
      path: '/api/v3/openOrders',
      times: 1,
      fault: { kind: 'rate-limit', retryAfterSeconds: 3 },
    })
    await tradeScript(session)
    expectScriptOutcome(session)
    expect(session.waits).toContain(3000)
    expect(market.server.log.filter((l) => l.outcome === 429)).toHaveLength(1)
  })

  it('retries 5xx answers with exponential backoff', async () => {
    const session = await market.open()
    market.server.inject({
      method: 'POST',
      path: '/api/v3/order',
      times: 3,
      fault: { kind: 'server-error', status: 503 },
    })
    await tradeScript(session)
    expectScriptOutcome(session)
    // random() is 0.5: 3/4 of 100, 200, 400 ms.
    expect(session.waits.slice(0, 3)).toEqual([75, 150, 300])
    expect(market.fake.orders()).toHaveLength(3)
  })

  it('books a fill reported late once it is reported, and settles nothing before', async () => {
    const session = await market.open()
    market.server.tradeReportDelayMs = 3_600_000
    const buy = session.core.manager.submit(request({}))
    await settle(session)
    expect(session.core.manager.order(buy.order.orderId)?.status).toBe('accepted')
    expect(session.events.some((e) => e.kind === 'fills-pending')).toBe(true)
    market.server.tradeReportDelayMs = 0
    await settle(session)
    expect(session.core.manager.order(buy.order.orderId)?.status).toBe('filled')
    expect(disagreements(market, session)).toEqual([])
  })

  it('books each fill once when the exchange reports it twice', async () => {
    const session = await market.open()
    market.server.duplicateTradeReports = true
    await tradeScript(session)
    expectScriptOutcome(session)
    const fills = session.journal
      .contents()
      .records.filter((r) => r.type === 'report' && r.report.kind === 'fill')
    expect(fills).toHaveLength(market.fake.trades().length)
  })

  it('reconciles an order filled while the connection was down, once, and says how long it took', async () => {
    const session = await market.open()
    const states: string[] = []
    session.venue.onConnection((state) => states.push(state))
    const bid = session.core.manager.submit(
      request({
        type: 'limit',
        price: 9950 as PriceTicks,
        quantity: 2000 as QuantityLots,
        timeInForce: 'GTC',
      }),
    )
    await settle(session)
    market.server.offline = true
    market.fake.trade('BTCUSDT', 'sell', '0.2')
    market.onWait = (waits) => {
      if (waits.length >= 3) market.server.offline = false
    }
    await session.venue.sync()
    await settle(session)
    expect(states).toEqual(['connected', 'disconnected', 'connected'])
    expect(session.core.manager.order(bid.order.orderId)?.status).toBe('filled')
    expect(session.events.filter((e) => e.kind === 'reconciled')).toHaveLength(2)
    expect(disagreements(market, session)).toEqual([])
  })

  it('cancels orders it did not send under the cancel policy, and leaves them under adopt', async () => {
    const cancelling = await market.open({ unknownOrders: 'cancel' })
    market.fake.newOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '90.00',
      newClientOrderId: 'other-program-1',
    })
    await settle(cancelling)
    expect(market.fake.orders().at(-1)?.status).toBe('CANCELED')
    expect(cancelling.events.filter((e) => e.kind === 'unknown-order')).toHaveLength(1)
    const adopting = await market.open({ unknownOrders: 'adopt' })
    market.fake.newOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '90.00',
      newClientOrderId: 'other-program-2',
    })
    await settle(adopting)
    await settle(adopting)
    expect(market.fake.orders().at(-1)?.status).toBe('NEW')
    expect(adopting.events.filter((e) => e.kind === 'unknown-order')).toHaveLength(1)
    expect(adopting.core.manager.orders()).toEqual([])
  })

  it('cancels everything on the exchange when the kill switch trips, orders it never sent included', async () => {
    const session = await market.open({ unknownOrders: 'adopt' })
    const venueCancel = cancelOnVenueWhenTripped(session.core, session.venue)
    session.core.manager.submit(
      request({
        type: 'limit',
        price: 9500 as PriceTicks,
        quantity: 2000 as QuantityLots,
        timeInForce: 'GTC',
      }),
    )
    market.fake.newOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '90.00',
      newClientOrderId: 'other-program-3',
    })
    await settle(session)
    session.core.killSwitch.trip(Date.now() as never, 'operator', false)
    expect(await venueCancel()).toBe(2)
    await settle(session)
    expect(market.fake.openOrders('BTCUSDT')).toEqual([])
    expect(session.core.manager.workingOrders()).toEqual([])
    expect(disagreements(market, session)).toEqual([])
  })

  it('recovers after a crash: fills made while it was down are booked once, working orders tracked again', async () => {
    const first = await market.open()
    first.core.manager.submit(request({}))
    const bid = first.core.manager.submit(
      request({
        type: 'limit',
        price: 9950 as PriceTicks,
        quantity: 2000 as QuantityLots,
        timeInForce: 'GTC',
      }),
    )
    await settle(first)
    await first.venue.stop()
    // The process is gone; the market trades on.
    market.fake.trade('BTCUSDT', 'sell', '0.05')
    const second = await market.recover(first.journal)
    await settle(second)
    const recovered = second.core.manager.order(bid.order.orderId)
    expect([recovered?.status, recovered?.filledQuantity]).toEqual(['partially-filled', 500])
    second.core.manager.cancel(bid.order.orderId)
    await settle(second)
    expect(second.core.manager.order(bid.order.orderId)?.status).toBe('cancelled')
    expect(second.events.some((e) => e.kind === 'unknown-order')).toBe(false)
    expect(disagreements(market, second)).toEqual([])
  })

  it('measures the exchange clock running ahead and signs within its receive window', async () => {
    await market.stop()
    market = await startFakeMarket({ clockOffsetMs: 20_000 })
    market.fake.addLiquidity('BTCUSDT', 'sell', '100.00', '1')
    const session = await market.open()
    expect(Math.abs(session.venue.clockSkewMs - 20_000)).toBeLessThan(1000)
    const buy = session.core.manager.submit(request({}))
    await settle(session)
    expect(session.core.manager.order(buy.order.orderId)?.status).toBe('filled')
  })

  it('sends stop orders as Binance stop-loss orders and refuses what Binance spot cannot take', async () => {
    const session = await market.open()
    const { core } = session
    core.manager.submit(request({}))
    core.manager.submit(
      request({
        side: 'sell',
        type: 'stop',
        stopPrice: 9000 as PriceTicks,
        quantity: 1000 as QuantityLots,
        timeInForce: 'GTC',
      }),
    )
    const trailing = core.manager.submit(
      request({
        side: 'sell',
        type: 'trailing-stop',
        trailing: { kind: 'ticks', ticks: 100 },
        quantity: 500 as QuantityLots,
        timeInForce: 'GTC',
      }),
    )
    await settle(session)
    expect(market.fake.orders().map((o) => [o.type, o.status, o.stopPrice])).toEqual([
      ['MARKET', 'FILLED', '0.00000000'],
      ['STOP_LOSS', 'NEW', '90.00'],
    ])
    expect(core.manager.order(trailing.order.orderId)?.status).toBe('rejected')
    expect(disagreements(market, session)).toEqual([])
  })
})
