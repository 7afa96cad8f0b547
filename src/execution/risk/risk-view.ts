/**
 * What the risk engine needs to know about the account, supplied by the order manager and the
 * portfolio. An interface, so the engine is tested against scripted states and shared by
 * backtests and live trading.
 */
import type { InstrumentId, PriceTicks } from '../../domain/instrument.ts'
import type { Side } from '../types.ts'

export type TradingStatus = 'trading' | 'halted'

export interface RiskView {
  /** Signed position in lots. */
  position(instrument: InstrumentId): number
  /** Remaining lots of working orders on one side. */
  workingQuantity(instrument: InstrumentId, side: Side): number
  /** Working orders, all instruments. */
  openOrders(): number
  /** Last trade or mid price, if one is known. */
  referencePrice(instrument: InstrumentId): PriceTicks | undefined
  /** Value in account minor units of `lots` at `price` (unsigned). */
  notional(instrument: InstrumentId, price: PriceTicks, lots: number): bigint
  /** Σ |position value| at reference prices, minor units. */
  grossExposure(): bigint
  /** Σ signed position value at reference prices, minor units. */
  netExposure(): bigint
  /** Today's realised + unrealised PnL net of fees, minor units. */
  dailyPnl(): bigint
  /** Equity peak minus current equity (≥ 0), minor units. */
  drawdown(): bigint
  tradingStatus(instrument: InstrumentId): TradingStatus
}
