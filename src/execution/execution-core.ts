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
import { TradingHalts } from './risk/trading-halts.ts'
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
  /** Halt and resume instruments here: changes are journaled, so they survive a restart. */
  readonly halts: TradingHalts
  readonly risk: RiskEngine
  readonly portfolio: Portfolio
  readonly manager: OrderManager
  readonly account: AccountView
  /**
   * Marks a held instrument at a price (a trade or a mid), journaled so a restart values the
   * account as before; throws for an instrument the portfolio does not hold or a price off the
   * tick grid. Marking the portfolio directly values it the same, but is not restored.
   */
  mark(instrumentId: InstrumentId, price: PriceTicks): void
}

export function createExecutionCore(options: ExecutionCoreOptions): ExecutionCore {
  const bus = new EventBus<ExecutionTopics>()
  const killSwitch = new KillSwitch()
  const halts = new TradingHalts()
  const risk = new RiskEngine(options.risk ?? {}, killSwitch)
  const portfolio = new Portfolio({
    instruments: options.instruments,
    initialCash: options.initialCash,
    ...(options.tradingDay === undefined ? {} : { tradingDay: options.tradingDay }),
  })
  bus.subscribe('fill', (fill) => {
    portfolio.book(fill)
  })
  bus.subscribe('mark', (mark) => {
    portfolio.mark(mark.instrumentId, mark.price, mark.time)
  })
  let account: AccountView | undefined
  const manager = new OrderManager({
    clock: options.clock,
    venue: options.venue,
    risk,
    killSwitch,
    halts,
    journal: options.journal,
    bus,
    riskView: (m) =>
      (account = new AccountView(m, portfolio, options.accountCurrency, halts, options.referencePrice)),
    ...(options.idPrefix === undefined ? {} : { idPrefix: options.idPrefix }),
  })
  const mark = (instrumentId: InstrumentId, price: PriceTicks): void => {
    portfolio.quantity(instrumentId) // throws, before anything is journaled, for an instrument it does not hold
    manager.mark(instrumentId, price)
  }
  return { clock: options.clock, bus, killSwitch, halts, risk, portfolio, manager, account: account!, mark }
}

/**
 * Builds a core and replays `records` into it: the state a crashed process had, from its journal.
 * The venue is then told the journal's orders and fills (`Venue.resume`), so a venue that numbers
 * its own trades continues after the last one journaled instead of reusing the ids.
 */
export function recoverExecutionCore(
  options: ExecutionCoreOptions,
  records: Iterable<JournalRecord>,
): ExecutionCore {
  const core = createExecutionCore(options)
  const list = [...records]
  core.manager.replay(list)
  const fills = list.flatMap((r) => (r.type === 'report' && r.report.kind === 'fill' ? [r.report.fill] : []))
  options.venue.resume?.({ orders: core.manager.orders(), fills })
  return core
}
