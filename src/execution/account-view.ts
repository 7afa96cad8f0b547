/**
 * The account as the risk engine sees it (`RiskView`), read from the order manager (working
 * orders), the portfolio (positions, exposure, PnL, drawdown) in one account currency, and the
 * trading halts (risk/trading-halts.ts).
 *
 * Money limits are in the units of that currency's ledger — minor units (cents) for the usual
 * instruments; finer when an instrument's tick × lot is not a whole minor unit (see
 * portfolio/tick-lot-converter.ts). Reference prices come from the venue (the last trade) and
 * fall back to the portfolio's last mark.
 */
import type { InstrumentId, PriceTicks } from '../domain/instrument.ts'
import type { OrderManager } from './order-manager.ts'
import type { Portfolio } from './portfolio/portfolio.ts'
import type { RiskView, TradingStatus } from './risk/risk-view.ts'
import type { TradingHalts } from './risk/trading-halts.ts'
import type { Side } from './types.ts'

export class AccountView implements RiskView {
  readonly #manager: OrderManager
  readonly #portfolio: Portfolio
  readonly #currency: string
  readonly #reference: (instrument: InstrumentId) => PriceTicks | undefined
  readonly #halts: TradingHalts

  constructor(
    manager: OrderManager,
    portfolio: Portfolio,
    currency: string,
    halts: TradingHalts,
    reference: (instrument: InstrumentId) => PriceTicks | undefined = () => undefined,
  ) {
    this.#manager = manager
    this.#portfolio = portfolio
    this.#currency = currency
    this.#halts = halts
    this.#reference = reference
  }

  position(instrument: InstrumentId): number {
    return this.#portfolio.quantity(instrument)
  }

  workingQuantity(instrument: InstrumentId, side: Side): number {
    return this.#manager.workingQuantity(instrument, side)
  }

  openOrders(): number {
    return this.#manager.openOrderCount()
  }

  referencePrice(instrument: InstrumentId): PriceTicks | undefined {
    return this.#reference(instrument) ?? this.#portfolio.lastPrice(instrument)
  }

  notional(instrument: InstrumentId, price: PriceTicks, lots: number): bigint {
    return BigInt(price) * BigInt(lots) * this.#portfolio.converter(instrument).unitsPerTickLot
  }

  grossExposure(): bigint {
    return this.#portfolio.ledger(this.#currency).grossExposure
  }

  netExposure(): bigint {
    return this.#portfolio.ledger(this.#currency).netExposure
  }

  dailyPnl(): bigint {
    return this.#portfolio.ledger(this.#currency).dailyPnl
  }

  drawdown(): bigint {
    return this.#portfolio.ledger(this.#currency).drawdown
  }

  tradingStatus(instrument: InstrumentId): TradingStatus {
    return this.#halts.status(instrument)
  }
}
