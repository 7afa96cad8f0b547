/**
 * A live run: one strategy, hosted on one execution core (the `StrategyHost` the backtest uses),
 * fed bars by a feed, trading on the paper venue or an exchange through the ccxt venue,
 * journaled, and stopped cleanly.
 *
 * Clocks. On the paper venue the run's clock is the market data's: it moves to each bar's
 * `knownAt`, so a replay is deterministic and the paper venue fills an order on the first bar
 * that opens after it was decided, as in a backtest. On an exchange the clock is the wall clock
 * (the system clock, never going back), and reports and timers are delivered as they come due.
 *
 * Journal and recovery. With `journalDir`, every record of the core goes to
 * `<journalDir>/journal.jsonl`, fsynced before the core acts on it. A run that finds records there
 * recovers:
 * - a deterministic run (a replay on the paper venue) starts again from its first bar and checks
 *   each record it produces against the journal until it has caught up (journal-resume.ts), so the
 *   strategy's own state is rebuilt too and nothing is applied twice;
 * - any other run replays the journal into the core (`recoverExecutionCore`), as the service's
 *   trading desk does; on an exchange the venue then reconciles with it (orders, fills, balances),
 *   and the paper venue seats the journal's working orders in its book again
 *   (restoring-paper-venue.ts).
 * `<journalDir>/session.jsonl` logs each start and stop (with the exit policy and the orders left
 * working), and `<journalDir>/session.json` keeps the starting cash, so a restart values the
 * account as the first start did.
 *
 * Stopping. When the feed ends, or `signal` aborts (SIGINT/SIGTERM in the CLI), reports still due
 * reach the strategy, `onStop` runs, and the exit policy applies: `cancel` cancels every working
 * order (on the exchange too, and waits for the exchange's answers), `keep` leaves them working.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { TradePulseError } from '../domain/errors.ts'
import { decimalToNumber, pow10 } from '../domain/decimal.ts'
import type { Instrument, InstrumentId, PriceTicks } from '../domain/instrument.ts'
import { currency, money } from '../domain/money.ts'
import type { Interval, UnixMillis } from '../domain/time.ts'
import { type Clock, ManualClock } from '../execution/clock.ts'
import {
  type ExecutionCore,
  type ExecutionCoreOptions,
  createExecutionCore,
  recoverExecutionCore,
} from '../execution/execution-core.ts'
import type { JournalRecord, RecordSink } from '../execution/journal-record.ts'
import { journalRecordCodec } from '../execution/journal-record-codec.ts'
import type { Journal } from '../execution/journal/journal.ts'
import { openJournal } from '../execution/journal/jsonl-journal.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import type { Order } from '../execution/orders/order.ts'
import type { RiskConfig } from '../execution/risk/risk-engine.ts'
import type { Fill } from '../execution/types.ts'
import { PaperVenue, type PaperVenueOptions } from '../execution/venues/paper-venue.ts'
import { parseStrategyParams } from '../strategy/define.ts'
import { positionLimitByFraction } from '../strategy/host/position-limit.ts'
import { type Decision, type HostEvent, StrategyHost } from '../strategy/host/strategy-host.ts'
import type { AnyStrategy } from '../strategy/types.ts'
import type { CcxtVenue } from '../venues/ccxt/ccxt-venue.ts'
import { cancelOnVenueWhenTripped } from '../venues/ccxt/kill-switch-link.ts'
import type { BarFeed } from './bar-feed.ts'
import { JournalResume } from './journal-resume.ts'
import { RestoringPaperVenue } from './restoring-paper-venue.ts'
import { LiveBars } from './live-bars.ts'
import { LiveLoop } from './live-loop.ts'

export const JOURNAL_FILE = 'journal.jsonl'
export const SESSION_LOG_FILE = 'session.jsonl'
export const SESSION_FILE = 'session.json'

export type ExitPolicy = 'cancel' | 'keep'

export type LiveVenue =
  /** The paper venue, with the fill model `options` gives (the CLI passes the backtest's). */
  | { readonly kind: 'paper'; readonly options: (clock: Clock) => PaperVenueOptions }
  /** An exchange: the venue is connected by the session. */
  | { readonly kind: 'ccxt'; readonly venue: CcxtVenue; readonly wallClock: Clock }

