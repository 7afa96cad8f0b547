/**
 * The state of a fake Binance spot account: one matching engine per symbol (the project's own,
 * src/execution/matching), the account's orders and trades as Binance's REST API shows them, and
 * its balances. `FakeBinanceServer` puts it on loopback; this file knows nothing about HTTP.
 *
 * Our orders rest in the books under the owner `account`; the other side of the market is placed
 * by the test (`addLiquidity`, `trade`) under the owner `market`. Fees are zero: Binance charges
 * commission in varying assets (BNB discounts), which the fake does not model.
 *
 * Answers follow Binance's shapes field for field where ccxt reads them (exchangeInfo filters,
 * order and trade objects, `account` balances) and its error codes where ccxt maps them to its
 * exception classes (-2010 new order rejected, -2011 unknown order on cancel, -2013 order does
 * not exist).
 */
import type { OrderId } from '../../../../domain/ids.ts'
import {
  type Instrument,
  type PriceTicks,
  type QuantityLots,
  defineInstrument,
  lotsToQuantity,
  priceToTicks,
  quantityToLots,
  ticksToPrice,
} from '../../../../domain/instrument.ts'
import { formatDecimal } from '../../../../domain/decimal.ts'
import type { UnixMillis } from '../../../../domain/time.ts'
import type { MatchAction } from '../../../../execution/matching/match-actions.ts'
import type { MatchOrder } from '../../../../execution/matching/match-order.ts'
import { MatchingEngine } from '../../../../execution/matching/matching-engine.ts'
import { notionalUnitsOf } from '../../../../execution/venues/fees.ts'
import type { OrderType, Side, TimeInForce } from '../../../../execution/types.ts'

export interface FakeSymbol {
  /** Binance's id, e.g. `BTCUSDT`. */
  readonly symbol: string
  readonly baseAsset: string
  readonly quoteAsset: string
  readonly tickSize: string
  readonly stepSize: string
  readonly minQty: string
  readonly minNotional: string
}

export type BinanceStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED'

export interface FakeOrder {
  readonly symbol: string
  readonly orderId: number
  readonly clientOrderId: string
  readonly side: 'BUY' | 'SELL'
  readonly type: string
  readonly timeInForce: string
  price: string
  readonly stopPrice: string
  origQty: string
  executedLots: number
  quoteUnits: bigint
  status: BinanceStatus
  readonly time: number
  updateTime: number
  /** Our side of the book: the engine's id for the order. */
  readonly engineId: OrderId
  readonly lots: QuantityLots
}

/** A trade on the public tape (any two participants): what aggTrades and klines are built from. */
export interface PublicTrade {
  readonly symbol: string
  readonly id: number
  readonly price: string
  readonly qty: string
  readonly time: number
  readonly buyerIsMaker: boolean
}

/** Price levels of one side, best first: [price, quantity] as decimal strings. */
export type DepthLevels = [string, string][]

export interface FakeTrade {
  readonly symbol: string
  readonly id: number
  readonly orderId: number
  readonly price: string
  readonly qty: string
  readonly quoteQty: string
  readonly commission: string
  readonly commissionAsset: string
  readonly time: number
  readonly isBuyer: boolean
  readonly isMaker: boolean
}

/** A refusal in Binance's own words: HTTP status, its numeric code, its message. */
export class BinanceError extends Error {
  readonly status: number
  readonly code: number

  constructor(status: number, code: number, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

interface Listing {
  readonly spec: FakeSymbol
  readonly instrument: Instrument
  readonly engine: MatchingEngine
}

const ACCOUNT = 'account'
const MARKET = 'market'

export class FakeBinance {
  readonly #listings = new Map<string, Listing>()
  readonly #orders = new Map<number, FakeOrder>()
  readonly #byEngineId = new Map<OrderId, FakeOrder>()
  readonly #trades: FakeTrade[] = []
  readonly #tape: PublicTrade[] = []
  readonly #balances = new Map<string, bigint>()
  /** Balances are kept in units of 10^-8 of an asset, Binance's precision. */
  static readonly BALANCE_SCALE = 8
  readonly #now: () => number
  #nextOrderId = 1
  #nextTradeId = 1
  #nextExternalId = 1
  #nextTapeId = 1

  constructor(symbols: readonly FakeSymbol[], balances: Readonly<Record<string, string>>, now: () => number) {
    this.#now = now
    for (const spec of symbols) {
      const instrument = defineInstrument({
        symbol: spec.symbol,
        venue: 'FAKE',
        assetClass: 'crypto-spot',
        quoteCurrency: spec.quoteAsset,
        tickSize: spec.tickSize,
        lotSize: spec.stepSize,
        minQuantity: spec.minQty,
      })
      this.#listings.set(spec.symbol, {
        spec,
        instrument,
        engine: new MatchingEngine({ notionalUnits: notionalUnitsOf(instrument) }),
      })
    }
    for (const [asset, amount] of Object.entries(balances)) this.#balances.set(asset, toUnits(amount))
  }

