/**
 * The paper venue: fills orders against a stream of market data instead of an order book — bars
 * in a backtest or paper trading on bar data, quotes when they are available.
 *
 * Bars. An order is eligible from the first bar that opens at or after its submission time plus
 * the configured latency — never the bar it was decided on, so a strategy acting on a close cannot
 * trade at that close. Within a bar the price is assumed to travel a path: open, then the extreme
 * nearer the direction of the bar (low first on an up bar, high first on a down bar), the other
 * extreme, the close — the usual OHLC path assumption. Along it:
 * - a market order fills at the first price of the path: the open (`ohlc-path` and `next-open`)
 *   or the close (`next-close`), plus `slippageTicks` against it;
 * - a limit order fills where the path first reaches its price — at the open if the bar gaps
 *   through it (a better price), otherwise at the limit; it is a maker fill unless it was
 *   marketable on its first bar. With `limitFill: 'through'` reaching is not enough: the path
 *   must trade strictly beyond the limit (a price merely touched may have filled others first);
 * - a stop triggers where the path first crosses the stop (at the open on a gap) and then fills
 *   as a market order (stop) at the trigger (the open, worse, on a gap) plus slippage, or rests as a limit (stop-limit) on the
 *   rest of the path; a trailing stop moves its trigger with the best price of the path so far;
 * - `participation` caps the lots filled per bar at that fraction of the bar's volume (volume in
 *   units of the instrument, converted to lots), shared by orders in submission order, so a large
 *   order fills over several bars; one bar's volume is never used twice. A market order is IOC,
 *   so its capped remainder is cancelled — unless `carryMarketRemainder`, which keeps it working
 *   on the next bars (a backtest's view of a large order worked over time);
 * - slippage: `slippageTicks` is a fixed move; a `slippage` model (slippage-models.ts) moves
 *   bar fills by a price distance of its own (quotes already carry the spread, so quote fills
 *   take only `slippageTicks`); `onFillPriced` listeners learn the unslipped price of each fill;
 * - fees: a `commission` model (commission-model.ts) replaces the maker/taker `fees` schedule;
 * - IOC orders get one bar: what does not fill is cancelled; FOK orders fill completely on their
 *   first bar or are cancelled; GTD orders expire on the first bar at or after their expiry; DAY
 *   orders on the first bar of a new UTC day.
 *
 * Fill times. A bar fill is stamped with the time it happens on the path, not when the bar became
 * known: the path's four points are spread evenly from the bar's `openTime` to its `knownAt`, so a
 * fill at the open is stamped `openTime`, one a third of the way from the open to the first
 * extreme `openTime + (knownAt − openTime) / 9`, one at the close `knownAt` (next-close fills are
 * all at the close), rounded up to the millisecond so a stamp never precedes the price it records.
 * A fill is never stamped before the order reached the venue (its submission plus `latencyMs`).
 * The report still goes out while the bar is offered, after its close: the stamp says when the
 * trade happened, the report's arrival when anyone could know it.
 *
 * Quotes. A buy executes against the ask, a sell against the bid: market orders at once,
 * limits when the quote crosses them, stops when the quote reaches them.
 *
 * Prices from data are rounded to the tick grid against the trader (buys up, sells down).
 */
import { decimalToNumber } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { OrderId } from '../../domain/ids.ts'
import {
  type Instrument,
  type InstrumentId,
  type PriceTicks,
  type QuantityLots,
} from '../../domain/instrument.ts'
import type { Bar, Quote } from '../../domain/market-data.ts'
import { numberToLots } from '../../domain/number-grid.ts'
import { MS_PER_DAY, type UnixMillis } from '../../domain/time.ts'
import type { Clock } from '../clock.ts'
import { trailingStopPrice } from '../matching/stop-book.ts'
import type { Order } from '../orders/order.ts'
import type { Fill, LiquiditySide } from '../types.ts'
import type { ExecutionReport, ReplaceChanges, Venue, VenueHistory } from '../venue.ts'
import type { CommissionModel } from './commission-model.ts'
import { type FeeSchedule, NO_FEES, feeUnits } from './fees.ts'
import { type GridTicks, gridTicks } from './grid-ticks.ts'
import type { SlippageModel } from './slippage-models.ts'
import { TradeIdSequence } from './trade-id-sequence.ts'