export interface LiveStatus {
  readonly time: UnixMillis
  readonly barsSeen: number
  readonly orders: number
  readonly fills: number
  /** Lots per instrument, in the run's order. */
  readonly positions: readonly number[]
  readonly cash: number
  readonly equity: number
  /** The last bar's receive time minus its exchange time; undefined for a replay. */
  readonly latencyMs: number | undefined
  /** Journal records checked while a deterministic run catches up with its journal. */
  readonly resuming: boolean
}

export interface LiveSessionOptions {
  readonly strategy: AnyStrategy
  readonly params?: Readonly<Record<string, unknown>>
  /** The instruments traded, in the order feeds name them. */
  readonly instruments: readonly Instrument[]
  /** The bar interval of each instrument's history. */
  readonly intervals: readonly Interval[]
  readonly feed: BarFeed
  readonly venue: LiveVenue
  /** Where the journal goes; in memory (lost at exit) when undefined. */
  readonly journalDir?: string
  /** Starting cash of the account currency (a restart with a journal keeps its first value). */
  readonly initialCash: number
  readonly accountCurrency: string
  readonly risk?: RiskConfig
  /** The backtest's `risk.maxPositionFraction`: a position limit of this fraction of the starting cash, at the last close. */
  readonly positionLimitFraction?: number
  /** Milliseconds from a report to the strategy seeing it (the backtest's `latency.ackMs`). */
  readonly ackMs?: number
  readonly onExit: ExitPolicy
  readonly signal: AbortSignal
  readonly onStatus?: (status: LiveStatus) => void
  /** Called for each line of the strategy's log and each order the risk engine refused. */
  readonly onEvent?: (event: HostEvent) => void
  /** Replay on the data's clock: resume by running again against the journal (see the module comment). */
  readonly deterministic: boolean
}

export interface LiveResult {
  readonly stoppedBy: 'end' | 'signal'
  readonly decisions: readonly Decision[]
  readonly orders: readonly Readonly<Order>[]
  /** Every fill booked, oldest first: the journal's, then this run's. */
  readonly fills: readonly Fill[]
  readonly positions: ReadonlyMap<InstrumentId, number>
  readonly cash: number
  readonly equity: number
  readonly barsSeen: number
  /** Records found in the journal at the start. */
  readonly recoveredRecords: number
  /** Orders cancelled by the exit policy. */
  readonly cancelledAtExit: number
  readonly core: ExecutionCore
}

interface SessionFile {
  readonly initialCash: number
  readonly accountCurrency: string
  readonly strategy: string
}

