/**
 * An execution journal (paper or live trading, `<dataDir>/journal.jsonl`) read into the same
 * `BacktestResult` a run folder gives, so `tradepulse report tca|risk|attribution` and every
 * analysis over a run work unchanged on a journal.
 *
 * Orders are rebuilt by replaying the records through the execution core itself
 * (`recoverExecutionCore`, with a paper venue that is never sent anything and an in-memory sink),
 * so their final status is exactly what the trading process held. Fills are the journal's fill
 * reports, each applied once (a venue repeating a fill is booked once by the portfolio, and listed
 * once here). Prices and quantities are converted with the instruments' tick and lot sizes, which a
 * journal does not carry: the caller passes the instruments the process traded (the service
 * configuration's list).
 *
 * What a journal lacks, and how it is filled in:
 * - closes: the journal holds marks (the mid of a held instrument at each quote) and fill prices.
 *   The price tape is their union in time order; an instrument's close at a time is the last mark
 *   or fill price at or before it (NaN before the first). Equity is valued on those times.
 * - slippage: the venue's reference price is not journaled, so each fill's slippage is 0 here; TCA
 *   measures cost against the arrival price from the tape instead.
 * - fees are in the instrument's quote currency, which must be the account currency (a journal
 *   with a foreign quote currency is refused, naming the instrument: there is no conversion rate
 *   in it).
 */
import { assertNever } from '../domain/assert-never.ts'
import { TradePulseError } from '../domain/errors.ts'
import { decimalToNumber, pow10 } from '../domain/decimal.ts'
import type { Instrument } from '../domain/instrument.ts'
import { money, currency } from '../domain/money.ts'
import type { UnixMillis } from '../domain/time.ts'
import { ManualClock } from '../execution/clock.ts'
import { recoverExecutionCore } from '../execution/execution-core.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import { PaperVenue } from '../execution/venues/paper-venue.ts'
import { RoundTrips } from '../backtest/engine/round-trips.ts'
import { tickValues } from '../backtest/engine/tick-values.ts'
import type { BacktestResult, EquityPoint, FillRecord, OrderRecord, RunEvent } from '../backtest/result.ts'

export interface JournalResultOptions {
  /** Where the records came from, for messages and `data[].source`. */
  readonly source: string
  readonly instruments: readonly Instrument[]
  readonly accountCurrency: string
  readonly initialCapital: number
  /** The name reports show for the strategy (default `journal`). */
  readonly strategy?: string
}

