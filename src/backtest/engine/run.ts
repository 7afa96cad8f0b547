/**
 * The event loop of a backtest. One execution core (order manager, risk engine, portfolio) with
 * the paper venue behind it, a `ManualClock` moved from event to event, and the strategy in front.
 *
 * Order of events. The bars of all instruments are merged by `knownAt` (timeline.ts). At a time
 * `t`, in this order:
 * 1. the bars known at `t` reach the venue, in input order: working orders fill on them, the
 *    portfolio is marked at their closes, borrow is charged when a UTC day has passed, the loss
 *    limits are evaluated, and the equity is recorded;
 * 2. order updates and fills due by `t` reach the strategy (`latency.ackMs` after the venue sent
 *    them);
 * 3. timers due at `t` fire, in the order they were set;
 * 4. the strategy sees the bars that became known at `t − latency.marketDataMs`, in input order.
 * The run ends when the strategy has seen the last bar; a timer or report due later never fires.
 *
 * Orders a strategy sends at `t` reach the venue at `t + latency.submitMs` and are eligible from
 * the first bar that opens then or later: never the bar they were decided on.
 *
 * The strategy's context and the dispatch of its callbacks are the `StrategyHost`'s
 * (src/strategy/host), which the live loop uses too; this loop decides only when each step runs.
 */
import { decimalToNumber, pow10 } from '../../domain/decimal.ts'
import {
  type Instrument,
  type InstrumentId,
  type PriceTicks,
  ticksToNumber,
} from '../../domain/instrument.ts'
import type { Bar } from '../../domain/market-data.ts'
import { currency, money } from '../../domain/money.ts'
import { MS_PER_DAY, type UnixMillis } from '../../domain/time.ts'
import { ManualClock } from '../../execution/clock.ts'
import { createExecutionCore } from '../../execution/execution-core.ts'
import type { RecordSink } from '../../execution/journal-record.ts'
import type { Order } from '../../execution/orders/order.ts'
import { PaperVenue } from '../../execution/venues/paper-venue.ts'
import type { StrategyInstance } from '../../strategy/types.ts'
import { parseStrategyParams } from '../../strategy/define.ts'
import { positionLimitByFraction } from '../../strategy/host/position-limit.ts'
import { type Decision, StrategyHost } from '../../strategy/host/strategy-host.ts'
import { type BacktestConfig, resolveBacktestConfig } from '../config.ts'
import type { BacktestInput } from '../input.ts'
import type {
  BacktestResult,
  EquityPoint,
  FillRecord,
  InstrumentData,
  OrderRecord,
  RunEvent,
} from '../result.ts'
import { barsFingerprint } from './fingerprint.ts'
import { paperVenueOptions } from './frictions.ts'
import { RoundTrips } from './round-trips.ts'
import { mergeTimeline } from './timeline.ts'
import { tickValues } from './tick-values.ts'

export type { Decision } from '../../strategy/host/strategy-host.ts'

export interface RunDetail {
  readonly result: BacktestResult
  readonly decisions: readonly Decision[]
}

const PROGRESS_EVERY = 65_536

/** A bar object the venue reads and does not keep: one per run, rewritten per bar. */
type ScratchBar = { -readonly [K in keyof Bar]: Bar[K] }

/**
 * Where the core's journal records go in a backtest: numbered, as a journal numbers them, and
 * dropped. A backtest is never restored from its journal — the same inputs run it again — and
 * keeping every record would hold a copy of every order and report until the run ends, which the
 * garbage collector then has to walk again and again.
 */
function discardingJournal(): RecordSink {
  let seq = 0
  return { append: () => ++seq }
}

/** The strategy's parameters, checked by the strategy module's own rule (STRATEGY_INVALID_PARAMS naming the field). */
function parseParams(input: BacktestInput): Record<string, unknown> {
  return parseStrategyParams(input.strategy, input.params ?? {}) as Record<string, unknown>
}

