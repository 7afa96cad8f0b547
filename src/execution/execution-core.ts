/**
 * One execution core, wired: clock, bus, risk engine and kill switch, journal, order manager,
 * portfolio and the account view between them. A backtest passes a `ManualClock` and the
 * simulated exchange or the paper venue; live trading passes the system clock and an exchange
 * adapter — nothing else differs.
 *
 * The portfolio listens to fills on the bus, so replaying the journal into a fresh core
 * (`recover`) rebuilds orders and positions and cash through the same code.
 */
import type { Instrument, InstrumentId, PriceTicks } from '../domain/instrument.ts'
import type { Money } from '../domain/money.ts'
import { AccountView } from './account-view.ts'
import type { Clock } from './clock.ts'
import { EventBus } from './event-bus.ts'
import type { JournalRecord, RecordSink } from './journal-record.ts'
import type { ExecutionTopics } from './order-events.ts'
import { OrderManager } from './order-manager.ts'
import { Portfolio } from './portfolio/portfolio.ts'
import type { TradingDay } from './portfolio/trading-day.ts'
import { KillSwitch } from './risk/kill-switch.ts'
import { type RiskConfig, RiskEngine } from './risk/risk-engine.ts'
import type { Venue } from './venue.ts'

export interface ExecutionCoreOptions {
  readonly clock: Clock
  readonly venue: Venue
  readonly instruments: readonly Instrument[]
  readonly initialCash: readonly Money[]
  /** The currency the risk limits are kept in (one of the portfolio's ledgers). */
  readonly accountCurrency: string
  readonly risk?: RiskConfig
  readonly journal: RecordSink
  readonly referencePrice?: (instrument: InstrumentId) => PriceTicks | undefined
  readonly tradingDay?: TradingDay
  readonly idPrefix?: string
}

export interface ExecutionCore {
  readonly clock: Clock
  readonly bus: EventBus<ExecutionTopics>
  readonly killSwitch: KillSwitch
  readonly risk: RiskEngine
  readonly portfolio: Portfolio
  readonly manager: OrderManager
  readonly account: AccountView
}

export function createExecutionCore(options: ExecutionCoreOptions): ExecutionCore {
  const bus = new EventBus<ExecutionTopics>()
  const killSwitch = new KillSwitch()
  const risk = new RiskEngine(options.risk ?? {}, killSwitch)
  const portfolio = new Portfolio({
    instruments: options.instruments,
    initialCash: options.initialCash,
    ...(options.tradingDay === undefined ? {} : { tradingDay: options.tradingDay }),
  })
  bus.subscribe('fill', (fill) => {
    portfolio.book(fill)
  })
  let account: AccountView | undefined
  const manager = new OrderManager({
    clock: options.clock,
    venue: options.venue,
    risk,
    killSwitch,
    journal: options.journal,
    bus,
    riskView: (m) =>
      (account = new AccountView(m, portfolio, options.accountCurrency, options.referencePrice)),
    ...(options.idPrefix === undefined ? {} : { idPrefix: options.idPrefix }),
  })
  return { clock: options.clock, bus, killSwitch, risk, portfolio, manager, account: account! }
}

/** Builds a core and replays `records` into it: the state a crashed process had, from its journal. */
export function recoverExecutionCore(
  options: ExecutionCoreOptions,
  records: Iterable<JournalRecord>,
): ExecutionCore {
  const core = createExecutionCore(options)
  core.manager.replay(records)
  return core
}