export function resultFromJournal(
  records: readonly JournalRecord[],
  options: JournalResultOptions,
): BacktestResult {
  const byId = new Map(options.instruments.map((i) => [i.id as string, i]))
  const instrumentOf = (id: string, what: string): Instrument => {
    const instrument = byId.get(id)
    if (instrument === undefined) {
      throw new TradePulseError(
        'ANALYTICS_JOURNAL_INSTRUMENT',
        `${what} is for instrument ${id}, which is not among the instruments given (${[...byId.keys()].join(', ') || 'none'})`,
        { file: options.source, field: 'instrumentId' },
      )
    }
    if (instrument.quoteCurrency.code !== options.accountCurrency) {
      throw new TradePulseError(
        'ANALYTICS_JOURNAL_INSTRUMENT',
        `instrument ${id} is quoted in ${instrument.quoteCurrency.code}, the account in ${options.accountCurrency}: a journal holds no conversion rate`,
        { file: options.source, field: 'instrumentId' },
      )
    }
    return instrument
  }

  // Every instrument is checked before the replay, so an unknown one is named as such rather
  // than failing inside the portfolio.
  for (const [index, record] of records.entries()) {
    const id =
      record.type === 'submit' || record.type === 'risk-reject'
        ? record.order.instrumentId
        : record.type === 'mark'
          ? record.mark.instrumentId
          : record.type === 'report' && record.report.kind === 'fill'
            ? record.report.fill.instrumentId
            : undefined
    if (id !== undefined) instrumentOf(id, `record ${index + 1} (${record.type})`)
  }

  // Orders as the execution core holds them after replaying the journal.
  const clock = new ManualClock(0)
  const core = recoverExecutionCore(
    {
      clock,
      venue: new PaperVenue({ instruments: options.instruments, clock, name: 'JOURNAL-REPLAY' }),
      instruments: options.instruments,
      initialCash: [money(currency(options.accountCurrency), options.initialCapital)],
      accountCurrency: options.accountCurrency,
      journal: new MemoryJournal<JournalRecord>(),
    },
    records,
  )
  const reasons = new Map<string, string>()
  const events: RunEvent[] = []
  const rejected: OrderRecord[] = []
  const fills: FillRecord[] = []
  const seen = new Set<string>()
  /** Price observations per instrument, in journal order: marks and fills. */
  const tape: { time: UnixMillis; instrumentId: string; price: number }[] = []
  for (const [index, record] of records.entries()) {
    const what = `record ${index + 1} (${record.type})`
    switch (record.type) {
      case 'risk-reject': {
        const order = record.order
        const instrument = instrumentOf(order.instrumentId, what)
        const price = tickValues(instrument)
        events.push({
          time: order.createdAt,
          kind: 'risk-reject',
          message: `${record.code}: ${record.reason}`,
        })
        rejected.push({
          orderId: order.orderId,
          clientOrderId: order.clientOrderId,
          instrumentId: order.instrumentId,
          side: order.side,
          type: order.type,
          lots: order.quantity,
          price: order.price === undefined ? null : price(order.price),
          stopPrice: order.stopPrice === undefined ? null : price(order.stopPrice),
          status: 'rejected',
          filledLots: 0,
          averagePrice: null,
          createdAt: order.createdAt,
          updatedAt: order.updatedAt,
          reason: `${record.code}: ${record.reason}`,
          tag: order.strategyId ?? null,
        })
        break
      }
      case 'report': {
        const report = record.report
        if (report.kind === 'rejected' || report.kind === 'cancelled')
          reasons.set(report.orderId, report.reason)
        else if (report.kind === 'expired') reasons.set(report.orderId, 'expired')
        if (report.kind !== 'fill') break
        const fill = report.fill
        const key = `${fill.venue}\u0000${fill.tradeId}`
        if (seen.has(key)) break
        seen.add(key)
        const instrument = instrumentOf(fill.instrumentId, what)
        const price = tickValues(instrument)(fill.price)
        fills.push({
          time: fill.time,
          instrumentId: fill.instrumentId,
          orderId: fill.orderId,
          tradeId: fill.tradeId,
          side: fill.side,
          price,
          lots: fill.quantity,
          quantity: fill.quantity * decimalToNumber(instrument.lotSize),
          fee: Number(fill.fee) / Number(pow10(instrument.quoteCurrency.decimals)),
          slippage: 0,
          liquidity: fill.liquidity,
        })
        tape.push({ time: fill.time, instrumentId: fill.instrumentId, price })
        break
      }
      case 'mark': {
        const mark = record.mark
        const instrument = instrumentOf(mark.instrumentId, what)
        tape.push({
          time: mark.time,
          instrumentId: mark.instrumentId,
          price: tickValues(instrument)(mark.price),
        })
        break
      }
      case 'kill-switch':
        if (record.entry.action === 'trip')
          events.push({ time: record.entry.time, kind: 'kill-switch', message: record.entry.reason })
        break
      case 'halt':
        events.push({
          time: record.entry.time,
          kind: record.entry.action === 'halt' ? 'halt' : 'resume',
          message: `${record.entry.instrumentId}: ${record.entry.reason}`,
        })
        break
      case 'submit':
      case 'cancel-request':
      case 'replace-request':
      case 'risk-limits':
        break
      default:
        return assertNever(record)
    }
  }

  const orders: OrderRecord[] = [
    ...core.manager.orders().map((order): OrderRecord => {
      const instrument = instrumentOf(order.instrumentId, `order ${order.orderId}`)
      const price = tickValues(instrument)
      return {
        orderId: order.orderId,
        clientOrderId: order.clientOrderId,
        instrumentId: order.instrumentId,
        side: order.side,
        type: order.type,
        lots: order.quantity,
        price: order.price === undefined ? null : price(order.price),
        stopPrice: order.stopPrice === undefined ? null : price(order.stopPrice),
        status: order.status,
        filledLots: order.filledQuantity,
        averagePrice:
          order.filledQuantity === 0
            ? null
            : (decimalToNumber(instrument.tickSize) * Number(order.filledNotionalTicks)) /
              order.filledQuantity,
        createdAt: order.createdAt,
        updatedAt: order.updatedAt,
        reason: reasons.get(order.orderId) ?? null,
        tag: order.strategyId ?? null,
      }
    }),
    ...rejected,
  ].sort((a, b) => a.createdAt - b.createdAt)

  // The price tape: one time axis, each instrument's last known price at every time.
  tape.sort((a, b) => a.time - b.time)
  const times = [...new Set(tape.map((p) => p.time))]
  const ids = options.instruments
    .map((i) => i.id as string)
    .filter((id) => tape.some((p) => p.instrumentId === id))
  const closes: Record<string, number[]> = Object.fromEntries(
    ids.map((id) => [id, new Array<number>(times.length).fill(Number.NaN)]),
  )
  const fillsAt = new Map<number, FillRecord[]>()
  for (const fill of fills) fillsAt.set(fill.time, [...(fillsAt.get(fill.time) ?? []), fill])
  const multiplier = new Map(ids.map((id) => [id, decimalToNumber(byId.get(id)!.multiplier)]))
  const trips = new RoundTrips(multiplier)
  const last = new Map<string, number>()
  const held = new Map<string, number>()
  let cash = options.initialCapital
  const equity: EquityPoint[] = []
  let k = 0
  for (const [index, time] of times.entries()) {
    while (k < tape.length && tape[k]!.time === time) {
      last.set(tape[k]!.instrumentId, tape[k]!.price)
      k++
    }
    for (const fill of fillsAt.get(time) ?? []) {
      const sign = fill.side === 'buy' ? 1 : -1
      cash -= sign * fill.price * fill.quantity * multiplier.get(fill.instrumentId)! + fill.fee
      held.set(fill.instrumentId, (held.get(fill.instrumentId) ?? 0) + sign * fill.quantity)
      trips.addFill(fill, index)
    }
    let positions = 0
    let gross = 0
    for (const id of ids) {
      const price = last.get(id)
      closes[id]![index] = price ?? Number.NaN
      const value = (held.get(id) ?? 0) * (price ?? 0) * multiplier.get(id)!
      positions += value
      gross += Math.abs(value)
    }
    equity.push({ time, equity: cash + positions, cash, grossExposure: gross })
  }
  const trades = trips.finish(
    new Map(ids.map((id) => [id, last.get(id) ?? Number.NaN])),
    new Map(ids.map((id) => [id, times.length - 1])),
  )
  const firstClose = new Map(ids.map((id) => [id, closes[id]!.find((x) => !Number.isNaN(x)) ?? Number.NaN]))
  const share = ids.length === 0 ? 0 : options.initialCapital / ids.length
  const benchmark = times.map((time, index) => ({
    time,
    equity: ids.reduce((sum, id) => {
      const close = closes[id]![index]!
      return sum + (Number.isNaN(close) ? share : (share * close) / firstClose.get(id)!)
    }, 0),
  }))
  const fees = fills.reduce((sum, f) => sum + f.fee, 0)
  return {
    strategy: { name: options.strategy ?? 'journal', params: {} },
    config: { source: options.source },
    accountCurrency: options.accountCurrency,
    initialCapital: options.initialCapital,
    data: ids.map((id) => {
      const own = tape.filter((p) => p.instrumentId === id)
      return {
        instrumentId: id,
        source: options.source,
        fingerprint: '',
        bars: own.length,
        firstOpenTime: own[0]!.time,
        lastOpenTime: own[own.length - 1]!.time,
        interval: 'journal',
      }
    }),
    equity,
    benchmark,
    closes,
    orders,
    fills,
    trades,
    frictions: { fees, slippage: 0, financing: 0 },
    events: events.sort((a, b) => a.time - b.time),
    barEvents: 0,
  }
}
