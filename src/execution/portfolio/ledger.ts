/**
 * The account in one currency: cash, fees, and running totals of what the positions quoted in
 * that currency are worth, all `bigint` minor units at the ledger's precision (see
 * tick-lot-converter.ts). The portfolio books every fill and every mark here; the risk engine
 * reads equity, exposure, daily PnL and drawdown from here without walking the positions.
 *
 * Cash and fees are primary: they change only by what a fill says. Realised PnL, market value,
 * cost basis and gross exposure are caches of sums over the positions, kept up to date by
 * deltas so that every read is O(1); `Portfolio.reconcile` recomputes them from the positions
 * and proves the books balance.
 *
 * The daily figures compare against a baseline taken when a new trading day starts (the first
 * fill or mark of that day, or an explicit `advanceTo`); the drawdown compares against the
 * highest equity seen after any fill or mark since the account opened.
 */
import type { Currency } from '../../domain/money.ts'
import { parseBigInt } from './snapshot-text.ts'

/** What readers may see: every figure in minor units of `currency`. */
export interface LedgerView {
  readonly currency: Currency
  readonly initialCash: bigint
  readonly cash: bigint
  /** Σ fees charged, net of rebates. */
  readonly fees: bigint
  /** Realised PnL before fees. */
  readonly realisedPnl: bigint
  /** Market value minus cost basis of the open positions. */
  readonly unrealisedPnl: bigint
  /** Σ signed position value at the last prices. */
  readonly marketValue: bigint
  /** Σ |position value| at the last prices. */
  readonly grossExposure: bigint
  /** Σ signed position value, as the risk engine's `netExposure` wants it (the same as `marketValue`). */
  readonly netExposure: bigint
  /** Cash plus market value. */
  readonly equity: bigint
  readonly peakEquity: bigint
  /** Peak equity minus equity; ≥ 0. */
  readonly drawdown: bigint
  /** Equity change since the trading day started: realised + unrealised − fees, today. */
  readonly dailyPnl: bigint
  /** Realised PnL today, before fees. */
  readonly dailyRealisedPnl: bigint
  readonly dailyFees: bigint
}

export interface LedgerSnapshot {
  readonly currency: string
  readonly decimals: number
  readonly initialCash: string
  readonly cash: string
  readonly fees: string
  readonly peakEquity: string
  readonly dayStartEquity: string
  readonly dayStartRealisedPnl: string
  readonly dayStartFees: string
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x
}

export class CurrencyLedger implements LedgerView {
  readonly currency: Currency
  readonly initialCash: bigint
  #cash: bigint
  #fees = 0n
  #realised = 0n
  #marketValue = 0n
  #costBasis = 0n
  #gross = 0n
  #peak: bigint
  #dayStartEquity: bigint
  #dayStartRealised = 0n
  #dayStartFees = 0n

  constructor(currency: Currency, initialCash: bigint) {
    this.currency = currency
    this.initialCash = initialCash
    this.#cash = initialCash
    this.#peak = initialCash
    this.#dayStartEquity = initialCash
  }

  get cash(): bigint {
    return this.#cash
  }
  get fees(): bigint {
    return this.#fees
  }
  get realisedPnl(): bigint {
    return this.#realised
  }
  get unrealisedPnl(): bigint {
    return this.#marketValue - this.#costBasis
  }
  get marketValue(): bigint {
    return this.#marketValue
  }
  get grossExposure(): bigint {
    return this.#gross
  }
  get netExposure(): bigint {
    return this.#marketValue
  }
  get equity(): bigint {
    return this.#cash + this.#marketValue
  }
  get peakEquity(): bigint {
    return this.#peak
  }
  get drawdown(): bigint {
    return this.#peak - this.equity
  }
  get dailyPnl(): bigint {
    return this.equity - this.#dayStartEquity
  }
  get dailyRealisedPnl(): bigint {
    return this.#realised - this.#dayStartRealised
  }
  get dailyFees(): bigint {
    return this.#fees - this.#dayStartFees
  }

  /** Books a trade: `cashFlow` is what changed hands (−notional for a buy), `fee` is charged on top. */
  settle(cashFlow: bigint, fee: bigint, realised: bigint): void {
    this.#cash += cashFlow - fee
    this.#fees += fee
    this.#realised += realised
  }

  /** Replaces one position's contribution to the market value and cost basis totals. */
  revalue(oldValue: bigint, newValue: bigint, oldBasis: bigint, newBasis: bigint): void {
    this.#marketValue += newValue - oldValue
    this.#gross += abs(newValue) - abs(oldValue)
    this.#costBasis += newBasis - oldBasis
  }

  /** Raises the peak to the current equity; called after every fill and mark. */
  notePeak(): void {
    const equity = this.equity
    if (equity > this.#peak) this.#peak = equity
  }

  /** The current figures become the baseline of a new trading day. */
  startDay(): void {
    this.#dayStartEquity = this.equity
    this.#dayStartRealised = this.#realised
    this.#dayStartFees = this.#fees
  }

  snapshot(): LedgerSnapshot {
    return {
      currency: this.currency.code,
      decimals: this.currency.decimals,
      initialCash: this.initialCash.toString(),
      cash: this.#cash.toString(),
      fees: this.#fees.toString(),
      peakEquity: this.#peak.toString(),
      dayStartEquity: this.#dayStartEquity.toString(),
      dayStartRealisedPnl: this.#dayStartRealised.toString(),
      dayStartFees: this.#dayStartFees.toString(),
    }
  }

  /**
   * Restores the primary figures and the baselines. The position totals are not in a snapshot —
   * they are sums over the positions — so the caller replays them through `revalue` and
   * `settle(0n, 0n, realised)`.
   */
  restore(snapshot: LedgerSnapshot): void {
    const what = `ledger ${snapshot.currency}`
    this.#cash = parseBigInt(snapshot.cash, `${what} cash`)
    this.#fees = parseBigInt(snapshot.fees, `${what} fees`)
    this.#peak = parseBigInt(snapshot.peakEquity, `${what} peak equity`)
    this.#dayStartEquity = parseBigInt(snapshot.dayStartEquity, `${what} day-start equity`)
    this.#dayStartRealised = parseBigInt(snapshot.dayStartRealisedPnl, `${what} day-start realised PnL`)
    this.#dayStartFees = parseBigInt(snapshot.dayStartFees, `${what} day-start fees`)
  }
}
