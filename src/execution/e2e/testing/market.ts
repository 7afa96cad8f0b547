/**
 * The cast of the end-to-end tests: listed instruments (ACME by default; BOLT shares its
 * exchange, CRUX is listed elsewhere), a market maker who quotes around a price, a counterparty who takes liquidity, and a
 * scripted strategy that sends the orders a test scripts. Everything runs on a `ManualClock`, so
 * every run is the same.
 */
import { assertNever } from '../../../domain/assert-never.ts'
import { clientOrderId, orderId } from '../../../domain/ids.ts'
import {
  type Instrument,
  type PriceTicks,
  type QuantityLots,
  defineInstrument,
} from '../../../domain/instrument.ts'
import { money } from '../../../domain/money.ts'
import { ManualClock } from '../../clock.ts'
import {
  type ExecutionCore,
  type ExecutionCoreOptions,
  createExecutionCore,
  recoverExecutionCore,
} from '../../execution-core.ts'
import type { JournalRecord, RecordSink } from '../../journal-record.ts'
import type { MatchAction } from '../../matching/match-actions.ts'
import type { OrderRequest } from '../../orders/order.ts'
import type { RiskConfig } from '../../risk/risk-engine.ts'
import type { Side } from '../../types.ts'
import { SimulatedExchange } from '../../venues/simulated-exchange.ts'
import { VenueRouter } from '../../venues/venue-router.ts'