function checkData(input: BacktestInput, config: BacktestConfig): void {
  if (input.data.length === 0) throw new RangeError('data: a backtest needs at least one instrument')
  const seen = new Set<string>()
  input.data.forEach((d, i) => {
    if (seen.has(d.instrument.id))
      throw new RangeError(`data[${i}]: instrument ${d.instrument.id} is listed twice`)
    seen.add(d.instrument.id)
    if (d.instrument.quoteCurrency.code !== config.accountCurrency) {
      throw new RangeError(
        `data[${i}]: ${d.instrument.id} is quoted in ${d.instrument.quoteCurrency.code}, the account in ${config.accountCurrency}; convert the series or set accountCurrency`,
      )
    }
  })
}

export function runDetailed(input: BacktestInput): RunDetail {
  const config = resolveBacktestConfig(input.config ?? {})
  const params = parseParams(input)
  checkData(input, config)
  const data = input.data
  const count = data.length
  const instruments = data.map((d) => d.instrument)
  const series = data.map((d) => d.series)
  const ids = instruments.map((i) => i.id)
  const indexOf = new Map<string, number>(ids.map((id, i) => [id, i]))
  const tickSize = instruments.map((i) => decimalToNumber(i.tickSize))
  const lotSize = instruments.map((i) => decimalToNumber(i.lotSize))
  const multiplier = instruments.map((i) => decimalToNumber(i.multiplier))
  const timeline = mergeTimeline(series)
  const total = timeline.length
  const name = input.strategy.name

  let startTime = Number.POSITIVE_INFINITY
  for (const s of series) if (s.length > 0) startTime = Math.min(startTime, s.openTime[0]!)
  if (!Number.isFinite(startTime)) startTime = 0
  const clock = new ManualClock(startTime)
  const venue = new PaperVenue(paperVenueOptions(config, instruments, clock))
  const ccy = currency(config.accountCurrency)

  // Last known close per instrument, in price units and in ticks (the risk engine's reference).
  const lastClose = new Float64Array(count).fill(Number.NaN)
  const lastCloseTicks = new Float64Array(count).fill(Number.NaN)
  const toTicks = (i: number, price: number): PriceTicks =>
    Math.max(1, Math.round(price / tickSize[i]!)) as PriceTicks

  const core = createExecutionCore({
    clock,
    venue,
    instruments,
    initialCash: [money(ccy, config.initialCapital, 'half-even')],
    accountCurrency: config.accountCurrency,
    journal: discardingJournal(),
    referencePrice: (id) => {
      const t = lastCloseTicks[indexOf.get(id)!]!
      return Number.isNaN(t) ? undefined : (t as PriceTicks)
    },
    idPrefix: 'O',
  })
  const ledger = core.portfolio.ledger(config.accountCurrency)
  const ledgerDecimals = ledger.currency.decimals
  const ledgerScale = Number(pow10(ledgerDecimals))
  const capitalUnits = BigInt(Math.round(config.initialCapital * ledgerScale))
  const fractionOfCapital = (fraction: number): bigint => BigInt(Math.floor(Number(capitalUnits) * fraction))
  const lossLimits =
    config.risk.maxDailyLossFraction !== undefined || config.risk.maxDrawdownFraction !== undefined
  if (lossLimits) {
    core.risk.setLimits(
      'account',
      {
        ...(config.risk.maxDailyLossFraction === undefined
          ? {}
          : { maxDailyLoss: fractionOfCapital(config.risk.maxDailyLossFraction) }),
        ...(config.risk.maxDrawdownFraction === undefined
          ? {}
          : { maxDrawdown: fractionOfCapital(config.risk.maxDrawdownFraction) }),
      },
      clock.now(),
      'backtest configuration: risk',
    )
  }

  const events: RunEvent[] = []
  const reasons = new Map<string, string>()
  const fills: FillRecord[] = []
  const trips = new RoundTrips(new Map(ids.map((id, i) => [id as string, multiplier[i]!])))
  const venueBar = new Int32Array(count).fill(-1)
  let feesTotal = 0
  let slippageTotal = 0
  let financingUnits = 0n
  // The account as numbers, for the per-bar equity: cash is read from the ledger after each fill
  // (exact there), positions are valued at the last closes in floating point. Reading the exact
  // bigint equity every bar would cost more than the rest of the loop.
  let cashValue = config.initialCapital
  let financingValue = 0
  /** A fill or a mark changed the ledger since the loss limits were last evaluated at a bar time. */
  let ledgerMoved = true
  const heldLots = new Float64Array(count)
  const unitValue = instruments.map((_, i) => lotSize[i]! * multiplier[i]!)
  const quoteScale = instruments.map((i) => Number(pow10(i.quoteCurrency.decimals)))

  let lastReference = 0
  venue.onFillPriced((_fill, reference) => {
    lastReference = reference
  })
  // Per instrument, once: what the fill subscriber below would otherwise look up or convert per fill.
  const priceOf = instruments.map(tickValues)
  const unitsPerTickLot = ids.map((id) => core.portfolio.converter(id).unitsPerTickLot)
  const unitsPerTickLotValue = unitsPerTickLot.map((u) => Number(u))
  core.bus.subscribe('fill', (fill) => {
    const i = indexOf.get(fill.instrumentId)!
    const buy = fill.side === 'buy'
    const against = buy ? fill.price - lastReference : lastReference - fill.price
    // Units of slippage: in a double while the product is a safe integer (then exact), else in bigint.
    const product = against * fill.quantity * unitsPerTickLotValue[i]!
    const slippage =
      product === 0
        ? 0
        : (Number.isSafeInteger(product) && Number.isSafeInteger(unitsPerTickLotValue[i]!)
            ? product
            : Number(BigInt(against) * BigInt(fill.quantity) * unitsPerTickLot[i]!)) / ledgerScale
    const fee = Number(fill.fee) / quoteScale[i]!
    feesTotal += fee
    slippageTotal += slippage
    const record: FillRecord = {
      time: fill.time,
      instrumentId: fill.instrumentId,
      orderId: fill.orderId,
      tradeId: fill.tradeId,
      side: fill.side,
      price: priceOf[i]!(fill.price),
      lots: fill.quantity,
      quantity: fill.quantity * lotSize[i]!,
      fee,
      slippage,
      liquidity: fill.liquidity,
    }
    fills.push(record)
    ledgerMoved = true
    heldLots[i] = core.portfolio.quantity(fill.instrumentId)
    cashValue = Number(ledger.cash) / ledgerScale
    trips.addFill(record, venueBar[i]!)
  })
  core.bus.subscribe('order', (event) => {
    const id = event.order.orderId
    if (event.kind === 'rejected') reasons.set(id, `${event.code}: ${event.reason}`)
    else if (event.kind === 'cancelled') reasons.set(id, event.reason)
    else if (event.kind === 'expired') reasons.set(id, 'expired')
  })
  core.bus.subscribe('kill-switch', (entry) => {
    if (entry.action === 'trip') events.push({ time: entry.time, kind: 'kill-switch', message: entry.reason })
  })

  const instrumentIndex = (id: InstrumentId): number => {
    const i = indexOf.get(id)
    if (i === undefined) throw new RangeError(`instrument ${id} is not in this backtest's data`)
    return i
  }

  const positionsValue = (): number => {
    let value = 0
    for (let i = 0; i < count; i++)
      if (heldLots[i] !== 0) value += heldLots[i]! * unitValue[i]! * lastClose[i]!
    return value
  }

  const strategy: StrategyInstance = input.strategy.create(params)
  const host = new StrategyHost({
    strategy,
    name,
    clock,
    core,
    instruments,
    history: (i, length) => series[i]!.slice(0, length),
    account: {
      cash: () => cashValue - financingValue,
      equity: () => cashValue - financingValue + positionsValue(),
      beforeSubmit: positionLimitByFraction({
        core,
        clock,
        instruments,
        fraction: config.risk.maxPositionFraction,
        initialCapital: config.initialCapital,
        lastClose,
      }),
    },
    ackMs: config.latency.ackMs,
    onEvent: (event) => events.push(event),
    runKind: 'backtest',
  })

  // Results per recorded time.
  const equity: EquityPoint[] = []
  const benchmark: { time: UnixMillis; equity: number }[] = []
  const closes: number[][] = ids.map(() => [])
  const benchmarkUnits = new Float64Array(count)
  const slice = config.initialCapital / count
  let groups = 0
  const borrowRate = config.borrow.annualRateBps / 10_000 / 365
  let lastDay = Math.floor(startTime / MS_PER_DAY)
  const scratch: ScratchBar = {
    openTime: 0 as UnixMillis,
    interval: series[0]!.interval,
    knownAt: 0 as UnixMillis,
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    volume: 0,
  }

  const chargeBorrow = (time: number): void => {
    const day = Math.floor(time / MS_PER_DAY)
    const days = day - lastDay
    lastDay = day
    if (days <= 0 || borrowRate === 0) return
    for (let i = 0; i < count; i++) {
      const lots = heldLots[i]!
      if (lots >= 0) continue
      const value = -lots * lotSize[i]! * multiplier[i]! * lastClose[i]!
      const units = Math.ceil(value * borrowRate * days * ledgerScale - 1e-6)
      if (units <= 0) continue
      financingUnits += BigInt(units)
      financingValue = Number(financingUnits) / ledgerScale
      trips.addFinancing(ids[i]!, units / ledgerScale)
    }
  }

  /**
   * Whether instrument `i` is halted at a bar opening at `openTime` (input.halts): entering a halt
   * window halts it in the core (orders refused, logged), leaving one resumes it.
   */
  const haltWindows = (input.halts ?? []).map((h) => ({ ...h, index: instrumentIndex(h.instrumentId) }))
  const haltedAt = (i: number, openTime: number): boolean => {
    if (haltWindows.length === 0) return false
    let halted = false
    for (const w of haltWindows) if (w.index === i && openTime >= w.from && openTime < w.to) halted = true
    const status = core.halts.status(ids[i]!)
    if (halted && status === 'trading') core.halts.halt(ids[i]!, openTime as UnixMillis, 'scenario halt')
    else if (!halted && status !== 'trading')
      core.halts.resume(ids[i]!, openTime as UnixMillis, 'scenario reopening')
    return halted
  }

  /** Step 1 at time `t`: the bars known at `t` reach the venue; returns the next timeline index. */
  const venueStep = (from: number, t: number): number => {
    chargeBorrow(t)
    let k = from
    while (k < total && timeline.time[k] === t) {
      const i = timeline.instrument[k]!
      const b = timeline.bar[k]!
      const s = series[i]!
      scratch.openTime = s.openTime[b]! as UnixMillis
      scratch.interval = s.interval
      scratch.knownAt = s.knownAt[b]! as UnixMillis
      scratch.open = s.open[b]!
      scratch.high = s.high[b]!
      scratch.low = s.low[b]!
      scratch.close = s.close[b]!
      scratch.volume = s.volume[b]!
      venueBar[i] = b
      // A halted bar reaches nobody: working orders wait for the reopening bar, new ones are refused.
      if (haltedAt(i, scratch.openTime)) {
        k++
        continue
      }
      venue.onBar(ids[i]!, scratch)
      const close = s.close[b]!
      lastClose[i] = close
      lastCloseTicks[i] = toTicks(i, close)
      if (benchmarkUnits[i] === 0) benchmarkUnits[i] = slice / close
      // The portfolio is marked for the loss limits, which read its exact PnL; the equity
      // recorded here is valued from the closes directly.
      if (lossLimits && heldLots[i] !== 0) {
        core.portfolio.mark(ids[i]!, lastCloseTicks[i] as PriceTicks, t as UnixMillis)
        ledgerMoved = true
      }
      k++
    }
    // Unless a fill or a mark moved the ledger since the last evaluation, it would find the same
    // PnL and drawdown, and a breach would already have tripped the switch then.
    if (lossLimits && ledgerMoved) {
      ledgerMoved = false
      core.risk.evaluateLossLimits(core.account, t as UnixMillis)
    }
    if (groups++ % config.equityEvery === 0) {
      let value = 0
      let gross = 0
      let held = 0
      for (let i = 0; i < count; i++) {
        if (heldLots[i] !== 0) {
          const v = heldLots[i]! * unitValue[i]! * lastClose[i]!
          value += v
          gross += Math.abs(v)
        }
        closes[i]!.push(lastClose[i]!)
        held += benchmarkUnits[i]! > 0 ? benchmarkUnits[i]! * lastClose[i]! : slice
      }
      const cash = cashValue - financingValue
      equity.push({ time: t as UnixMillis, equity: cash + value, cash, grossExposure: gross })
      benchmark.push({ time: t as UnixMillis, equity: held })
    }
    return k
  }

  const marketDataMs = config.latency.marketDataMs
  let venueIndex = 0
  let strategyIndex = 0
  let barEvents = 0
  host.start()
  while (strategyIndex < total) {
    const venueTime = venueIndex < total ? timeline.time[venueIndex]! : Number.POSITIVE_INFINITY
    const strategyTime = timeline.time[strategyIndex]! + marketDataMs
    const pendingTime = host.nextReportTime()
    const timerTime = host.nextTimerTime()
    const t = Math.min(venueTime, strategyTime, pendingTime, timerTime)
    clock.set(t)
    if (venueTime === t) {
      venueIndex = venueStep(venueIndex, t)
    } else if (pendingTime === t) {
      host.deliverReports(t)
    } else if (timerTime === t) {
      host.fireTimer()
    } else {
      const i = timeline.instrument[strategyIndex]!
      const b = timeline.bar[strategyIndex]!
      strategyIndex++
      barEvents++
      host.bar(i, b, series[i]!)
      if (input.onProgress !== undefined && barEvents % PROGRESS_EVERY === 0)
        input.onProgress(barEvents, total)
    }
  }
  // Reports due at the last time still reach the strategy before it stops.
  host.deliverReports(clock.now())
  host.stop()
  input.onProgress?.(barEvents, total)

  const lastCloses = new Map<string, number>(ids.map((id, i) => [id as string, lastClose[i]!]))
  const lastBars = new Map<string, number>(ids.map((id, i) => [id as string, series[i]!.length - 1]))
  const result: BacktestResult = {
    strategy: { name, params },
    config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
    accountCurrency: config.accountCurrency,
    initialCapital: config.initialCapital,
    data: data.map((d): InstrumentData => ({
      instrumentId: d.instrument.id,
      source: d.source,
      fingerprint: barsFingerprint(d.series),
      bars: d.series.length,
      firstOpenTime: (d.series.length > 0 ? d.series.openTime[0]! : Number.NaN) as UnixMillis,
      lastOpenTime: (d.series.length > 0
        ? d.series.openTime[d.series.length - 1]!
        : Number.NaN) as UnixMillis,
      interval: d.series.interval.label,
    })),
    equity,
    benchmark,
    closes: Object.fromEntries(ids.map((id, i) => [id, closes[i]!])),
    orders: core.manager
      .orders()
      .map((o) => orderRecord(o, instruments[indexOf.get(o.instrumentId)!]!, reasons, host.tags)),
    fills,
    trades: trips.finish(lastCloses, lastBars),
    frictions: { fees: feesTotal, slippage: slippageTotal, financing: Number(financingUnits) / ledgerScale },
    events,
    barEvents,
  }
  return { result, decisions: host.decisions }
}

function orderRecord(
  o: Readonly<Order>,
  instrument: Instrument,
  reasons: ReadonlyMap<string, string>,
  tags: ReadonlyMap<string, string>,
): OrderRecord {
  const average =
    o.filledQuantity === 0
      ? null
      : (Number(o.filledNotionalTicks) / o.filledQuantity) * decimalToNumber(instrument.tickSize)
  return {
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    instrumentId: o.instrumentId,
    side: o.side,
    type: o.type,
    lots: o.quantity,
    price: o.price === undefined ? null : ticksToNumber(instrument, o.price),
    stopPrice: o.stopPrice === undefined ? null : ticksToNumber(instrument, o.stopPrice),
    status: o.status,
    filledLots: o.filledQuantity,
    averagePrice: average,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    reason: reasons.get(o.orderId) ?? null,
    tag: tags.get(o.orderId) ?? null,
  }
}