export type BarFillRule = 'ohlc-path' | 'next-open' | 'next-close'

export interface PaperVenueOptions {
  readonly instruments: readonly Instrument[]
  readonly clock: Clock
  readonly barFill?: BarFillRule
  readonly fees?: FeeSchedule
  /** Ticks added against the trader to market and stop-market fills. */
  readonly slippageTicks?: number
  /** Largest fraction of a bar's volume that may fill, in (0, 1]; unlimited when absent. */
  readonly participation?: number
  /** Milliseconds between submission and eligibility. */
  readonly latencyMs?: number
  readonly name?: string
  /** Moves market and stop fills on bars against the trader; added to `slippageTicks`. */
  readonly slippage?: SlippageModel
  /** Replaces `fees` when given. */
  readonly commission?: CommissionModel
  /** `touch` (default): a limit fills when the path reaches it; `through`: only beyond it. */
  readonly limitFill?: 'touch' | 'through'
  /** Keep a market order's remainder, cut by `participation`, working on later bars. */
  readonly carryMarketRemainder?: boolean
}

/** A fill as priced: `referencePrice` is where the path offered it, before slippage. */
export type FillPricedListener = (fill: Fill, referencePrice: PriceTicks) => void

interface Working {
  order: Order
  remaining: number
  readonly activeFrom: number
  /** Bars (or quotes) this order has been evaluated on. */
  evaluations: number
  /** Trigger price in ticks for stop-like orders; NaN otherwise. */
  stop: number
  triggered: boolean
  /** Fills so far at this venue (a commission may charge the first one apart). */
  fills: number
}

interface Steps {
  readonly tick: number
  readonly lot: number
  /** `gridTicks` for this instrument. */
  readonly ticks: GridTicks
}

export class PaperVenue implements Venue {
  readonly name: string
  readonly #instruments: ReadonlyMap<InstrumentId, Instrument>
  readonly #clock: Clock
  readonly #rule: BarFillRule
  readonly #fees: FeeSchedule
  readonly #slippage: number
  readonly #participation: number | undefined
  readonly #latency: number
  readonly #working = new Map<OrderId, Working>()
  readonly #listeners: ((report: ExecutionReport) => void)[] = []
  readonly #tradeIds: TradeIdSequence
  readonly #model: SlippageModel | undefined
  readonly #commission: CommissionModel | undefined
  readonly #through: boolean
  readonly #carry: boolean
  readonly #priced: FillPricedListener[] = []
  readonly #stepsOf = new Map<Instrument, Steps>()
  /** The path of the bar being offered, reused: a bar costs no array. */
  readonly #pathBuffer: number[] = [0, 0, 0, 0]
  /** Volume of the bar being offered; NaN while a quote is. */
  #barVolume = Number.NaN
  /** Open time and `knownAt` of the bar being offered, the span its path is spread over; NaN while a quote is. */
  #barOpen = Number.NaN
  #barEnd = Number.NaN
  /** While probing, `#fill` only notes where on the path the order would fill, in `#position`. */
  #probing = false
  #position = Number.POSITIVE_INFINITY

  constructor(options: PaperVenueOptions) {
    this.name = options.name ?? 'paper'
    this.#tradeIds = new TradeIdSequence(this.name)
    this.#instruments = new Map(options.instruments.map((i) => [i.id, i]))
    this.#clock = options.clock
    this.#rule = options.barFill ?? 'ohlc-path'
    this.#fees = options.fees ?? NO_FEES
    this.#slippage = options.slippageTicks ?? 0
    this.#participation = options.participation
    this.#latency = options.latencyMs ?? 0
    this.#model = options.slippage
    this.#commission = options.commission
    this.#through = options.limitFill === 'through'
    this.#carry = options.carryMarketRemainder === true
    if (this.#participation !== undefined && !(this.#participation > 0 && this.#participation <= 1)) {
      throw new RangeError(`participation must be in (0, 1], was ${this.#participation}`)
    }
  }