export async function runLiveSession(options: LiveSessionOptions): Promise<LiveResult> {
  const { strategy, instruments, feed, venue: venueSetting, signal } = options
  if (options.intervals.length !== instruments.length)
    throw new RangeError(`intervals: ${options.intervals.length} for ${instruments.length} instruments`)
  const params = parseStrategyParams(strategy, options.params ?? {}) as Record<string, unknown>
  const clock = new ManualClock(0)
  const ccy = currency(options.accountCurrency)

  // The journal, and what it held.
  let journal: Journal<JournalRecord>
  let recovered: readonly JournalRecord[] = []
  let file = '(memory)'
  let initialCash = options.initialCash
  if (options.journalDir === undefined) {
    journal = new MemoryJournal<JournalRecord>()
  } else {
    mkdirSync(options.journalDir, { recursive: true })
    file = join(options.journalDir, JOURNAL_FILE)
    const opened = openJournal(file, { codec: journalRecordCodec, durability: 'sync' })
    journal = opened
    recovered = opened.recovered.records
    initialCash = keepSessionFile(options.journalDir, {
      initialCash,
      accountCurrency: options.accountCurrency,
      strategy: strategy.name,
    }).initialCash
    sessionLog(options.journalDir, { event: 'start', records: recovered.length, strategy: strategy.name })
  }
  const resume =
    options.deterministic && recovered.length > 0 ? new JournalResume(journal, recovered, file) : undefined
  const sink: RecordSink = resume ?? journal
  const replayJournal = resume === undefined && recovered.length > 0

  // The venue and the core.
  let paper: PaperVenue | undefined
  let ccxt: CcxtVenue | undefined
  const wall: Clock | undefined = venueSetting.kind === 'ccxt' ? venueSetting.wallClock : undefined
  if (venueSetting.kind === 'paper') {
    paper = new PaperVenue(venueSetting.options(clock))
  } else {
    ccxt = venueSetting.venue
    await ccxt.connect()
    clock.set(venueSetting.wallClock.now())
  }
  // Recovered from the journal, the paper venue seats the journal's working orders again.
  const venue = paper === undefined ? ccxt! : replayJournal ? new RestoringPaperVenue(paper) : paper
  const indexOf = new Map<string, number>(instruments.map((i, k) => [i.id, k]))
  const lastClose = new Float64Array(instruments.length).fill(Number.NaN)
  const coreOptions: ExecutionCoreOptions = {
    clock,
    venue,
    instruments,
    initialCash: [money(ccy, initialCash, 'half-even')],
    accountCurrency: options.accountCurrency,
    journal: sink,
    ...(options.risk === undefined ? {} : { risk: options.risk }),
    referencePrice: (id) => {
      const i = indexOf.get(id)
      const close = i === undefined ? Number.NaN : lastClose[i]!
      const tick = i === undefined ? 1 : decimalToNumber(instruments[i]!.tickSize)
      return Number.isNaN(close) ? undefined : (Math.max(1, Math.round(close / tick)) as PriceTicks)
    },
    idPrefix: 'O',
  }
  const core = replayJournal ? recoverExecutionCore(coreOptions, recovered) : createExecutionCore(coreOptions)
  if (ccxt !== undefined) cancelOnVenueWhenTripped(core, ccxt)

  // Fills booked: the journal's (when it was replayed into the core), then this run's, each once.
  const fills: Fill[] = []
  const seenFills = new Set<string>()
  const keep = (fill: Fill): void => {
    const id = `${fill.venue}\u0000${fill.tradeId}`
    if (seenFills.has(id) || !core.portfolio.hasTrade(fill.venue, fill.tradeId)) return
    seenFills.add(id)
    fills.push(fill)
  }
  if (replayJournal)
    for (const record of recovered)
      if (record.type === 'report' && record.report.kind === 'fill') keep(record.report.fill)
  core.bus.subscribe('fill', keep)

  // The account as the strategy reads it, valued as the backtest values it: cash from the ledger,
  // positions at the last closes, in floating point, in the instruments' order.
  const ledger = core.portfolio.ledger(options.accountCurrency)
  const ledgerScale = Number(pow10(ledger.currency.decimals))
  const unitValue = instruments.map((i) => decimalToNumber(i.lotSize) * decimalToNumber(i.multiplier))
  const cash = (): number => Number(ledger.cash) / ledgerScale
  const equity = (): number => {
    let value = 0
    for (let i = 0; i < instruments.length; i++) {
      const lots = core.portfolio.quantity(instruments[i]!.id)
      if (lots !== 0) value += lots * unitValue[i]! * lastClose[i]!
    }
    return cash() + value
  }

  const bars = options.intervals.map((interval) => new LiveBars(interval))
  const host = new StrategyHost({
    strategy: strategy.create(params),
    name: strategy.name,
    clock,
    core,
    instruments,
    history: (i, length) => bars[i]!.view(length),
    account: {
      cash,
      equity,
      ...(options.positionLimitFraction === undefined
        ? {}
        : {
            beforeSubmit: positionLimitByFraction({
              core,
              clock,
              instruments,
              fraction: options.positionLimitFraction,
              initialCapital: initialCash,
              lastClose,
            }),
          }),
    },
    ackMs: options.ackMs ?? 0,
    onEvent: (event) => options.onEvent?.(event),
    runKind: 'live run',
    // After a journal replay, the journal's client order ids are taken: number new orders after them.
    firstOrderNumber: replayJournal ? lastOrderNumber(recovered, strategy.name) + 1 : 1,
  })
  const loop = new LiveLoop({
    host,
    clock,
    bars,
    onMarket: (i, bar) => {
      lastClose[i] = bar.close
      paper?.onBar(instruments[i]!.id, bar)
    },
  })

  let latencyMs: number | undefined
  const status = (): LiveStatus => ({
    time: clock.now(),
    barsSeen: loop.barsSeen,
    orders: core.manager.orders().length,
    fills: fills.length,
    positions: instruments.map((i) => core.portfolio.quantity(i.id)),
    cash: cash(),
    equity: equity(),
    latencyMs,
    resuming: resume !== undefined && !resume.caughtUp,
  })

  let ticker: NodeJS.Timeout | undefined
  let failure: Error | undefined
  try {
    if (ccxt !== undefined && wall !== undefined) {
      await ccxt.sync()
      ccxt.start()
      // Reports from the exchange and timers on the wall clock, delivered between bars; a
      // failure there (a strategy that throws) stops the run as one in the loop would.
      ticker = setInterval(() => {
        try {
          loop.advance(wall.now())
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error))
        }
      }, 100)
    }
    host.start()
    for (;;) {
      if (failure !== undefined) throw failure
      const group = await feed.next(signal)
      if (group === undefined) break
      if (wall !== undefined) loop.advance(wall.now())
      loop.step(group)
      const last = group.bars[group.bars.length - 1]
      if (last?.exchangeTime !== undefined) latencyMs = last.receivedAt - last.exchangeTime
      options.onStatus?.(status())
    }
  } catch (error) {
    // A run that fails still releases the exchange and the journal, so the process can exit.
    if (ticker !== undefined) clearInterval(ticker)
    await feed.close().catch(() => undefined)
    await ccxt?.stop().catch(() => undefined)
    journal.close()
    throw error
  }
  if (ticker !== undefined) clearInterval(ticker)
  await feed.close()
  const stoppedBy = signal.aborted ? 'signal' : 'end'
  host.deliverReports(clock.now())
  host.stop()

  // The exit policy.
  const working = core.manager.workingOrders()
  let cancelledAtExit = 0
  if (options.onExit === 'cancel') {
    for (const o of working) {
      if (o.status === 'pending-cancel') continue
      if (core.manager.cancel(o.orderId)) cancelledAtExit++
    }
  }
  if (ccxt !== undefined) {
    await ccxt.idle()
    if (options.onExit === 'cancel') await ccxt.sync()
    await ccxt.stop()
  }
  if (options.journalDir !== undefined) {
    sessionLog(options.journalDir, {
      event: 'stop',
      stoppedBy,
      onExit: options.onExit,
      cancelled: cancelledAtExit,
      leftWorking: core.manager.workingOrders().map((o) => o.clientOrderId),
    })
  }
  journal.close()
  options.onStatus?.(status())

  return {
    stoppedBy,
    decisions: host.decisions,
    orders: core.manager.orders(),
    fills,
    positions: new Map(instruments.map((i) => [i.id, core.portfolio.quantity(i.id)])),
    cash: cash(),
    equity: equity(),
    barsSeen: loop.barsSeen,
    recoveredRecords: recovered.length,
    cancelledAtExit,
    core,
  }
}