export const ACME: Instrument = defineInstrument({
  symbol: 'ACME',
  venue: 'SIM',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

/** A second instrument on ACME's exchange, so two books number their trades side by side. */
export const BOLT: Instrument = defineInstrument({
  symbol: 'BOLT',
  venue: 'SIM',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

/** An instrument of another venue, with a coarser tick, for the tests that trade on two. */
export const CRUX: Instrument = defineInstrument({
  symbol: 'CRUX',
  venue: 'ALT',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.05',
  lotSize: '1',
})

/** An exchange of the market and the instruments it lists. */
export interface Listing {
  readonly name: string
  readonly instruments: readonly Instrument[]
}

/** Two exchanges: `xa` lists ACME and BOLT, `xb` lists CRUX. */
export const TWO_VENUES: readonly Listing[] = [
  { name: 'xa', instruments: [ACME, BOLT] },
  { name: 'xb', instruments: [CRUX] },
]

export interface Market {
  readonly clock: ManualClock
  /** The first exchange: the only one, unless the market was opened with several. */
  readonly exchange: SimulatedExchange
  readonly exchanges: readonly SimulatedExchange[]
  readonly instruments: readonly Instrument[]
  readonly core: ExecutionCore
  readonly options: ExecutionCoreOptions
}

export interface MarketOptions {
  readonly risk?: RiskConfig
  readonly journal: RecordSink
  readonly submitLatencyMs?: number
  readonly reportLatencyMs?: number
  /** Listed on the exchange and held by the portfolio; ACME alone when absent. */
  readonly instruments?: readonly Instrument[]
  /** Several exchanges behind a `VenueRouter`, instead of one listing `instruments`. */
  readonly venues?: readonly Listing[]
  /** The clock's first reading; 2026-01-05 14:30 UTC when absent. */
  readonly start?: number
}

export const MARKET_OPENS: number = Date.UTC(2026, 0, 5, 14, 30)

/**
 * Opens the market. Given `records`, it is a restart: fresh exchanges (empty books) and a core
 * recovered from the records.
 */
export function openMarket(options: MarketOptions, records?: Iterable<JournalRecord>): Market {
  const clock = new ManualClock(options.start ?? MARKET_OPENS)
  const listings = options.venues ?? [{ name: 'simulated', instruments: options.instruments ?? [ACME] }]
  const exchanges = listings.map(
    (listing) =>
      new SimulatedExchange({
        name: listing.name,
        instruments: listing.instruments,
        clock,
        fees: { makerBasisPoints: -0.5, takerBasisPoints: 2 },
        ...(options.submitLatencyMs === undefined ? {} : { submitLatencyMs: options.submitLatencyMs }),
        ...(options.reportLatencyMs === undefined ? {} : { reportLatencyMs: options.reportLatencyMs }),
      }),
  )
  const venue =
    exchanges.length === 1
      ? exchanges[0]!
      : new VenueRouter({
          routes: exchanges.map((exchange, i) => ({
            venue: exchange,
            instruments: listings[i]!.instruments.map((instrument) => instrument.id),
          })),
        })
  const instruments = listings.flatMap((listing) => listing.instruments)
  const coreOptions: ExecutionCoreOptions = {
    clock,
    venue,
    instruments,
    initialCash: [money(ACME.quoteCurrency, '1000000')],
    accountCurrency: 'USD',
    journal: options.journal,
    referencePrice: (id) => exchanges.find((e) => e.engine(id) !== undefined)?.referencePrice(id),
    ...(options.risk === undefined ? {} : { risk: options.risk }),
  }
  const core =
    records === undefined ? createExecutionCore(coreOptions) : recoverExecutionCore(coreOptions, records)
  return { clock, exchange: exchanges[0]!, exchanges, instruments, core, options: coreOptions }
}

/** The exchange of the market that lists `instrument`. */
export function exchangeOf(market: Market, instrument: Instrument): SimulatedExchange {
  const exchange = market.exchanges.find((e) => e.engine(instrument.id) !== undefined)
  if (exchange === undefined) throw new RangeError(`no exchange of the market lists ${instrument.id}`)
  return exchange
}

/** The latest time a journal mentions, so a restarted clock does not start before it. */
export function lastJournaledTime(records: Iterable<JournalRecord>): number {
  let last = 0
  for (const record of records) last = Math.max(last, recordTime(record))
  return last
}

function recordTime(record: JournalRecord): number {
  switch (record.type) {
    case 'submit':
    case 'risk-reject':
      return record.order.updatedAt
    case 'report':
      return record.report.kind === 'fill' ? record.report.fill.time : record.report.time
    case 'kill-switch':
    case 'halt':
    case 'risk-limits':
      return record.entry.time
    case 'cancel-request':
    case 'replace-request':
      return record.time
    case 'mark':
      return record.mark.time
    default:
      return assertNever(record)
  }
}

let externalIds = 0

/** Another participant's order: a resting limit, or a market order that takes. */
export function external(
  market: Market,
  owner: string,
  side: Side,
  quantity: number,
  price?: number,
  instrument: Instrument = ACME,
): readonly MatchAction[] {
  return exchangeOf(market, instrument).submitExternal(instrument.id, {
    orderId: orderId(`${owner}-${++externalIds}`),
    ownerId: owner,
    side,
    type: price === undefined ? 'market' : 'limit',
    timeInForce: price === undefined ? 'IOC' : 'GTC',
    quantity: quantity as QuantityLots,
    ...(price === undefined ? {} : { price: price as PriceTicks }),
  })
}

/** The scripted strategy: numbered client ids, limit orders unless told otherwise. */
export class ScriptedStrategy {
  #next = 0
  readonly #market: Market
  readonly #name: string

  constructor(market: Market, name = 'strategy') {
    this.#market = market
    this.#name = name
  }

  limit(
    side: Side,
    quantity: number,
    price: number,
    extra: Partial<OrderRequest> = {},
  ): ReturnType<ExecutionCore['manager']['submit']> {
    return this.#market.core.manager.submit({
      clientOrderId: clientOrderId(`${this.#name}-${++this.#next}`),
      instrumentId: ACME.id,
      side,
      type: 'limit',
      quantity: quantity as QuantityLots,
      price: price as PriceTicks,
      timeInForce: 'GTC',
      ...extra,
    })
  }

  market(
    side: Side,
    quantity: number,
    instrument: Instrument = ACME,
  ): ReturnType<ExecutionCore['manager']['submit']> {
    return this.#market.core.manager.submit({
      clientOrderId: clientOrderId(`${this.#name}-${++this.#next}`),
      instrumentId: instrument.id,
      side,
      type: 'market',
      quantity: quantity as QuantityLots,
      timeInForce: 'IOC',
    })
  }
}
