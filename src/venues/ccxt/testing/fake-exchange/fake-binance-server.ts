/**
 * `FakeBinance` on loopback, speaking the part of Binance's spot REST API (api/v3) that ccxt's
 * `binance` class uses for spot trading: time, exchangeInfo, order (new, cancel, query),
 * openOrders (list, cancel all), myTrades, account. Private endpoints check the API key header
 * and the HMAC-SHA256 signature exactly as Binance does, and refuse a timestamp outside the
 * receive window (-1021), so ccxt's signing and clock-skew handling are exercised for real.
 *
 * Faults are injected per request (`inject`) or as modes (`offline`, `tradeReportDelayMs`,
 * `duplicateTradeReports`): a connection dropped before or after the request is processed, a
 * 429 with Retry-After, a 5xx, a slow answer, fills reported late or twice, and — with
 * `offline` set while `FakeBinance.trade` fills resting orders — orders filled while the client
 * is disconnected.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import {
  BinanceError,
  type FakeBinance,
  type FakeOrder,
  type FakeTrade,
  fromUnits,
  toUnits,
} from './fake-binance.ts'

export type Fault =
  /** The connection closes before the request is processed: nothing happened. */
  | { readonly kind: 'drop-before' }
  /** The request is processed, then the connection closes: it happened, but the client cannot know. */
  | { readonly kind: 'drop-after' }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'delay'; readonly ms: number }

export interface FaultRule {
  readonly method?: string
  /** Path after the host, e.g. `/api/v3/order`. */
  readonly path?: string
  /** How many matching requests it hits before it is spent. */
  readonly times: number
  readonly fault: Fault
}

export interface FakeBinanceServerOptions {
  readonly apiKey: string
  readonly secret: string
  /** Milliseconds the fake's clock is ahead of the client's (negative: behind). */
  readonly clockOffsetMs?: number
}

export interface RequestLogEntry {
  readonly method: string
  readonly path: string
  /** What the fake answered with: an HTTP status, or `dropped`. */
  readonly outcome: number | 'dropped'
}

export class FakeBinanceServer {
  readonly exchange: FakeBinance
  /** Every connection is dropped before processing while set: the exchange is unreachable. */
  offline = false
  /** myTrades leaves out trades younger than this: fills reported late. */
  tradeReportDelayMs = 0
  /** myTrades lists every trade twice: fills reported twice. */
  duplicateTradeReports = false
  readonly log: RequestLogEntry[] = []
  readonly #options: FakeBinanceServerOptions
  readonly #rules: { rule: FaultRule; left: number }[] = []
  readonly #server: Server
  readonly #now: () => number