/** The highest `<name>-<n>` client order number in the journal; 0 for none. */
function lastOrderNumber(records: readonly JournalRecord[], name: string): number {
  let last = 0
  const prefix = `${name}-`
  for (const record of records) {
    if (record.type !== 'submit' && record.type !== 'risk-reject') continue
    const id: string = record.order.clientOrderId
    if (!id.startsWith(prefix)) continue
    const n = Number(id.slice(prefix.length))
    if (Number.isInteger(n) && n > last) last = n
  }
  return last
}

/** Writes session.json at the first start; later starts read it, so the starting cash stays the first one. */
function keepSessionFile(dir: string, wanted: SessionFile): SessionFile {
  const path = join(dir, SESSION_FILE)
  if (!existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(wanted)}\n`, { mode: 0o600 })
    return wanted
  }
  let kept: unknown
  try {
    kept = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new TradePulseError(
      'LIVE_JOURNAL_MISMATCH',
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      { file: path },
    )
  }
  const k = kept as Partial<SessionFile>
  if (typeof k.initialCash !== 'number' || k.accountCurrency !== wanted.accountCurrency) {
    throw new TradePulseError(
      'LIVE_JOURNAL_MISMATCH',
      `the journal was started with ${JSON.stringify(kept)}, this run is ${JSON.stringify(wanted)}`,
      { file: path },
    )
  }
  if (k.strategy !== wanted.strategy) {
    throw new TradePulseError(
      'LIVE_JOURNAL_MISMATCH',
      `the journal belongs to strategy ${JSON.stringify(k.strategy)}, not ${JSON.stringify(wanted.strategy)}`,
      { file: path, field: 'strategy' },
    )
  }
  return { initialCash: k.initialCash, accountCurrency: wanted.accountCurrency, strategy: wanted.strategy }
}

/** One line of session.jsonl, fsynced: what a stop left behind must survive the next crash. */
function sessionLog(dir: string, entry: Record<string, unknown>): void {
  const path = join(dir, SESSION_LOG_FILE)
  appendFileSync(path, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`)
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