  get serverTime(): number {
    return this.#now()
  }

  symbols(): readonly FakeSymbol[] {
    return [...this.#listings.values()].map((l) => l.spec)
  }

  /** Every order of the account, open or not, in the order they came. */
  orders(): readonly Readonly<FakeOrder>[] {
    return [...this.#orders.values()]
  }

  trades(): readonly FakeTrade[] {
    return this.#trades
  }

  /** Balance of an asset as a decimal string with Binance's eight places. */
  balance(asset: string): string {
    return fromUnits(this.#balances.get(asset) ?? 0n)
  }

  balances(): ReadonlyMap<string, string> {
    return new Map([...this.#balances].map(([asset, units]) => [asset, fromUnits(units)]))
  }

  /** Another participant's resting limit order: liquidity for ours to take. */
  addLiquidity(symbol: string, side: Side, price: string, quantity: string): void {
    this.#external(symbol, side, 'limit', 'GTC', quantity, price)
  }

  /** Another participant takes liquidity: a market order of `quantity`, filling our resting orders. */
  trade(symbol: string, side: Side, quantity: string): void {
    this.#external(symbol, side, 'market', 'IOC', quantity)
  }

  /** The public tape of a symbol (GET /api/v3/aggTrades): from a time, at most `limit`. */
  publicTrades(symbol: string | undefined, startTime: number | undefined, limit: number): PublicTrade[] {
    const id = this.#listing(symbol).spec.symbol
    return this.#tape
      .filter((t) => t.symbol === id && (startTime === undefined || t.time >= startTime))
      .slice(0, limit)
  }

  /** The top `limit` levels of each side (GET /api/v3/depth). */
  depth(symbol: string | undefined, limit: number): { bids: DepthLevels; asks: DepthLevels } {
    const { engine, instrument } = this.#listing(symbol)
    const levels = (side: 'buy' | 'sell'): DepthLevels => {
      const out: DepthLevels = []
      engine.book.sideOf(side).forEachLevel((level) => {
        out.push([
          formatDecimal(ticksToPrice(instrument, level.price as PriceTicks)),
          formatDecimal(lotsToQuantity(instrument, level.quantity as QuantityLots)),
        ])
        return out.length < limit
      })
      return out
    }
    return { bids: levels('buy'), asks: levels('sell') }
  }

  /** POST /api/v3/order. */
  newOrder(params: Readonly<Record<string, string>>): FakeOrder {
    const listing = this.#listing(params.symbol)
    const clientOrderId = params.newClientOrderId ?? `fake-${this.#nextOrderId}`
    for (const o of this.#orders.values()) {
      if (o.clientOrderId === clientOrderId && o.symbol === listing.spec.symbol && isOpen(o.status)) {
        throw new BinanceError(400, -2010, 'Duplicate order sent.')
      }
    }
    const side = params.side === 'SELL' ? 'SELL' : 'BUY'
    const binanceType = params.type ?? ''
    const type = ORDER_TYPES[binanceType]
    if (type === undefined) throw new BinanceError(400, -1116, 'Invalid orderType.')
    const timeInForce = params.timeInForce ?? (binanceType === 'LIMIT_MAKER' ? 'GTC' : 'IOC')
    const { instrument } = listing
    const quantityText = required(params, 'quantity')
    let lots: QuantityLots
    let price: PriceTicks | undefined
    let stop: PriceTicks | undefined
    try {
      lots = quantityToLots(instrument, quantityText)
      if (params.price !== undefined) price = priceToTicks(instrument, params.price)
      if (params.stopPrice !== undefined) stop = priceToTicks(instrument, params.stopPrice)
    } catch {
      throw new BinanceError(400, -1013, 'Filter failure: PRICE_FILTER or LOT_SIZE')
    }
    if (lots < instrument.minLots) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE')
    const time = this.#now()
    const order: FakeOrder = {
      symbol: listing.spec.symbol,
      orderId: this.#nextOrderId++,
      clientOrderId,
      side,
      type: binanceType,
      timeInForce,
      price: price === undefined ? '0.00000000' : formatDecimal(ticksToPrice(instrument, price)),
      stopPrice: stop === undefined ? '0.00000000' : formatDecimal(ticksToPrice(instrument, stop)),
      origQty: formatDecimal(lotsToQuantity(instrument, lots)),
      executedLots: 0,
      quoteUnits: 0n,
      status: 'NEW',
      time,
      updateTime: time,
      engineId: `ours-${this.#nextOrderId - 1}` as OrderId,
      lots,
    }
    this.#orders.set(order.orderId, order)
    this.#byEngineId.set(order.engineId, order)
    const match: { -readonly [K in keyof MatchOrder]: MatchOrder[K] } = {
      orderId: order.engineId,
      ownerId: ACCOUNT,
      side: side === 'BUY' ? 'buy' : 'sell',
      type,
      timeInForce: TIME_IN_FORCE[timeInForce] ?? 'GTC',
      quantity: lots,
    }
    if (price !== undefined) match.price = price
    if (stop !== undefined) match.stopPrice = stop
    if (binanceType === 'LIMIT_MAKER') match.postOnly = true
    this.#apply(listing, listing.engine.submit(match, time as UnixMillis))
    return order
  }

  /** DELETE /api/v3/order, by orderId or origClientOrderId. */
  cancelOrder(params: Readonly<Record<string, string>>): FakeOrder {
    const order = this.#find(params, -2011, 'Unknown order sent.')
    if (!isOpen(order.status)) throw new BinanceError(400, -2011, 'Unknown order sent.')
    const listing = this.#listing(order.symbol)
    this.#apply(listing, listing.engine.cancel(order.engineId, this.#now() as UnixMillis))
    return order
  }

  /** DELETE /api/v3/openOrders: every open order of a symbol. */
  cancelAll(symbol: string | undefined): FakeOrder[] {
    const listing = this.#listing(symbol)
    const open = [...this.#orders.values()].filter(
      (o) => o.symbol === listing.spec.symbol && isOpen(o.status),
    )
    for (const o of open) this.#apply(listing, listing.engine.cancel(o.engineId, this.#now() as UnixMillis))
    return open
  }

  /** GET /api/v3/order. */
  getOrder(params: Readonly<Record<string, string>>): FakeOrder {
    return this.#find(params, -2013, 'Order does not exist.')
  }

  openOrders(symbol: string | undefined): FakeOrder[] {
    return [...this.#orders.values()].filter(
      (o) => isOpen(o.status) && (symbol === undefined || o.symbol === symbol),
    )
  }

  /** GET /api/v3/myTrades: by symbol, from a trade id or a start time, at most `limit`. */
  myTrades(params: Readonly<Record<string, string>>): FakeTrade[] {
    const symbol = this.#listing(params.symbol).spec.symbol
    const fromId = params.fromId === undefined ? undefined : Number(params.fromId)
    const start = params.startTime === undefined ? undefined : Number(params.startTime)
    const end = params.endTime === undefined ? undefined : Number(params.endTime)
    const orderId = params.orderId === undefined ? undefined : Number(params.orderId)
    const limit = Math.min(Number(params.limit ?? 500), 1000)
    return this.#trades
      .filter(
        (t) =>
          t.symbol === symbol &&
          (fromId === undefined || t.id >= fromId) &&
          (start === undefined || t.time >= start) &&
          (end === undefined || t.time <= end) &&
          (orderId === undefined || t.orderId === orderId),
      )
      .slice(0, limit)
  }

  #find(params: Readonly<Record<string, string>>, code: number, message: string): FakeOrder {
    const symbol = this.#listing(params.symbol).spec.symbol
    const id = params.orderId
    const client = params.origClientOrderId
    let found: FakeOrder | undefined
    if (id !== undefined) found = this.#orders.get(Number(id))
    else if (client !== undefined) {
      // The newest order with this client id: Binance lets a client id be reused once closed.
      for (const o of this.#orders.values()) if (o.clientOrderId === client && o.symbol === symbol) found = o
    }
    if (found?.symbol !== symbol) throw new BinanceError(400, code, message)
    return found
  }

  #listing(symbol: string | undefined): Listing {
    const listing = symbol === undefined ? undefined : this.#listings.get(symbol)
    if (listing === undefined) throw new BinanceError(400, -1121, 'Invalid symbol.')
    return listing
  }

  #external(
    symbol: string,
    side: Side,
    type: OrderType,
    tif: TimeInForce,
    quantity: string,
    price?: string,
  ): void {
    const listing = this.#listing(symbol)
    const id = this.#nextExternalId++
    // Each outside order has its own owner: outside participants trade with one another too.
    const match: { -readonly [K in keyof MatchOrder]: MatchOrder[K] } = {
      orderId: `${MARKET}-${id}` as OrderId,
      ownerId: `${MARKET}-${id}`,
      side,
      type,
      timeInForce: tif,
      quantity: quantityToLots(listing.instrument, quantity),
    }
    if (price !== undefined) match.price = priceToTicks(listing.instrument, price)
    this.#apply(listing, listing.engine.submit(match, this.#now() as UnixMillis))
  }

  /** The engine's actions on our orders become order status changes, trades and balance moves. */
  #apply(listing: Listing, actions: readonly MatchAction[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'fill': {
          const { instrument, spec } = listing
          this.#tape.push({
            symbol: spec.symbol,
            id: this.#nextTapeId++,
            price: formatDecimal(ticksToPrice(instrument, action.price)),
            qty: formatDecimal(lotsToQuantity(instrument, action.quantity)),
            time: action.time,
            buyerIsMaker: action.maker.side === 'buy',
          })
          for (const party of [action.maker, action.taker]) {
            const order = this.#byEngineId.get(party.orderId)
            if (order !== undefined) this.#fill(listing, order, action, party.liquidity === 'maker')
          }
          break
        }
        case 'cancelled':
        case 'expired':
        case 'rejected': {
          const order = this.#byEngineId.get(action.orderId)
          if (order === undefined) break
          // Binance reports the unfilled rest of IOC, FOK and market orders as EXPIRED.
          order.status =
            action.kind === 'rejected'
              ? 'REJECTED'
              : action.kind === 'expired' || action.reason !== 'requested'
                ? 'EXPIRED'
                : 'CANCELED'
          order.updateTime = action.time
          break
        }
        case 'accepted':
        case 'triggered':
        case 'replaced':
        case 'cancel-rejected':
        case 'replace-rejected':
          break
      }
    }
  }

  #fill(
    listing: Listing,
    order: FakeOrder,
    action: Extract<MatchAction, { kind: 'fill' }>,
    maker: boolean,
  ): void {
    const { instrument, spec } = listing
    const qty = lotsToQuantity(instrument, action.quantity)
    const price = ticksToPrice(instrument, action.price)
    const quote = { units: qty.units * price.units, scale: qty.scale + price.scale }
    order.executedLots += action.quantity
    order.quoteUnits += toUnits(formatDecimal(quote))
    order.status = order.executedLots === order.lots ? 'FILLED' : 'PARTIALLY_FILLED'
    order.updateTime = action.time
    const buy = order.side === 'BUY'
    this.#move(spec.baseAsset, buy ? toUnits(formatDecimal(qty)) : -toUnits(formatDecimal(qty)))
    this.#move(spec.quoteAsset, buy ? -toUnits(formatDecimal(quote)) : toUnits(formatDecimal(quote)))
    this.#trades.push({
      symbol: spec.symbol,
      id: this.#nextTradeId++,
      orderId: order.orderId,
      price: formatDecimal(price),
      qty: formatDecimal(qty),
      quoteQty: formatDecimal(quote),
      commission: '0.00000000',
      commissionAsset: spec.quoteAsset,
      time: action.time,
      isBuyer: buy,
      isMaker: maker,
    })
  }

  #move(asset: string, units: bigint): void {
    this.#balances.set(asset, (this.#balances.get(asset) ?? 0n) + units)
  }
}

const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  LIMIT: 'limit',
  LIMIT_MAKER: 'limit',
  MARKET: 'market',
  STOP_LOSS: 'stop',
  STOP_LOSS_LIMIT: 'stop-limit',
}

const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK' }

export function isOpen(status: BinanceStatus): boolean {
  return status === 'NEW' || status === 'PARTIALLY_FILLED'
}

function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name]
  if (value === undefined) {
    throw new BinanceError(
      400,
      -1102,
      `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
    )
  }
  return value
}

/** A decimal string as a count of 10^-8. */
export function toUnits(text: string): bigint {
  const negative = text.startsWith('-')
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const units = BigInt(whole) * 100_000_000n + BigInt((fraction + '00000000').slice(0, 8))
  return negative ? -units : units
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n
  const abs = negative ? -units : units
  const text = `${abs / 100_000_000n}.${(abs % 100_000_000n).toString().padStart(8, '0')}`
  return negative ? `-${text}` : text
}