  onReport(listener: (report: ExecutionReport) => void): void {
    this.#listeners.push(listener)
  }

  /** Called for every fill, before its report is sent, with the price before slippage. */
  onFillPriced(listener: FillPricedListener): void {
    this.#priced.push(listener)
  }

  /**
   * After a restart, trade ids continue after the journal's. Orders that were working before it
   * are not taken back: they died with the old process, and cancelling one is refused.
   */
  resume(history: VenueHistory): void {
    this.#tradeIds.resume(history.fills)
  }

  submit(order: Readonly<Order>): void {
    const now = this.#clock.now()
    if (!this.#instruments.has(order.instrumentId)) {
      this.#emit({
        kind: 'rejected',
        orderId: order.orderId,
        code: 'unknown-instrument',
        reason: `${order.instrumentId} is not traded here`,
        time: now,
      })
      return
    }
    const stop =
      order.type === 'stop' || order.type === 'stop-limit' ? (order.stopPrice ?? Number.NaN) : Number.NaN
    this.#working.set(order.orderId, {
      order: { ...order },
      remaining: order.quantity - order.filledQuantity,
      activeFrom: now + this.#latency,
      evaluations: 0,
      stop,
      triggered: false,
      fills: 0,
    })
    this.#emit({ kind: 'accepted', orderId: order.orderId, time: now })
  }

  cancel(orderId: OrderId): void {
    const now = this.#clock.now()
    if (!this.#working.delete(orderId)) {
      this.#emit({ kind: 'cancel-rejected', orderId, reason: 'not working at the venue', time: now })
      return
    }
    this.#emit({ kind: 'cancelled', orderId, reason: 'cancelled on request', time: now })
  }

  replace(orderId: OrderId, changes: ReplaceChanges): void {
    const now = this.#clock.now()
    const w = this.#working.get(orderId)
    if (w === undefined) {
      this.#emit({ kind: 'replace-rejected', orderId, reason: 'not working at the venue', time: now })
      return
    }
    const filled = w.order.quantity - w.remaining
    const quantity = changes.quantity ?? w.order.quantity
    if (quantity <= filled) {
      this.#emit({
        kind: 'replace-rejected',
        orderId,
        reason: `quantity ${quantity} is not above the filled ${filled}`,
        time: now,
      })
      return
    }
    w.order.quantity = quantity
    w.remaining = quantity - filled
    if (changes.price !== undefined) w.order.price = changes.price
    this.#emit({
      kind: 'replaced',
      orderId,
      quantity,
      ...(changes.price === undefined ? {} : { price: changes.price }),
      time: now,
    })
  }

  /** Working orders at the venue, for inspection. */
  workingOrders(): number {
    return this.#working.size
  }

  /** Offers one bar of `instrument` to the working orders. The bar must be known (its close past). */
  onBar(instrumentId: InstrumentId, bar: Bar): void {
    if (this.#working.size > 0) this.#offerBar(instrumentId, bar)
    this.#model?.observe(instrumentId, bar.close)
  }

  /**
   * Orders fill in the order the path reaches them, not the order they were sent: on an up bar
   * a stop below the open fills before a target above it, and takes the bar's volume first. Each
   * order is first walked without filling to find where it would fill (`#probe`), then walked
   * for real in that order; orders that would not fill keep their submission order, after the
   * others. An order cancelled meanwhile (a fill tripped the kill switch) is skipped.
   */
  #offerBar(instrumentId: InstrumentId, bar: Bar): void {
    const instrument = this.#instrument(instrumentId)
    const path = this.#path(bar)
    const eligible: Working[] = []
    for (const w of this.#working.values()) {
      if (w.order.instrumentId !== instrumentId || bar.openTime < w.activeFrom) continue
      if (this.#expired(w, bar.openTime)) continue
      eligible.push(w)
    }
    if (eligible.length === 0) return
    this.#barVolume = bar.volume
    this.#barOpen = bar.openTime
    this.#barEnd = bar.knownAt
    if (eligible.length > 1) {
      const keys = new Map<Working, number>()
      for (const w of eligible) keys.set(w, this.#probe(instrument, w, path))
      eligible.sort((a, b) => keys.get(a)! - keys.get(b)!)
    }
    let capacity =
      this.#participation === undefined ? Number.POSITIVE_INFINITY : this.#barCapacity(instrument, bar)
    for (const w of eligible) {
      if (this.#working.get(w.order.orderId) !== w) continue
      w.evaluations++
      const filled = this.#walk(instrument, w, path, capacity, bar.knownAt)
      capacity -= filled
      this.#afterEvaluation(w, bar.knownAt)
    }
    this.#barVolume = Number.NaN
    this.#barOpen = Number.NaN
    this.#barEnd = Number.NaN
  }

  /** Where along the path (segment index plus the fraction of it travelled) `w` would fill; +∞ if nowhere. */
  #probe(instrument: Instrument, w: Working, path: readonly number[]): number {
    const { stop, triggered } = w
    this.#probing = true
    this.#position = Number.POSITIVE_INFINITY
    try {
      this.#walk(instrument, w, path, Number.POSITIVE_INFINITY, 0)
      return this.#position
    } finally {
      this.#probing = false
      w.stop = stop
      w.triggered = triggered
    }
  }

  /** Offers one quote to the working orders of its instrument. */
  onQuote(quote: Quote): void {
    const instrument = this.#instrument(quote.instrumentId)
    for (const w of [...this.#working.values()]) {
      if (w.order.instrumentId !== quote.instrumentId || quote.tsEvent < w.activeFrom) continue
      if (this.#expired(w, quote.tsEvent)) continue
      w.evaluations++
      const price = w.order.side === 'buy' ? quote.askPrice : quote.bidPrice
      this.#walk(instrument, w, [price], Number.POSITIVE_INFINITY, quote.tsEvent)
      this.#afterEvaluation(w, quote.tsEvent)
    }
  }

  #instrument(id: InstrumentId): Instrument {
    const instrument = this.#instruments.get(id)
    if (instrument === undefined)
      throw new TradePulseError('EXECUTION_UNKNOWN_ORDER', `no instrument ${id} at venue ${this.name}`)
    return instrument
  }

  #barCapacity(instrument: Instrument, bar: Bar): number {
    return numberToLots(instrument, bar.volume * this.#participation!, 'floor')
  }

  #path(bar: Bar): number[] {
    const path = this.#pathBuffer
    if (this.#rule === 'next-close') {
      path.length = 1
      path[0] = bar.close
      return path
    }
    path.length = 4
    const up = bar.close >= bar.open
    path[0] = bar.open
    path[1] = up ? bar.low : bar.high
    path[2] = up ? bar.high : bar.low
    path[3] = bar.close
    return path
  }

  #expired(w: Working, time: number): boolean {
    const { timeInForce, expireAt } = w.order
    const dayOver =
      timeInForce === 'DAY' && Math.floor(time / MS_PER_DAY) > Math.floor(w.order.createdAt / MS_PER_DAY)
    const gtdOver = timeInForce === 'GTD' && expireAt !== undefined && time >= expireAt
    if (!dayOver && !gtdOver) return false
    this.#working.delete(w.order.orderId)
    this.#emit({ kind: 'expired', orderId: w.order.orderId, time: time as UnixMillis })
    return true
  }

  /** IOC and FOK get one evaluation; whatever is left is cancelled. */
  #afterEvaluation(w: Working, time: number): void {
    // Cancelled meanwhile (a fill tripped the kill switch): already reported.
    if (this.#working.get(w.order.orderId) !== w) return
    if (w.remaining === 0) {
      this.#working.delete(w.order.orderId)
      return
    }
    const tif = w.order.timeInForce
    const carried = this.#carry && w.order.type === 'market' && tif === 'IOC'
    if ((tif === 'IOC' || tif === 'FOK') && !carried) {
      this.#working.delete(w.order.orderId)
      this.#emit({
        kind: 'cancelled',
        orderId: w.order.orderId,
        reason: `${tif} remainder`,
        time: time as UnixMillis,
      })
    }
  }

  /**
   * Walks the price path for one order; returns the lots filled. FOK fills only if the whole
   * remainder can fill at one point of the path. `time` stamps fills on a quote; a bar's fills are
   * stamped where the path reaches them (`#pathTime`).
   */
  #walk(instrument: Instrument, w: Working, path: readonly number[], capacity: number, time: number): number {
    const { order } = w
    const buy = order.side === 'buy'
    const rounding = buy ? 'ceil' : 'floor'
    const ticks = this.#steps(instrument).ticks
    let previous = ticks(path[0]!, rounding)
    for (let k = 0; k < path.length; k++) {
      const point = k === 0 ? previous : ticks(path[k]!, rounding)
      const from = k === 0 ? point : previous
      previous = point
      const trailing = order.type === 'trailing-stop'
      if (trailing && Number.isNaN(w.stop)) this.#trail(w, from)
      if (!w.triggered && (order.type === 'stop' || order.type === 'stop-limit' || trailing)) {
        const hit = crossing(from, point, w.stop, buy)
        // The trigger follows the best price only after this stretch of the path was checked
        // against it: a new high cannot trigger a sell stop it has just raised.
        if (hit === undefined) {
          if (trailing) this.#trail(w, point)
          continue
        }
        w.triggered = true
        this.#position = k + along(from, point, hit)
        if (order.type !== 'stop-limit') return this.#fill(instrument, w, hit, 'taker', capacity, time, true)
        // A stop-limit becomes a limit at the trigger; it may fill from the trigger on.
        const limit = order.price!
        if (buy ? hit <= limit : hit >= limit) return this.#fill(instrument, w, hit, 'taker', capacity, time)
        this.#position = Number.POSITIVE_INFINITY
        continue
      }
      if (order.type === 'market') {
        this.#position = k
        const first = this.#rule === 'next-close' ? ticks(path[path.length - 1]!, rounding) : point
        return this.#fill(instrument, w, first, 'taker', capacity, time, true)
      }
      const limit = order.price!
      const through = this.#through
      const marketable = buy
        ? point < limit || (!through && point === limit)
        : point > limit || (!through && point === limit)
      if (k === 0 && marketable) {
        // Marketable when first offered: it takes, at the better of the open and its limit.
        const taker = w.evaluations === 1 && order.type === 'limit'
        this.#position = 0
        return this.#fill(instrument, w, point, taker ? 'taker' : 'maker', capacity, time)
      }
      if (k > 0 && (through ? beyond(point, limit, buy) : crossing(from, point, limit, !buy) !== undefined)) {
        this.#position = k + along(from, point, limit)
        return this.#fill(instrument, w, limit, 'maker', capacity, time)
      }
    }
    return 0
  }

  /** Moves a trailing stop's trigger toward `price` if that is the best price so far; never away. */
  #trail(w: Working, price: number): void {
    const candidate = trailingStopPrice(w.order.side, price, w.order.trailing!)
    if (Number.isNaN(w.stop)) w.stop = w.order.stopPrice ?? candidate
    w.stop = w.order.side === 'sell' ? Math.max(w.stop, candidate) : Math.min(w.stop, candidate)
  }

  /** Fills what `capacity` allows at `price` (ticks), moved by slippage when `slipped`. */
  #fill(
    instrument: Instrument,
    w: Working,
    price: number,
    liquidity: LiquiditySide,
    capacity: number,
    time: number,
    slipped = false,
  ): number {
    if (this.#probing) return 0
    const quantity = Math.min(w.remaining, Math.max(0, Math.floor(capacity)))
    if (quantity === 0) return 0
    if (w.order.timeInForce === 'FOK' && quantity < w.remaining) return 0
    w.remaining -= quantity
    const buy = w.order.side === 'buy'
    const reference = Math.max(1, price) as PriceTicks
    const ticks = (
      slipped ? Math.max(1, this.#slip(instrument, reference, quantity, buy)) : reference
    ) as PriceTicks
    const lots = quantity as QuantityLots
    const fill: Fill = {
      venue: this.name,
      tradeId: this.#tradeIds.next(),
      orderId: w.order.orderId,
      clientOrderId: w.order.clientOrderId,
      instrumentId: w.order.instrumentId,
      side: w.order.side,
      price: ticks,
      quantity: lots,
      fee:
        this.#commission === undefined
          ? feeUnits(instrument, ticks, lots, liquidity, this.#fees)
          : this.#commission.fee(instrument, ticks, lots, liquidity, w.fills === 0),
      liquidity,
      time: (Number.isNaN(this.#barOpen) ? time : Math.max(w.activeFrom, this.#pathTime())) as UnixMillis,
    }
    w.fills++
    const priced = this.#priced
    for (let i = 0; i < priced.length; i++) priced[i]!(fill, reference)
    this.#emit({ kind: 'fill', fill })
    return quantity
  }

  /**
   * When the path of the bar being offered reaches `#position`, the point the order fills at.
   * Positions count the open as 0 and the stretch into path point k as [k, k + 1] (see `#walk`),
   * so point k − 1 + f lies f of the way along the stretch from point k − 1 to point k.
   */
  #pathTime(): number {
    const open = this.#barOpen
    const end = this.#barEnd
    const points = this.#pathBuffer.length
    if (points === 1) return end
    const at = Math.max(0, this.#position - 1)
    // Up to the millisecond; the factor keeps float noise in an exact product from adding one.
    return Math.min(end, open + Math.ceil((((end - open) * at) / (points - 1)) * (1 - 1e-12)))
  }

  /** The reference price moved against the trader, on the grid: a buy pays up, a sell gets less. */
  #slip(instrument: Instrument, reference: number, lots: number, buy: boolean): number {
    let ticks = buy ? reference + this.#slippage : reference - this.#slippage
    const model = this.#model
    if (model === undefined || Number.isNaN(this.#barVolume)) return ticks
    const { tick, lot } = this.#steps(instrument)
    const units = lots * lot
    const move = model.move(instrument.id, reference * tick, units, this.#barVolume) / tick
    // The tolerance keeps a move that is a whole number of ticks in float noise from costing one more.
    if (move > 0) ticks = buy ? Math.ceil(ticks + move - 1e-9) : Math.floor(ticks - move + 1e-9)
    return ticks
  }

  /** The instrument's tick and lot as numbers, converted once: a decimal to a number builds a string. */
  #steps(instrument: Instrument): Steps {
    let steps = this.#stepsOf.get(instrument)
    if (steps === undefined) {
      steps = {
        tick: decimalToNumber(instrument.tickSize),
        lot: decimalToNumber(instrument.lotSize),
        ticks: gridTicks(instrument),
      }
      this.#stepsOf.set(instrument, steps)
    }
    return steps
  }

  #emit(report: ExecutionReport): void {
    const listeners = this.#listeners
    for (let i = 0; i < listeners.length; i++) listeners[i]!(report)
  }
}

/**
 * Where a monotone move from `from` to `to` first reaches `level` going up (`rising`) or down:
 * `from` itself on a gap through it, `level` when crossed inside, undefined if not reached.
 */
function crossing(from: number, to: number, level: number, rising: boolean): number | undefined {
  if (rising) {
    if (from >= level) return from
    return to >= level ? level : undefined
  }
  if (from <= level) return from
  return to <= level ? level : undefined
}

/** How far along the stretch from `from` to `to` the price `at` lies, in [0, 1]. */
function along(from: number, to: number, at: number): number {
  return from === to ? 0 : Math.min(1, Math.max(0, (at - from) / (to - from)))
}

/** Whether a path point lies strictly beyond a limit: below a buy's, above a sell's. */
function beyond(point: number, limit: number, buy: boolean): boolean {
  return buy ? point < limit : point > limit
}
