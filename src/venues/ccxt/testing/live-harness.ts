/**
 * The pieces of a live session against the fake Binance on loopback, wired as the live runner
 * wires them: the fake and its server, a real ccxt `binance` client pointed at it, the ccxt
 * venue, and an execution core journaling to memory. Waits are recorded and skipped, so a test
 * sees the backoff it would have slept without sleeping it.
 */
import type { Instrument } from '../../../domain/instrument.ts'
import { currency, moneyOfUnits } from '../../../domain/money.ts'
import type { UnixMillis } from '../../../domain/time.ts'
import {
  type ExecutionCore,
  createExecutionCore,
  recoverExecutionCore,
} from '../../../execution/execution-core.ts'
import type { JournalRecord } from '../../../execution/journal-record.ts'
import { journalRecordCodec } from '../../../execution/journal-record-codec.ts'
import { MemoryJournal } from '../../../execution/journal/memory-journal.ts'
import { type CcxtVenue as Venue, CcxtVenue, type UnknownOrderPolicy } from '../ccxt-venue.ts'
import { createExchange } from '../create-exchange.ts'
import { Credentials } from '../credentials.ts'
import type { VenueEvent } from '../venue-events.ts'
import { FakeBinance, toUnits } from './fake-exchange/fake-binance.ts'
import { FakeBinanceServer } from './fake-exchange/fake-binance-server.ts'

export const API_KEY = 'fake-api-key-0123456789'
export const SECRET = 'fake-secret-do-not-log-9f8e7d6c'
export const INITIAL_USDT = '100000'

export interface Session {
  readonly venue: Venue
  readonly core: ExecutionCore
  readonly instrument: Instrument
  readonly journal: MemoryJournal<JournalRecord>
  readonly events: VenueEvent[]
  /** Every wait the venue asked for, in order. */
  readonly waits: number[]
}

export interface FakeMarket {
  readonly fake: FakeBinance
  readonly server: FakeBinanceServer
  /** Called at each wait the venue asks for (after it is recorded): how a test ends an outage. */
  onWait: (waits: readonly number[]) => void
  open(options?: SessionOptions): Promise<Session>
  /** A new venue and a core recovered from `journal`, as after a crash. */
  recover(journal: MemoryJournal<JournalRecord>, options?: SessionOptions): Promise<Session>
  stop(): Promise<void>
}

export interface SessionOptions {
  readonly unknownOrders?: UnknownOrderPolicy
  readonly clockOffsetMs?: number
}

const now = (): number => Date.now()

export async function startFakeMarket(options: { clockOffsetMs?: number } = {}): Promise<FakeMarket> {
  const fake = new FakeBinance(
    [
      {
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        tickSize: '0.01',
        stepSize: '0.0001',
        minQty: '0.0001',
        minNotional: '5',
      },
    ],
    { USDT: INITIAL_USDT, BTC: '0' },
    now,
  )
  const server = new FakeBinanceServer(
    fake,
    {
      apiKey: API_KEY,
      secret: SECRET,
      ...(options.clockOffsetMs === undefined ? {} : { clockOffsetMs: options.clockOffsetMs }),
    },
    now,
  )
  await server.start()
  const sessions: Venue[] = []
  const market: FakeMarket = {
    fake,
    server,
    onWait: () => undefined,
    open: async (sessionOptions = {}) => {
      const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
      const parts = await connect(market, sessionOptions)
      sessions.push(parts.venue)
      const core = createExecutionCore(coreOptions(parts.venue, parts.instrument, journal))
      return { ...parts, core, journal }
    },
    recover: async (old, sessionOptions = {}) => {
      const parts = await connect(market, sessionOptions)
      sessions.push(parts.venue)
      const journal = new MemoryJournal<JournalRecord>({ codec: journalRecordCodec })
      const records = old.contents().records
      for (const record of records) journal.append(record)
      const core = recoverExecutionCore(coreOptions(parts.venue, parts.instrument, journal), records)
      return { ...parts, core, journal }
    },
    stop: async () => {
      for (const venue of sessions) await venue.stop()
      await server.stop()
    },
  }
  return market
}

