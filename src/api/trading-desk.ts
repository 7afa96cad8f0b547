/**
 * The service's trading desk: one execution core (order manager, risk engine, kill switch,
 * portfolio) on the wall clock, filling on the paper venue against the quotes the service is
 * given (`POST /api/v1/market/quotes`; live feeds plug in the same way), journaled to
 * `<dataDir>/journal.jsonl` (or the store's SQLite journal) with every record fsynced before the
 * request that caused it is answered — by group commit: the records of every request in one turn
 * of the event loop share one fsync, and each answer waits for it (`durable()`). On start the
 * journal is replayed, so a server killed at any moment comes back with every acknowledged order
 * and fill, and the kill switch as it was.
 *
 * Client order ids are derived from the API key and the request's Idempotency-Key, so the core's
 * own duplicate check makes a retried submission return the first order — even when the server
 * crashed between journaling the order and recording the response.
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { currency, money } from '../domain/money.ts'
import { numberToTicks } from '../domain/number-grid.ts'
import { type ClientOrderId, clientOrderId } from '../domain/ids.ts'
import {
  type Instrument,
  type InstrumentId,
  type PriceTicks,
  defineInstrument,
} from '../domain/instrument.ts'
import type { Quote } from '../domain/market-data.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { Clock } from '../execution/clock.ts'
import { type ExecutionCore, createExecutionCore, recoverExecutionCore } from '../execution/execution-core.ts'
import { type AsyncFlushable, GroupCommitJournal } from '../execution/journal/group-commit-journal.ts'
import type { Journal, JournalContents } from '../execution/journal/journal.ts'
import { openJournal } from '../execution/journal/jsonl-journal.ts'
import { migrate } from '../store/migrator.ts'
import { openSqliteDatabase } from '../store/sqlite-database.ts'
import { openStoreJournal } from '../store/store-journal.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { journalRecordCodec } from '../execution/journal-record-codec.ts'
import type { Fill } from '../execution/types.ts'
import { PaperVenue } from '../execution/venues/paper-venue.ts'
import type { ServiceConfig } from './config.ts'

export const JOURNAL_FILE = 'journal.jsonl'
/** The store's SQLite file for the journal, with `journal: store`. */
export const JOURNAL_DATABASE = 'journal.db'

/** What the desk journals to: the file journal or the store's, both recovering on open. */
export type DeskJournal = Journal<JournalRecord> &
  Partial<AsyncFlushable> & {
    readonly path: string
    readonly recovered: JournalContents<JournalRecord>
  }

/**
 * Opens the journal `config.journal` names in the data directory, migrating the store's journal
 * file first (it has the same migrations as the database, so `tradepulse db migrate` works on it).
 */
export async function openDeskJournal(config: ServiceConfig): Promise<DeskJournal> {
  mkdirSync(config.dataDir, { recursive: true })
  if (config.journal === 'file')
    return openJournal(join(config.dataDir, JOURNAL_FILE), { codec: journalRecordCodec, durability: 'batch' })
  const path = join(config.dataDir, JOURNAL_DATABASE)
  const db = openSqliteDatabase(path)
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
  return openStoreJournal(path, { codec: journalRecordCodec, durability: 'batch' })
}

/** The wall clock, never going back: a service's events keep their order if the system time steps back. */
export class WallClock implements Clock {
  #last = 0

  now(): UnixMillis {
    this.#last = Math.max(this.#last, Date.now())
    return this.#last as UnixMillis
  }
}

