/**
 * The public WebSocket market streams of the fake Binance, on the REST server's port: the part of
 * Binance's stream protocol that ccxt pro's `watchTrades`, `watchOHLCV` and `watchBidsAsks` use
 * (node_modules/ccxt/js/src/pro/binance.js). A client connects to `/stream/ws/<n>` (ccxt appends
 * a stream index to `urls.api.ws.spot`; the path contains `/stream`, as Binance's host does, which
 * is how ccxt tells a spot connection), sends
 * `{"method":"SUBSCRIBE","params":["btcusdt@trade","btcusdt@kline_1s","btcusdt@bookTicker"],"id":1}`,
 * gets `{"result":null,"id":1}`, then the events of those streams in Binance's shapes:
 * - `<symbol>@trade`: each trade of the public tape (`e: trade`, `t`, `p`, `q`, `T`, `m`);
 * - `<symbol>@kline_<interval>` (1s, 1m, 5m, 1h): the candle of the tape's bucket after each trade
 *   (`x: false`), and once more with `x: true` when the bucket has ended;
 * - `<symbol>@bookTicker`: the best bid and ask after each trade (`b`, `B`, `a`, `A`, `u`).
 * The tape is read every `tickMs` (25 ms by default), so events follow trades within a tick.
 *
 * Faults: `drop()` closes every connection abruptly (as a network failure would), and while
 * `offline` is set new connections are refused — a client must fall back and reconnect.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { type FakeBinance, type PublicTrade, fromUnits, toUnits } from './fake-binance.ts'
import type { FakeBinanceServer } from './fake-binance-server.ts'

const INTERVALS: Readonly<Record<string, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
}

interface Candle {
  readonly open: number
  o: string
  h: string
  l: string
  c: string
  v: bigint
  n: number
  first: number
  last: number
  final: boolean
}

export class FakeBinanceStreams {
  /** Connections are refused while set (after `drop()`, the exchange's streams are down). */
  offline = false
  /** Subscription requests answered, in order: what a test reads to see a client subscribe again. */
  readonly subscriptions: string[][] = []
  readonly #fake: FakeBinance
  readonly #now: () => number
  readonly #wss = new WebSocketServer({ noServer: true })
  readonly #subscribed = new Map<WebSocket, Set<string>>()
  /** Per symbol (Binance id), trades of the tape already streamed. */
  readonly #sent = new Map<string, number>()
  /** Per symbol and interval, the candles of the buckets streamed and not yet final. */
  readonly #candles = new Map<string, Candle>()
  readonly #timer: NodeJS.Timeout

  constructor(fake: FakeBinance, server: FakeBinanceServer, now: () => number, tickMs = 25) {
    this.#fake = fake
    this.#now = now
    for (const spec of fake.symbols())
      this.#sent.set(spec.symbol, fake.publicTrades(spec.symbol, undefined, Number.MAX_SAFE_INTEGER).length)
    server.onUpgrade((request, socket, head) => {
      this.#upgrade(request, socket, head)
    })
    this.#timer = setInterval(() => {
      this.#tick()
    }, tickMs)
  }

  /** The `urls.api.ws` map for ccxt's binance class: spot and margin here, the rest refused. */
  ccxtUrls(httpUrl: string): Record<string, string> {
    const base = httpUrl.replace(/^http/, 'ws')
    return {
      spot: `${base}/stream/ws`,
      margin: `${base}/stream/ws`,
      future: `${base}/refused`,
      delivery: `${base}/refused`,
    }
  }

  /** Open connections. */
  get connections(): number {
    return this.#subscribed.size
  }

  /** Closes every connection without a closing handshake, as a dropped network does. */
  drop(): void {
    for (const socket of this.#subscribed.keys()) socket.terminate()
    this.#subscribed.clear()
  }

  close(): void {
    clearInterval(this.#timer)
    this.drop()
    this.#wss.close()
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.offline || !(request.url ?? '').startsWith('/stream/ws')) {
      socket.destroy()
      return
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      this.#subscribed.set(ws, new Set())
      ws.on('message', (data: Buffer) => {
        this.#onMessage(ws, data.toString('utf8'))
      })
      ws.on('close', () => this.#subscribed.delete(ws))
      ws.on('error', () => this.#subscribed.delete(ws))
    })
  }

  #onMessage(ws: WebSocket, text: string): void {
    let message: { method?: unknown; params?: unknown; id?: unknown }
    try {
      message = JSON.parse(text) as typeof message
    } catch {
      ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid JSON' } }))
      return
    }
    const params = Array.isArray(message.params)
      ? message.params.filter((p): p is string => typeof p === 'string')
      : []
    const streams = this.#subscribed.get(ws)
    if (streams === undefined) return
    if (message.method === 'SUBSCRIBE') {
      for (const p of params) streams.add(p)
      this.subscriptions.push(params)
    } else if (message.method === 'UNSUBSCRIBE') for (const p of params) streams.delete(p)
    else {
      ws.send(
        JSON.stringify({
          error: { code: 1, msg: `Unknown method ${String(message.method)}` },
          id: message.id,
        }),
      )
      return
    }
    ws.send(JSON.stringify({ result: null, id: message.id }))
  }

  #tick(): void {
    const now = this.#now()
    for (const spec of this.#fake.symbols()) {
      const tape = this.#fake.publicTrades(spec.symbol, undefined, Number.MAX_SAFE_INTEGER)
      const fresh = tape.slice(this.#sent.get(spec.symbol) ?? 0)
      this.#sent.set(spec.symbol, tape.length)
      const lower = spec.symbol.toLowerCase()
      for (const trade of fresh) {
        this.#publish(`${lower}@trade`, {
          e: 'trade',
          E: now,
          s: spec.symbol,
          t: trade.id,
          p: trade.price,
          q: trade.qty,
          T: trade.time,
          m: trade.buyerIsMaker,
          M: true,
        })
        for (const [interval, step] of Object.entries(INTERVALS))
          this.#addToCandle(spec.symbol, interval, step, trade, now)
        const book = this.#fake.depth(spec.symbol, 1)
        const [bid, bidQty] = book.bids[0] ?? ['0', '0']
        const [ask, askQty] = book.asks[0] ?? ['0', '0']
        this.#publish(`${lower}@bookTicker`, {
          u: trade.id,
          s: spec.symbol,
          b: bid,
          B: bidQty,
          a: ask,
          A: askQty,
        })
      }
      // Buckets that have ended get their final event.
      for (const interval of Object.keys(INTERVALS)) {
        const key = `${spec.symbol}:${interval}`
        const candle = this.#candles.get(key)
        const step = INTERVALS[interval]!
        if (candle !== undefined && !candle.final && now >= candle.open + step) {
          candle.final = true
          this.#publishCandle(spec.symbol, interval, step, candle, now)
        }
      }
    }
  }

  #addToCandle(symbol: string, interval: string, step: number, trade: PublicTrade, now: number): void {
    const key = `${symbol}:${interval}`
    const open = Math.floor(trade.time / step) * step
    let candle = this.#candles.get(key)
    if (candle !== undefined && candle.open < open && !candle.final) {
      candle.final = true
      this.#publishCandle(symbol, interval, step, candle, now)
    }
    if (candle?.open !== open) {
      candle = {
        open,
        o: trade.price,
        h: trade.price,
        l: trade.price,
        c: trade.price,
        v: 0n,
        n: 0,
        first: trade.id,
        last: trade.id,
        final: false,
      }
      this.#candles.set(key, candle)
    }
    if (toUnits(trade.price) > toUnits(candle.h)) candle.h = trade.price
    if (toUnits(trade.price) < toUnits(candle.l)) candle.l = trade.price
    candle.c = trade.price
    candle.v += toUnits(trade.qty)
    candle.n++
    candle.last = trade.id
    this.#publishCandle(symbol, interval, step, candle, now)
  }

  #publishCandle(symbol: string, interval: string, step: number, candle: Candle, now: number): void {
    this.#publish(`${symbol.toLowerCase()}@kline_${interval}`, {
      e: 'kline',
      E: now,
      s: symbol,
      k: {
        t: candle.open,
        T: candle.open + step - 1,
        s: symbol,
        i: interval,
        f: candle.first,
        L: candle.last,
        o: candle.o,
        c: candle.c,
        h: candle.h,
        l: candle.l,
        v: fromUnits(candle.v),
        n: candle.n,
        x: candle.final,
        q: '0',
        V: '0',
        Q: '0',
        B: '0',
      },
    })
  }

  #publish(stream: string, payload: unknown): void {
    let text: string | undefined
    for (const [ws, streams] of this.#subscribed) {
      if (!streams.has(stream)) continue
      text ??= JSON.stringify(payload)
      ws.send(text)
    }
  }
}