async function connect(
  market: FakeMarket,
  options: SessionOptions,
): Promise<{ venue: Venue; instrument: Instrument; events: VenueEvent[]; waits: number[] }> {
  const exchange = createExchange({
    exchange: 'binance',
    credentials: new Credentials(API_KEY, SECRET),
    urls: (original) => market.server.ccxtUrls(original),
  })
  // In production ccxt spaces requests by Binance's published weight limit (50 ms a weight
  // unit, create-exchange.ts). The fake has no limit to respect but the 429s it injects, and the
  // tests would spend most of their time in ccxt's throttle.
  exchange.enableRateLimit = false
  const events: VenueEvent[] = []
  const waits: number[] = []
  const venue = new CcxtVenue({
    exchange,
    symbols: ['BTC/USDT'],
    name: 'BINANCE',
    clock: { now: () => Date.now() as UnixMillis },
    unknownOrders: options.unknownOrders ?? 'cancel',
    backoff: { initialMs: 100, maxMs: 2000, maxAttempts: 5 },
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms)
      market.onWait(waits)
      await new Promise((resolve) => setImmediate(resolve))
    },
  })
  venue.onEvent((event) => events.push(event))
  await venue.connect()
  const instrument = venue.rules()[0]!.instrument
  return { venue, instrument, events, waits }
}

function coreOptions(
  venue: Venue,
  instrument: Instrument,
  journal: MemoryJournal<JournalRecord>,
): Parameters<typeof createExecutionCore>[0] {
  const usdt = currency('USDT')
  return {
    clock: { now: () => Date.now() as UnixMillis },
    venue,
    instruments: [instrument],
    initialCash: [moneyOfUnits(usdt, toUnits(INITIAL_USDT))],
    accountCurrency: 'USDT',
    journal,
  }
}

/**
 * Whether the journal (replayed into a fresh core), the live core's portfolio and the fake
 * exchange agree exactly: the same position and cash, each order's status and filled quantity.
 * Returns the differences, empty when they agree.
 */
export function disagreements(market: FakeMarket, session: Session): string[] {
  const out: string[] = []
  const { core, instrument, journal } = session
  const replayed = recoverExecutionCore(
    { ...coreOptions(session.venue, instrument, new MemoryJournal()), venue: inertVenue() },
    journal.contents().records,
  )
  const lots = core.portfolio.quantity(instrument.id)
  const cash = core.portfolio.ledger('USDT').cash
  if (replayed.portfolio.quantity(instrument.id) !== lots)
    out.push('journal position differs from the portfolio')
  if (replayed.portfolio.ledger('USDT').cash !== cash) out.push('journal cash differs from the portfolio')
  const btc = toUnits(market.fake.balance('BTC'))
  // Lots of 0.0001 BTC are 10^4 units of 10^-8.
  if (BigInt(lots) * 10_000n !== btc)
    out.push(`position ${lots} lots, exchange holds ${market.fake.balance('BTC')} BTC`)
  if (cash !== toUnits(market.fake.balance('USDT')))
    out.push(`cash ${cash}, exchange holds ${market.fake.balance('USDT')} USDT`)
  const exchangeFills = new Map<string, number>()
  for (const o of market.fake.orders()) {
    const base = o.clientOrderId.replace(/-r\d+$/, '')
    exchangeFills.set(base, (exchangeFills.get(base) ?? 0) + o.executedLots)
  }
  for (const order of core.manager.orders()) {
    const onExchange = exchangeFills.get(order.clientOrderId) ?? 0
    if (onExchange !== order.filledQuantity)
      out.push(`${order.clientOrderId}: core filled ${order.filledQuantity}, exchange ${onExchange}`)
  }
  return out
}

function inertVenue(): Venue {
  return {
    name: 'BINANCE',
    submit: () => undefined,
    cancel: () => undefined,
    replace: () => undefined,
    onReport: () => undefined,
  } as unknown as Venue
}
