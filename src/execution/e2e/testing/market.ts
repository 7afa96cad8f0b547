/**
 * The cast of the end-to-end tests: listed instruments (ACME by default; BOLT shares its
 * exchange, CRUX is listed elsewhere), a market maker who quotes around a price, a counterparty who takes liquidity, and a
 * scripted strategy that sends the orders a test scripts. Everything runs on a `ManualClock`, so
 * every run is the same.
 */
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

export interface Market {
  readonly clock: ManualClock
  readonly exchange: SimulatedExchange
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
  /** The clock's first reading; 2026-01-05 14:30 UTC when absent. */
  readonly start?: number
}

/**
 * Opens the market. Given `records`, it is a restart: a fresh exchange (empty books) and a core
 * recovered from the records.
 */
export function openMarket(options: MarketOptions, records?: Iterable<JournalRecord>): Market {
  const clock = new ManualClock(options.start ?? Date.UTC(2026, 0, 5, 14, 30))
  const instruments = options.instruments ?? [ACME]
  const exchange = new SimulatedExchange({
    instruments,
    clock,
    fees: { makerBasisPoints: -0.5, takerBasisPoints: 2 },
    ...(options.submitLatencyMs === undefined ? {} : { submitLatencyMs: options.submitLatencyMs }),
    ...(options.reportLatencyMs === undefined ? {} : { reportLatencyMs: options.reportLatencyMs }),
  })
  const coreOptions: ExecutionCoreOptions = {
    clock,
    venue: exchange,
    instruments,
    initialCash: [money(ACME.quoteCurrency, '1000000')],
    accountCurrency: 'USD',
    journal: options.journal,
    referencePrice: (id) => exchange.referencePrice(id),
    ...(options.risk === undefined ? {} : { risk: options.risk }),
  }
  const core =
    records === undefined ? createExecutionCore(coreOptions) : recoverExecutionCore(coreOptions, records)
  return { clock, exchange, core, options: coreOptions }
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
  return market.exchange.submitExternal(instrument.id, {
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
