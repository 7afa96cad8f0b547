import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId } from '../../domain/ids.ts'
import { type PriceTicks, type QuantityLots, defineInstrument } from '../../domain/instrument.ts'
import type { Bar } from '../../domain/market-data.ts'
import { MS_PER_DAY, MS_PER_MINUTE, type UnixMillis, parseInterval } from '../../domain/time.ts'
import { ManualClock } from '../clock.ts'
import type { Order, OrderRequest } from '../orders/order.ts'
import type { ExecutionReport } from '../venue.ts'
import { PaperVenue, type PaperVenueOptions } from './paper-venue.ts'

const aapl = defineInstrument({
  symbol: 'AAPL',
  venue: 'PAPER',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const minute = parseInterval('1m')

/** A one-minute bar; prices in dollars. */
function bar(
  minuteIndex: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume = 1_000_000,
): Bar {
  const openTime = (minuteIndex * MS_PER_MINUTE) as UnixMillis
  return {
    openTime,
    interval: minute,
    knownAt: (openTime + MS_PER_MINUTE) as UnixMillis,
    open,
    high,
    low,
    close,
    volume,
  }
}

let n = 0
function order(request: Partial<OrderRequest>, createdAt = 0): Order {
  n++
  return {
    clientOrderId: clientOrderId(`c${n}`),
    instrumentId: aapl.id,
    side: 'buy',
    type: 'market',
    quantity: 100 as QuantityLots,
    timeInForce: 'IOC',
    ...request,
    orderId: orderId(`O-${n}`),
    status: 'pending-new',
    workingStatus: 'pending-new',
    filledQuantity: 0,
    filledNotionalTicks: 0n,
    createdAt: createdAt as UnixMillis,
    updatedAt: createdAt as UnixMillis,
  }
}

function venue(options: Partial<PaperVenueOptions> = {}): {
  paper: PaperVenue
  reports: ExecutionReport[]
  clock: ManualClock
} {
  const clock = new ManualClock(0)
  const paper = new PaperVenue({ instruments: [aapl], clock, ...options })
  const reports: ExecutionReport[] = []
  paper.onReport((r) => reports.push(r))
  return { paper, reports, clock }
}

function fills(
  reports: readonly ExecutionReport[],
): { price: number; quantity: number; liquidity: string; fee: bigint }[] {
  return reports.flatMap((r) =>
    r.kind === 'fill'
      ? [{ price: r.fill.price, quantity: r.fill.quantity, liquidity: r.fill.liquidity, fee: r.fill.fee }]
      : [],
  )
}

describe('PaperVenue on bars', () => {
  it('fills a market order at the next bar open plus slippage, never on the bar it was decided on', () => {
    const { paper, reports, clock } = venue({ slippageTicks: 2 })
    clock.set(MS_PER_MINUTE) // decided at the close of bar 0
    paper.submit(order({}, MS_PER_MINUTE))
    paper.onBar(aapl.id, bar(0, 100, 101, 99, 100.5))
    expect(fills(reports)).toEqual([])
    paper.onBar(aapl.id, bar(1, 100.2, 101, 99, 100.7))
    expect(fills(reports)).toEqual([{ price: 10_022, quantity: 100, liquidity: 'taker', fee: 0n }])
    expect(reports.map((r) => r.kind)).toEqual(['accepted', 'fill'])
  })

  it('fills a market order at the close with the next-close rule', () => {
    const { paper, reports } = venue({ barFill: 'next-close' })
    paper.submit(order({ side: 'sell' }))
    paper.onBar(aapl.id, bar(0, 100, 101, 99, 100.567))
    expect(fills(reports)[0]?.price).toBe(10_056)
  })

  it('fills a resting limit at its price as a maker when the path crosses it, and at the open on a gap', () => {
    const { paper, reports } = venue({ fees: { makerBasisPoints: -1, takerBasisPoints: 5 } })
    paper.submit(order({ type: 'limit', price: 9_950 as PriceTicks, timeInForce: 'GTC' }))
    paper.onBar(aapl.id, bar(0, 100, 100.5, 99.6, 100.2))
    expect(fills(reports)).toEqual([])
    paper.onBar(aapl.id, bar(1, 100, 100.4, 99.4, 99.8))
    // 100 × 99.50 = 9,950 USD; a 1 bp rebate is 99.5 cents, paid as 99.
    expect(fills(reports)).toEqual([{ price: 9_950, quantity: 100, liquidity: 'maker', fee: -99n }])
    const gap = venue()
    gap.paper.submit(order({ type: 'limit', price: 9_950 as PriceTicks, timeInForce: 'GTC' }))
    gap.paper.onBar(aapl.id, bar(0, 100, 100.5, 99.6, 100.2))
    gap.paper.onBar(aapl.id, bar(1, 99, 99.3, 98.5, 99.1))
    expect(fills(gap.reports)).toEqual([{ price: 9_900, quantity: 100, liquidity: 'maker', fee: 0n }])
  })

  it('counts a limit marketable on its first bar as taking liquidity', () => {
    const { paper, reports } = venue()
    paper.submit(order({ type: 'limit', price: 10_100 as PriceTicks, timeInForce: 'GTC' }))
    paper.onBar(aapl.id, bar(0, 100, 100.5, 99.6, 100.2))
    expect(fills(reports)).toEqual([{ price: 10_000, quantity: 100, liquidity: 'taker', fee: 0n }])
  })

  it('follows the OHLC path: an up bar visits its low before its high', () => {
    // A sell stop at 99 and a buy limit at 99.5 on an up bar: the low comes first.
    const { paper, reports } = venue()
    paper.submit(order({ side: 'sell', type: 'stop', stopPrice: 9_900 as PriceTicks, timeInForce: 'GTC' }))
    paper.onBar(aapl.id, bar(0, 100, 102, 98.5, 101.5))
    expect(fills(reports)).toEqual([{ price: 9_900, quantity: 100, liquidity: 'taker', fee: 0n }])
  })

  it('triggers a stop-limit and fills it only within its limit', () => {
    const { paper, reports } = venue()
    paper.submit(
      order({
        type: 'stop-limit',
        stopPrice: 10_100 as PriceTicks,
        price: 10_105 as PriceTicks,
        timeInForce: 'GTC',
      }),
    )
    paper.onBar(aapl.id, bar(0, 100, 100.9, 99.5, 100.5))
    expect(fills(reports)).toEqual([])
    paper.onBar(aapl.id, bar(1, 100.5, 101.5, 100.2, 101.2))
    expect(fills(reports)).toEqual([{ price: 10_100, quantity: 100, liquidity: 'taker', fee: 0n }])
  })

  it('ratchets a trailing sell stop with the highs and triggers on the pullback', () => {
    const { paper, reports } = venue()
    paper.submit(
      order({
        side: 'sell',
        type: 'trailing-stop',
        trailing: { kind: 'ticks', ticks: 100 },
        timeInForce: 'GTC',
      }),
    )
    paper.onBar(aapl.id, bar(0, 100, 105, 99.5, 104.8)) // stop climbs to 104
    expect(fills(reports)).toEqual([])
    paper.onBar(aapl.id, bar(1, 104.8, 106, 104.5, 105.5)) // to 105
    expect(fills(reports)).toEqual([])
    paper.onBar(aapl.id, bar(2, 105.5, 105.6, 103, 103.5))
    expect(fills(reports)).toEqual([{ price: 10_500, quantity: 100, liquidity: 'taker', fee: 0n }])
  })

  it('trails by basis points of the best price, rounded against the trader', () => {
    const { paper, reports } = venue()
    paper.submit(
      order({
        side: 'sell',
        type: 'trailing-stop',
        trailing: { kind: 'basis-points', basisPoints: 150 },
        timeInForce: 'GTC',
      }),
    )
    paper.onBar(aapl.id, bar(0, 100, 101, 99.8, 100.9)) // best 101.00: stop 101.00 × 0.985 = 99.485 → 99.48
    paper.onBar(aapl.id, bar(1, 100.9, 100.9, 99.4, 99.5))
    expect(fills(reports)).toEqual([{ price: 9_948, quantity: 100, liquidity: 'taker', fee: 0n }])
  })

  it('caps fills at a share of each bar volume, filling a large order over several bars', () => {
    const { paper, reports } = venue({ participation: 0.1 })
    paper.submit(
      order({
        type: 'limit',
        price: 10_100 as PriceTicks,
        quantity: 250 as QuantityLots,
        timeInForce: 'GTC',
      }),
    )
    for (let i = 0; i < 4; i++) paper.onBar(aapl.id, bar(i, 100, 100.5, 99.5, 100, 1_000))
    expect(fills(reports).map((f) => f.quantity)).toEqual([100, 100, 50])
    expect(paper.workingOrders()).toBe(0)
  })

  it('gives IOC one bar and FOK all or nothing', () => {
    const { paper, reports } = venue({ participation: 0.1 })
    paper.submit(order({ quantity: 150 as QuantityLots, timeInForce: 'IOC' }))
    paper.submit(order({ quantity: 150 as QuantityLots, timeInForce: 'FOK' }))
    paper.onBar(aapl.id, bar(0, 100, 100.5, 99.5, 100, 1_000))
    expect(fills(reports).map((f) => f.quantity)).toEqual([100])
    expect(
      reports.filter((r) => r.kind === 'cancelled').map((r) => (r as { reason: string }).reason),
    ).toEqual(['IOC remainder', 'FOK remainder'])
  })

  it('expires GTD and DAY orders', () => {
    const { paper, reports } = venue()
    paper.submit(
      order({
        type: 'limit',
        price: 9_000 as PriceTicks,
        timeInForce: 'GTD',
        expireAt: (2 * MS_PER_MINUTE) as UnixMillis,
      }),
    )
    paper.submit(order({ type: 'limit', price: 9_000 as PriceTicks, timeInForce: 'DAY' }))
    paper.onBar(aapl.id, bar(1, 100, 100.5, 99.5, 100))
    paper.onBar(aapl.id, bar(2, 100, 100.5, 99.5, 100))
    expect(reports.filter((r) => r.kind === 'expired')).toHaveLength(1)
    paper.onBar(aapl.id, bar(MS_PER_DAY / MS_PER_MINUTE, 100, 100.5, 99.5, 100))
    expect(reports.filter((r) => r.kind === 'expired')).toHaveLength(2)
  })

  it('honours latency: an order is not eligible before it reaches the venue', () => {
    const { paper, reports } = venue({ latencyMs: 90_000 })
    paper.submit(order({}))
    paper.onBar(aapl.id, bar(1, 100, 100.5, 99.5, 100))
    expect(fills(reports)).toEqual([])
    paper.onBar(aapl.id, bar(2, 100.1, 100.5, 99.5, 100))
    expect(fills(reports)[0]?.price).toBe(10_010)
  })

  it('names trades after itself and, restarted, continues after the fills it is told about', () => {
    const { paper, reports } = venue({ name: 'desk' })
    paper.submit(order({}))
    paper.submit(order({ side: 'sell' }))
    paper.onBar(aapl.id, bar(0, 100, 101, 99, 100.5))
    const before = reports.flatMap((r) => (r.kind === 'fill' ? [r.fill] : []))
    expect(before.map((f) => [f.venue, f.tradeId])).toEqual([
      ['desk', 'desk-1'],
      ['desk', 'desk-2'],
    ])
    const restarted = venue({ name: 'desk' })
    restarted.paper.resume({ orders: [], fills: before })
    restarted.paper.submit(order({}))
    restarted.paper.onBar(aapl.id, bar(1, 100, 101, 99, 100.5))
    expect(restarted.reports.flatMap((r) => (r.kind === 'fill' ? [r.fill.tradeId] : []))).toEqual(['desk-3'])
  })

  it('cancels and replaces working orders, refusing what it does not hold', () => {
    const { paper, reports } = venue()
    const o = order({ type: 'limit', price: 9_000 as PriceTicks, timeInForce: 'GTC' })
    paper.submit(o)
    paper.replace(o.orderId, { price: 9_500 as PriceTicks, quantity: 50 as QuantityLots })
    paper.onBar(aapl.id, bar(0, 96, 96, 94, 95))
    expect(fills(reports)).toEqual([{ price: 9_500, quantity: 50, liquidity: 'maker', fee: 0n }])
    paper.cancel(o.orderId)
    paper.replace(o.orderId, { quantity: 60 as QuantityLots })
    paper.submit(order({ instrumentId: 'MSFT.PAPER' as never }))
    expect(reports.slice(-3).map((r) => r.kind)).toEqual(['cancel-rejected', 'replace-rejected', 'rejected'])
  })
})

describe('PaperVenue fill times', () => {
  const stamps = (reports: readonly ExecutionReport[]): [string, number][] =>
    reports.flatMap((r) => (r.kind === 'fill' ? [[r.fill.orderId as string, r.fill.time as number]] : []))
  const SECOND = 1000

  it('stamps a market fill at the open of the bar it filled on, not at that bar’s close', () => {
    const { paper, reports, clock } = venue()
    clock.set(MS_PER_MINUTE) // decided at the close of bar 0, the instant bar 1 opens
    const o = order({}, MS_PER_MINUTE)
    paper.submit(o)
    paper.onBar(aapl.id, bar(1, 100.2, 101, 99, 100.7))
    expect(stamps(reports)).toEqual([[o.orderId, MS_PER_MINUTE]])
  })

  it('with latency, stamps the open of the first bar opening after the order arrived', () => {
    const { paper, reports, clock } = venue({ latencyMs: 50 })
    clock.set(MS_PER_MINUTE)
    const o = order({}, MS_PER_MINUTE)
    paper.submit(o) // arrives at 60.05 s: bar 1 (opening at 60 s) is too early
    paper.onBar(aapl.id, bar(1, 100.2, 101, 99, 100.7))
    paper.onBar(aapl.id, bar(2, 100.7, 101, 99, 100.9))
    expect(stamps(reports)).toEqual([[o.orderId, 2 * MS_PER_MINUTE]])
  })

  it('stamps a fill inside the bar where the path reaches its price, the path spread evenly over the bar', () => {
    const { paper, reports } = venue()
    // Up bar 100 → 97 → 104 → 101, 20 s a stretch: the stop at 98 is two thirds down the first
    // (at 13.33… s, stamped 13.334 s), the target at 103 six sevenths up the second (37.142… s).
    const stop = order({ side: 'sell', type: 'stop', stopPrice: 9_800 as PriceTicks, timeInForce: 'GTC' })
    const target = order({ side: 'sell', type: 'limit', price: 10_300 as PriceTicks, timeInForce: 'GTC' })
    paper.submit(stop)
    paper.submit(target)
    paper.onBar(aapl.id, bar(0, 100, 104, 97, 101))
    expect(stamps(reports)).toEqual([
      [stop.orderId, 13_334],
      [target.orderId, 37_143],
    ])
  })

  it('stamps a stop gapped through at the open, and a limit reached only at the close at the close', () => {
    const { paper, reports } = venue()
    const stop = order({ side: 'sell', type: 'stop', stopPrice: 9_900 as PriceTicks, timeInForce: 'GTC' })
    const bid = order({ type: 'limit', price: 9_550 as PriceTicks, timeInForce: 'GTC' })
    paper.submit(stop)
    paper.submit(bid)
    // Down bar 98 → 98.5 → 95 → 95.5 opening below the stop; the path stays above 95.5 until it ends.
    paper.onBar(aapl.id, bar(0, 98, 98.5, 95.6, 95.5))
    expect(stamps(reports)).toEqual([
      [stop.orderId, 0],
      [bid.orderId, MS_PER_MINUTE],
    ])
  })

  it('stamps every fill at the bar’s close under the next-close rule', () => {
    const { paper, reports } = venue({ barFill: 'next-close' })
    const o = order({ side: 'sell' })
    paper.submit(o)
    paper.onBar(aapl.id, bar(0, 100, 101, 99, 100.5))
    expect(stamps(reports)).toEqual([[o.orderId, MS_PER_MINUTE]])
  })

  it('never stamps a fill before the bar’s open or after its close', () => {
    const { paper, reports } = venue({ participation: 1 })
    for (const price of [9_800, 9_900, 10_000, 10_100, 10_200, 10_300])
      paper.submit(order({ type: 'limit', price: price as PriceTicks, timeInForce: 'GTC' }))
    paper.onBar(aapl.id, bar(3, 103, 103.5, 97.5, 98))
    const times = stamps(reports).map(([, time]) => time)
    expect(times).toHaveLength(6)
    expect(times.every((t) => t >= 3 * MS_PER_MINUTE && t <= 4 * MS_PER_MINUTE)).toBe(true)
    // Ordered as the path reaches them: down from 103 on a down bar, after its high.
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times.at(-1)! - times[0]!).toBeLessThan(40 * SECOND)
  })

  it('stamps a quote fill at the quote’s time', () => {
    const { paper, reports } = venue()
    const o = order({})
    paper.submit(o)
    paper.onQuote({
      instrumentId: aapl.id,
      tsEvent: 1234 as UnixMillis,
      bidPrice: 100,
      bidSize: 500,
      askPrice: 100.02,
      askSize: 500,
    })
    expect(stamps(reports)).toEqual([[o.orderId, 1234]])
  })
})

describe('PaperVenue on quotes', () => {
  it('buys at the ask and sells at the bid; limits fill when the quote crosses them', () => {
    const { paper, reports } = venue()
    paper.submit(order({ side: 'buy' }))
    paper.submit(order({ side: 'sell', type: 'limit', price: 10_001 as PriceTicks, timeInForce: 'GTC' }))
    const quote = (bid: number, ask: number, t: number): void => {
      paper.onQuote({
        instrumentId: aapl.id,
        tsEvent: t as UnixMillis,
        bidPrice: bid,
        bidSize: 500,
        askPrice: ask,
        askSize: 500,
      })
    }
    quote(100, 100.02, 1)
    quote(100.01, 100.03, 2)
    expect(fills(reports)).toEqual([
      { price: 10_002, quantity: 100, liquidity: 'taker', fee: 0n },
      { price: 10_001, quantity: 100, liquidity: 'maker', fee: 0n },
    ])
  })
})

describe('PaperVenue frictions for backtests', () => {
  it('fills a limit that the path only touches under touch, not under through', () => {
    const touch = venue({ limitFill: 'touch' })
    const through = venue({ limitFill: 'through' })
    for (const { paper } of [touch, through]) {
      paper.submit(order({ type: 'limit', price: 9_900 as PriceTicks, timeInForce: 'GTC' }))
      paper.onBar(aapl.id, bar(0, 100, 101, 99, 100))
    }
    expect(fills(touch.reports).map((f) => f.price)).toEqual([9_900])
    expect(fills(through.reports)).toEqual([])
    through.paper.onBar(aapl.id, bar(1, 100, 101, 98.99, 100))
    expect(fills(through.reports).map((f) => [f.price, f.liquidity])).toEqual([[9_900, 'maker']])
  })

  it('fills the orders of one bar in the order its path reaches them, whatever order they came in', () => {
    const { paper, reports } = venue({ participation: 0.1 })
    const target = order({ side: 'sell', type: 'limit', price: 10_300 as PriceTicks, timeInForce: 'GTC' })
    const stop = order({ side: 'sell', type: 'stop', stopPrice: 9_800 as PriceTicks, timeInForce: 'GTC' })
    paper.submit(target)
    paper.submit(stop)
    // Up bar: open, low 97, high 104, close. 100 lots may trade: the stop, reached first, takes them.
    paper.onBar(aapl.id, bar(0, 100, 104, 97, 101, 1_000))
    expect(reports.flatMap((r) => (r.kind === 'fill' ? [[r.fill.orderId, r.fill.price]] : []))).toEqual([
      [stop.orderId, 9_800],
    ])
  })

  it('keeps a market order’s capped remainder working when told to carry it', () => {
    const { paper, reports } = venue({ participation: 0.1, carryMarketRemainder: true })
    paper.submit(order({ quantity: 150 as QuantityLots }))
    paper.onBar(aapl.id, bar(0, 100, 101, 99, 100, 1_000))
    paper.onBar(aapl.id, bar(1, 101, 102, 100, 101, 1_000))
    expect(fills(reports).map((f) => [f.price, f.quantity])).toEqual([
      [10_000, 100],
      [10_100, 50],
    ])
    expect(reports.some((r) => r.kind === 'cancelled')).toBe(false)
  })

  it('tells fill listeners the price before slippage', () => {
    const { paper } = venue({ slippageTicks: 3 })
    const priced: [number, number][] = []
    paper.onFillPriced((fill, reference) => priced.push([fill.price, reference]))
    paper.submit(order({ side: 'sell' }))
    paper.onBar(aapl.id, bar(0, 100, 101, 99, 100))
    expect(priced).toEqual([[9_997, 10_000]])
  })
})
