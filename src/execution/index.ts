/**
 * `tradepulse/execution`: the one execution core backtests, paper trading and live trading share —
 * orders and their lifecycle, contingent orders, the pre-trade risk engine and kill switch, the
 * order manager and its event bus, venues (the simulated exchange over the matching engine, the
 * paper venue), the portfolio and ledger, and the durable journal. See docs/execution.md.
 */
export { AccountView } from './account-view.ts'
export { type Clock, ManualClock } from './clock.ts'
export { EventBus, type Handler } from './event-bus.ts'
export {
  type ExecutionCore,
  type ExecutionCoreOptions,
  createExecutionCore,
  recoverExecutionCore,
} from './execution-core.ts'
export { type JournalRecord, type RecordSink } from './journal-record.ts'
export { journalRecordCodec } from './journal-record-codec.ts'
export { type Durability, type Journal, type JournalContents } from './journal/journal.ts'
export { type JournalCodec, type JournalLocation } from './journal/journal-codec.ts'
export {
  type JsonlJournal,
  type JsonlJournalOptions,
  openJournal,
  readJournal,
} from './journal/jsonl-journal.ts'
export { MemoryJournal } from './journal/memory-journal.ts'
export {
  type AsyncFlushable,
  type FlushScheduler,
  GroupCommitJournal,
} from './journal/group-commit-journal.ts'
export { type FeeSchedule, NO_FEES } from './matching/fees.ts'
export { MATCH_REASONS, type MatchAction, type MatchReason } from './matching/match-actions.ts'
export { type MatchOrder, type SelfTradePrevention } from './matching/match-order.ts'
export { MatchingEngine, type MatchingEngineOptions } from './matching/matching-engine.ts'
export { type ExecutionTopics, type OrderEvent } from './order-events.ts'
export { OrderManager, type OrderManagerOptions, type SubmitResult } from './order-manager.ts'
export { type BracketRequest, ContingentOrders, type OcoResult } from './orders/contingent-orders.ts'
export {
  type Contingency,
  type Order,
  type OrderRequest,
  type TrailingOffset,
  averageFillPrice,
  exactAverageFillPrice,
  remainingQuantity,
  validateOrderRequest,
} from './orders/order.ts'
export {
  type OrderEventKind,
  isTerminal,
  isWorking,
  legalTransitions,
  transition,
} from './orders/order-state-machine.ts'
export {
  type FillOutcome,
  Portfolio,
  type PortfolioOptions,
  type PortfolioSnapshot,
  type PositionView,
  type Reconciliation,
} from './portfolio/portfolio.ts'
export { type LedgerView } from './portfolio/ledger.ts'
export { type TradingDay, utcTradingDay } from './portfolio/trading-day.ts'
export { type KillSwitchEntry, KillSwitch } from './risk/kill-switch.ts'
export { type RiskConfig, type RiskDecision, RiskEngine } from './risk/risk-engine.ts'
export {
  RISK_REJECT_REASONS,
  type RiskLimits,
  type RiskLimitsEntry,
  type RiskRejectCode,
  type RiskScope,
} from './risk/risk-limits.ts'
export { type RiskView, type TradingStatus } from './risk/risk-view.ts'
export { type HaltEntry, TradingHalts } from './risk/trading-halts.ts'
export {
  type Fill,
  type LiquiditySide,
  type Mark,
  type OrderStatus,
  type OrderType,
  type Side,
  type TimeInForce,
  oppositeSide,
  sideSign,
} from './types.ts'
export {
  type ConnectionState,
  type ExecutionReport,
  type ReplaceChanges,
  type Venue,
  type VenueHistory,
} from './venue.ts'
export { feeUnits, notionalUnitsOf } from './venues/fees.ts'
export { type BarFillRule, PaperVenue, type PaperVenueOptions } from './venues/paper-venue.ts'
export { SimulatedExchange, type SimulatedExchangeOptions } from './venues/simulated-exchange.ts'
export { type VenueRoute, VenueRouter, type VenueRouterOptions } from './venues/venue-router.ts'