export interface TradingDesk {
  readonly core: ExecutionCore
  readonly venue: PaperVenue
  readonly instruments: ReadonlyMap<InstrumentId, Instrument>
  /** The journal (path and numbering); the core appends through the group commit over it. */
  readonly journal: DeskJournal
  /**
   * Resolves once everything the desk has journaled so far is on disk. Appends are flushed once
   * per turn of the event loop for all requests together (group commit); an answer that reveals
   * the desk's state waits for this first, so nothing is acknowledged that a crash could undo.
   */
  durable(): Promise<void>
  /** The latest quote per instrument. */
  readonly quotes: ReadonlyMap<InstrumentId, Quote>
  /** Every fill applied, oldest first: the journal's, then this process's. */
  fills(): readonly Fill[]
  /** Feeds a quote: working orders may fill against it, and held positions are marked at its mid. */
  quote(quote: Quote): void
  close(): void
}

export function instrumentsOf(config: ServiceConfig): Instrument[] {
  return config.instruments.map((setting) =>
    defineInstrument({
      symbol: setting.symbol,
      venue: setting.venue,
      assetClass: setting.assetClass,
      quoteCurrency: setting.quoteCurrency,
      tickSize: setting.tickSize,
      lotSize: setting.lotSize,
      multiplier: setting.multiplier,
    }),
  )
}

/** The desk over `journal` (from `openDeskJournal`, in `batch` mode: the desk group-commits it). */
export function openTradingDesk(
  config: ServiceConfig,
  journal: DeskJournal,
  clock: Clock = new WallClock(),
): TradingDesk {
  const instruments = instrumentsOf(config)
  const byId = new Map(instruments.map((i) => [i.id, i]))
  const venue = new PaperVenue({ instruments, clock, name: 'PAPER' })
  const grouped = new GroupCommitJournal(journal)
  const quotes = new Map<InstrumentId, Quote>()
  const options = {
    clock,
    venue,
    instruments,
    initialCash: [money(currency(config.accountCurrency), config.initialCash)],
    accountCurrency: config.accountCurrency,
    journal: grouped,
    risk: { account: { maxOrderQuantity: config.maxOrderQuantity, maxPosition: config.maxPosition } },
    referencePrice: (id: InstrumentId): PriceTicks | undefined => {
      const q = quotes.get(id)
      const instrument = byId.get(id)
      return q === undefined || instrument === undefined ? undefined : midTicks(instrument, q)
    },
  }
  const records = journal.recovered.records
  const core = records.length === 0 ? createExecutionCore(options) : recoverExecutionCore(options, records)
  const fills: Fill[] = []
  const seen = new Set<string>()
  const keep = (fill: Fill): void => {
    const id = `${fill.venue}\u0000${fill.tradeId}`
    // A fill repeated by a venue is applied once by the core, and listed once here.
    if (seen.has(id) || !core.portfolio.hasTrade(fill.venue, fill.tradeId)) return
    seen.add(id)
    fills.push(fill)
  }
  for (const record of records)
    if (record.type === 'report' && record.report.kind === 'fill') keep(record.report.fill)
  core.bus.subscribe('fill', keep)
  return {
    fills: () => fills,
    core,
    venue,
    instruments: byId,
    journal,
    durable: () => grouped.durable(),
    quotes,
    quote(quote) {
      quotes.set(quote.instrumentId, quote)
      venue.onQuote(quote)
      if (core.portfolio.quantity(quote.instrumentId) !== 0)
        core.mark(quote.instrumentId, midTicks(byId.get(quote.instrumentId)!, quote))
    },
    close() {
      grouped.close()
    },
  }
}

/** The mid of a quote on the tick grid; a mid between two ticks is taken at the bid side's. */
function midTicks(instrument: Instrument, quote: Quote): PriceTicks {
  return numberToTicks(instrument, (quote.bidPrice + quote.askPrice) / 2, 'floor')
}

/**
 * The client order id of a submission: a hash of the key id and its Idempotency-Key, so the same
 * key and Idempotency-Key always name the same order, and two keys never collide.
 */
export function clientOrderIdFor(keyId: string, idempotencyKey: string): ClientOrderId {
  const digest = createHash('sha256').update(`${keyId}\u0000${idempotencyKey}`, 'utf8').digest('base64url')
  return clientOrderId(`api-${digest.slice(0, 24)}`)
}