  constructor(exchange: FakeBinance, options: FakeBinanceServerOptions, now: () => number) {
    this.exchange = exchange
    this.#options = options
    this.#now = now
    this.#server = createServer((request, response) => {
      void this.#handle(request, response)
    })
  }

  /** Listens on 127.0.0.1 on a free port; returns the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    return this.url
  }

  get url(): string {
    const address = this.#server.address() as AddressInfo
    return `http://127.0.0.1:${address.port}`
  }

  /**
   * The `urls.api` map for ccxt's binance class, given its own: spot endpoints point here, and
   * every other family (sapi, fapi, …) at a path here that answers 404, so no request can leave
   * loopback whatever ccxt decides to call.
   */
  ccxtUrls(original: Readonly<Record<string, unknown>>): Record<string, string> {
    const urls: Record<string, string> = {}
    for (const key of Object.keys(original)) urls[key] = `${this.url}/unsupported/${key}`
    return { ...urls, public: `${this.url}/api/v3`, private: `${this.url}/api/v3` }
  }

  /** Hands HTTP upgrade requests (WebSocket handshakes) to `handler`: how the streams attach. */
  onUpgrade(handler: (request: IncomingMessage, socket: Duplex, head: Buffer) => void): void {
    this.#server.on('upgrade', handler)
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) =>
      this.#server.close(() => {
        resolve()
      }),
    )
  }

  inject(rule: FaultRule): void {
    this.#rules.push({ rule, left: rule.times })
  }

  #takeFault(method: string, path: string): Fault | undefined {
    for (const entry of this.#rules) {
      const { rule } = entry
      if (entry.left <= 0) continue
      if (rule.method !== undefined && rule.method !== method) continue
      if (rule.path !== undefined && rule.path !== path) continue
      entry.left--
      return rule.fault
    }
    return undefined
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request)
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const method = request.method ?? 'GET'
    const path = url.pathname
    const drop = (): void => {
      this.log.push({ method, path, outcome: 'dropped' })
      request.socket.destroy()
    }
    if (this.offline) {
      drop()
      return
    }
    const fault = this.#takeFault(method, path)
    if (fault?.kind === 'drop-before') {
      drop()
      return
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms))
    if (fault?.kind === 'rate-limit') {
      this.#send(
        response,
        method,
        path,
        429,
        { code: -1003, msg: 'Too many requests.' },
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      )
      return
    }
    if (fault?.kind === 'server-error') {
      this.#send(response, method, path, fault.status, { code: -1001, msg: 'Internal error.' })
      return
    }
    let status = 200
    let answer: unknown
    try {
      const query = method === 'POST' || method === 'PUT' ? body : url.search.slice(1)
      answer = this.#route(method, path, query, request.headers['x-mbx-apikey'])
    } catch (error) {
      if (!(error instanceof BinanceError)) throw error
      status = error.status
      answer = { code: error.code, msg: error.message }
    }
    if (fault?.kind === 'drop-after') {
      drop()
      return
    }
    this.#send(response, method, path, status, answer)
  }

  #send(
    response: ServerResponse,
    method: string,
    path: string,
    status: number,
    answer: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.log.push({ method, path, outcome: status })
    response.writeHead(status, { 'content-type': 'application/json', ...headers })
    response.end(JSON.stringify(answer))
  }

  #route(method: string, path: string, query: string, apiKey: string | string[] | undefined): unknown {
    const fake = this.exchange
    const route = `${method} ${path}`
    switch (route) {
      case 'GET /api/v3/ping':
        return {}
      case 'GET /api/v3/time':
        return { serverTime: this.#serverTime() }
      case 'GET /api/v3/exchangeInfo':
        return exchangeInfo(fake, this.#serverTime())
      case 'GET /api/v3/depth': {
        const params = Object.fromEntries(new URLSearchParams(query))
        return {
          lastUpdateId: fake.trades().length,
          ...fake.depth(params.symbol, Number(params.limit ?? 100)),
        }
      }
      case 'GET /api/v3/aggTrades': {
        const params = Object.fromEntries(new URLSearchParams(query))
        const start = params.startTime === undefined ? undefined : Number(params.startTime)
        return fake.publicTrades(params.symbol, start, Number(params.limit ?? 500)).map((t) => ({
          a: t.id,
          p: t.price,
          q: t.qty,
          f: t.id,
          l: t.id,
          T: t.time,
          m: t.buyerIsMaker,
          M: true,
        }))
      }
      case 'GET /api/v3/klines': {
        const params = Object.fromEntries(new URLSearchParams(query))
        return klines(fake, params)
      }
    }
    const params = this.#verify(query, apiKey)
    switch (route) {
      case 'POST /api/v3/order':
        return orderJson(fake.newOrder(params), true)
      case 'DELETE /api/v3/order':
        return orderJson(fake.cancelOrder(params), false)
      case 'GET /api/v3/order':
        return orderJson(fake.getOrder(params), false)
      case 'GET /api/v3/openOrders':
        return fake.openOrders(params.symbol).map((o) => orderJson(o, false))
      case 'DELETE /api/v3/openOrders':
        return fake.cancelAll(params.symbol).map((o) => orderJson(o, false))
      case 'GET /api/v3/myTrades': {
        const cutoff = this.#now() - this.tradeReportDelayMs
        const trades = fake.myTrades(params).filter((t) => this.tradeReportDelayMs === 0 || t.time <= cutoff)
        return (this.duplicateTradeReports ? trades.flatMap((t) => [t, t]) : trades).map(tradeJson)
      }
      case 'GET /api/v3/account':
        return {
          makerCommission: 0,
          takerCommission: 0,
          canTrade: true,
          canWithdraw: false,
          canDeposit: false,
          updateTime: this.#serverTime(),
          accountType: 'SPOT',
          balances: [...fake.balances()].map(([asset, free]) => ({ asset, free, locked: '0.00000000' })),
          permissions: ['SPOT'],
        }
    }
    throw new BinanceError(404, -1000, `no such endpoint: ${route}`)
  }

  #serverTime(): number {
    return this.#now() + (this.#options.clockOffsetMs ?? 0)
  }

  /** Binance's signed-endpoint checks: key, signature over the query without it, receive window. */
  #verify(query: string, apiKey: string | string[] | undefined): Record<string, string> {
    if (apiKey !== this.#options.apiKey)
      throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.')
    const at = query.lastIndexOf('&signature=')
    if (at < 0) throw new BinanceError(400, -1102, "Mandatory parameter 'signature' was not sent.")
    const signed = query.slice(0, at)
    const expected = createHmac('sha256', this.#options.secret).update(signed).digest('hex')
    const given = query.slice(at + '&signature='.length)
    if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      throw new BinanceError(400, -1022, 'Signature for this request is not valid.')
    }
    const params = Object.fromEntries(new URLSearchParams(signed))
    const timestamp = Number(params.timestamp)
    const window = Number(params.recvWindow ?? 5000)
    const server = this.#serverTime()
    if (!(timestamp < server + 1000 && server - timestamp <= window)) {
      throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.')
    }
    return params
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function exchangeInfo(fake: FakeBinance, serverTime: number): unknown {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: fake.symbols().map((s) => ({
      symbol: s.symbol,
      status: 'TRADING',
      baseAsset: s.baseAsset,
      baseAssetPrecision: 8,
      quoteAsset: s.quoteAsset,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT'],
      icebergAllowed: false,
      ocoAllowed: false,
      quoteOrderQtyMarketAllowed: false,
      allowTrailingStop: false,
      cancelReplaceAllowed: false,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        {
          filterType: 'PRICE_FILTER',
          minPrice: s.tickSize,
          maxPrice: '1000000.00000000',
          tickSize: s.tickSize,
        },
        { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: '9000.00000000', stepSize: s.stepSize },
        {
          filterType: 'NOTIONAL',
          minNotional: s.minNotional,
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          avgPriceMins: 5,
        },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  }
}

function orderJson(o: Readonly<FakeOrder>, created: boolean): unknown {
  const listing = {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: o.price,
    origQty: o.origQty,
    executedQty: executedQty(o),
    cummulativeQuoteQty: fromUnits(o.quoteUnits),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: o.stopPrice,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  }
  return created
    ? { ...listing, transactTime: o.time, workingTime: o.time }
    : { ...listing, time: o.time, updateTime: o.updateTime, isWorking: true, origQuoteOrderQty: '0.00000000' }
}

function executedQty(o: Readonly<FakeOrder>): string {
  // origQty is on the lot grid, so executed = origQty × executed/total lots, exactly.
  const [whole = '0', fraction = ''] = o.origQty.split('.')
  const scale = fraction.length
  const orig = BigInt(whole + fraction)
  const executed = (orig * BigInt(o.executedLots)) / BigInt(o.lots)
  const digits = executed.toString().padStart(scale + 1, '0')
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}

const INTERVALS: Readonly<Record<string, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
}

/** Bars of the public tape, Binance's kline arrays; a bucket without trades has no bar. */
function klines(fake: FakeBinance, params: Readonly<Record<string, string>>): unknown[] {
  const step = INTERVALS[params.interval ?? '']
  if (step === undefined) throw new BinanceError(400, -1120, 'Invalid interval.')
  const start = params.startTime === undefined ? 0 : Number(params.startTime)
  const bars = new Map<number, { o: string; h: string; l: string; c: string; v: bigint }>()
  for (const t of fake.publicTrades(params.symbol, undefined, Number.MAX_SAFE_INTEGER)) {
    const open = Math.floor(t.time / step) * step
    if (open < Math.floor(start / step) * step) continue
    const bar = bars.get(open)
    const v = toUnits(t.qty)
    if (bar === undefined) bars.set(open, { o: t.price, h: t.price, l: t.price, c: t.price, v })
    else {
      if (toUnits(t.price) > toUnits(bar.h)) bar.h = t.price
      if (toUnits(t.price) < toUnits(bar.l)) bar.l = t.price
      bar.c = t.price
      bar.v += v
    }
  }
  return [...bars].map(([open, b]) => [
    open,
    b.o,
    b.h,
    b.l,
    b.c,
    fromUnits(b.v),
    open + step - 1,
    '0',
    0,
    '0',
    '0',
    '0',
  ])
}

function tradeJson(t: FakeTrade): unknown {
  return { ...t, orderListId: -1, isBestMatch: true }
}
