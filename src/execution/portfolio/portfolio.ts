/**
 * The portfolio: positions per instrument and a ledger per currency, built from fills and marked
 * to market by last prices. It is what the risk engine reads for exposure, daily PnL and
 * drawdown, and what a journal replay rebuilds.
 *
 * Money is exact throughout. A position keeps its basis and PnL in tick-lots (position.ts); each
 * fill and mark converts the change once, by an integer multiplier, into minor units of the
 * ledger currency (tick-lot-converter.ts). Because every conversion is a multiplication, the
 * per-currency books balance to the last unit — `reconcile()` proves it:
 *
 *     cash + Σ market value = initial cash + realised PnL + unrealised PnL − fees
 *
 * Per instrument, in tick-lots, cash moved by −Σ signed price × lots, which the position keeps
 * equal to `realised − costBasis`; market value is `quantity × last`, unrealised is
 * `quantity × last − costBasis`; add the fees, which go to cash and to the fee total alike, and
 * the two sides are the same integer.
 *
 * Venues resend fills after a reconnect, so a fill is applied once per venue and `tradeId` (the
 * key the order manager uses, fill-identity.ts); a repeat is ignored and reported as data, and a
 * repeat whose content differs from the first is reported as a conflict — a venue bug worth
 * seeing — and ignored too.
 *
 * Iteration is deterministic: instruments in code-unit order of their ids, currencies by code,
 * trade ids in the order the fills were applied; a snapshot is plain JSON (bigints as strings)
 * from which `Portfolio.restore` rebuilds the same state.
 *
 * Cost: a fill or a mark is O(1) — a handful of bigint operations and one map lookup; only
 * `reconcile`, `positions` and `snapshot` walk every instrument.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { Instrument, InstrumentId, PriceTicks } from '../../domain/instrument.ts'
import type { Currency, Money } from '../../domain/money.ts'
import { moneyOfUnits } from '../../domain/money.ts'
import { pow10 } from '../../domain/decimal.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { AppliedFills, fillFingerprint } from '../fill-identity.ts'
import type { Fill } from '../types.ts'
import { sideSign } from '../types.ts'
import { CurrencyLedger, type LedgerSnapshot, type LedgerView } from './ledger.ts'
import { Position, type PositionSide, type PositionSnapshot } from './position.ts'
import type { Rational } from './rational.ts'
import {
  type TickLotConverter,
  compareCodeUnits,
  ledgerCurrencies,
  tickLotConverter,
} from './tick-lot-converter.ts'
import { type TradingDay, utcTradingDay } from './trading-day.ts'

export interface PortfolioOptions {
  /** Every instrument the portfolio may hold; fixed for its life (it fixes each ledger's precision). */
  readonly instruments: readonly Instrument[]
  /** Opening cash, at most one amount per currency. */
  readonly initialCash?: readonly Money[]
  /** Where trading days start, for the daily figures; 00:00 UTC by default. */
  readonly tradingDay?: TradingDay
}

/** Why a fill was not applied. Both leave the portfolio unchanged. */
export type DuplicateFillCode = 'duplicate-fill' | 'conflicting-duplicate-fill'

export type FillOutcome =
  | { readonly applied: true; readonly realisedPnl: Money; readonly position: PositionView }
  | { readonly applied: false; readonly code: DuplicateFillCode; readonly message: string }

/** A position as it stands, with its figures in tick-lots and in the ledger currency. */
export interface PositionView {
  readonly instrumentId: InstrumentId
  readonly quantity: number
  readonly side: PositionSide
  /** Exact average entry price in ticks; `undefined` when flat. */
  readonly averagePrice: Rational | undefined
  readonly costBasisTickLots: bigint
  readonly realisedTickLots: bigint
  readonly unrealisedTickLots: bigint
  /** The last fill or mark; `undefined` before either. */
  readonly lastPrice: PriceTicks | undefined
  readonly marketValue: Money
  readonly realisedPnl: Money
  readonly unrealisedPnl: Money
}

/** Both sides of the books in one currency, minor units of `currency`. */
export interface Reconciliation {
  readonly currency: Currency
  /** Cash plus the market value the ledger reports (its equity). */
  readonly assets: bigint
  /** Initial cash + realised PnL + unrealised PnL − fees, recomputed from the positions. */
  readonly sources: bigint
  /** `assets − sources`: 0n, or the books are wrong. */
  readonly difference: bigint
}

export interface PortfolioPositionSnapshot extends PositionSnapshot {
  readonly lastPrice: number | null
}

/** Plain JSON data; bigints are decimal strings. */
export interface PortfolioSnapshot {
  readonly version: 2
  /** Start of the current trading day, `null` before the first fill or mark. */
  readonly tradingDayStart: number | null
  readonly duplicateFills: number
  readonly ledgers: readonly LedgerSnapshot[]
  readonly positions: readonly PortfolioPositionSnapshot[]
  /** `[venue, tradeId, fingerprint]` of every fill applied, venue by venue, in order within each. */
  readonly trades: readonly (readonly [string, string, string])[]
}

interface Holding {
  position: Position
  readonly converter: TickLotConverter
  readonly ledger: CurrencyLedger
  /** Converts a fee in the instrument's quote-currency minor units to ledger units. */
  readonly feeScale: bigint
  lastPrice: PriceTicks | undefined
  /** This position's current contribution to the ledger totals, ledger units. */
  marketValue: bigint
  costBasis: bigint
}

function invalid(message: string): TradePulseError {
  return new TradePulseError('EXECUTION_INVALID_ORDER', message)
}

function corrupt(message: string): TradePulseError {
  return new TradePulseError('EXECUTION_JOURNAL', message)
}

export class Portfolio {
  readonly #holdings = new Map<string, Holding>()
  readonly #ledgers = new Map<string, CurrencyLedger>()
  /** Every fill applied, by venue and trade id. */
  readonly #trades = new AppliedFills()
  readonly #tradingDay: TradingDay
  #dayStart: number | undefined
  #duplicateFills = 0

  constructor(options: PortfolioOptions) {
    this.#tradingDay = options.tradingDay ?? utcTradingDay()
    const cash = options.initialCash ?? []
    const opening = new Map<string, Money>()
    for (const amount of cash) {
      if (opening.has(amount.currency.code)) {
        throw invalid(`initial cash lists ${amount.currency.code} twice`)
      }
      opening.set(amount.currency.code, amount)
    }
    for (const ledgerCurrency of ledgerCurrencies(options.instruments, cash)) {
      const amount = opening.get(ledgerCurrency.code)
      // Exact: a ledger is at least as fine as every opening balance in its currency.
      const units =
        amount === undefined ? 0n : amount.units * pow10(ledgerCurrency.decimals - amount.currency.decimals)
      this.#ledgers.set(ledgerCurrency.code, new CurrencyLedger(ledgerCurrency, units))
    }
    const instruments = [...options.instruments].sort((a, b) => compareCodeUnits(a.id, b.id))
    for (const instrument of instruments) {
      if (this.#holdings.has(instrument.id)) throw invalid(`instrument ${instrument.id} is listed twice`)
      const ledger = this.#ledgers.get(instrument.quoteCurrency.code)!
      this.#holdings.set(instrument.id, {
        position: new Position(instrument.id),
        converter: tickLotConverter(instrument, ledger.currency),
        ledger,
        feeScale: pow10(ledger.currency.decimals - instrument.quoteCurrency.decimals),
        lastPrice: undefined,
        marketValue: 0n,
        costBasis: 0n,
      })
    }
  }

  /**
   * Applies one fill: position, cash, fees, realised PnL, and the fill price as the last price.
   * A venue and `tradeId` seen before change nothing and are reported. Throws on a fill for an instrument
   * the portfolio does not hold, or with a malformed price, quantity, fee or time.
   */
  applyFill(fill: Fill): FillOutcome {
    const booked = this.#book(fill)
    if (booked === undefined) {
      const seen = this.#trades.get(fill.venue, fill.tradeId)!
      const applied = typeof seen === 'string' ? seen : fillFingerprint(seen)
      const content = fillFingerprint(fill)
      const name = `fill ${fill.tradeId} from ${fill.venue}`
      return applied === content
        ? { applied: false, code: 'duplicate-fill', message: `${name} was already applied` }
        : {
            applied: false,
            code: 'conflicting-duplicate-fill',
            message: `${name} was already applied as ${applied}; the repeat says ${content}`,
          }
    }
    const { holding, realised } = booked
    return {
      applied: true,
      realisedPnl: moneyOfUnits(holding.ledger.currency, realised),
      position: view(holding),
    }
  }

  /**
   * Books one fill exactly as `applyFill` does, without building its outcome (the money values
   * and the position view, whose exact average price costs a bigint gcd): what the execution core
   * calls for every fill on the bus, where nobody reads the outcome. Returns false, changing
   * nothing but the count of repeats, for a venue and `tradeId` seen before; throws as `applyFill` does.
   */
  book(fill: Fill): boolean {
    return this.#book(fill) !== undefined
  }

  /** Books a fill; undefined (and only the repeat counted) for a venue and trade id seen before. */
  #book(fill: Fill): { readonly holding: Holding; readonly realised: bigint } | undefined {
    const holding = this.#holding(fill.instrumentId)
    checkPrice(fill.price, `fill ${fill.tradeId}`)
    if (!Number.isSafeInteger(fill.quantity) || fill.quantity <= 0) {
      throw invalid(
        `fill ${fill.tradeId}: quantity must be a positive whole number of lots, was ${fill.quantity}`,
      )
    }
    if (typeof fill.fee !== 'bigint') throw invalid(`fill ${fill.tradeId}: fee must be a bigint`)
    checkTime(fill.time, `fill ${fill.tradeId}`)
    if (this.#trades.has(fill.venue, fill.tradeId)) {
      this.#duplicateFills++
      return undefined
    }
    this.advanceTo(fill.time)
    const { position, converter, ledger } = holding
    const realised = position.apply(fill.side, fill.price, fill.quantity) * converter.unitsPerTickLot
    const cashFlow =
      -BigInt(sideSign(fill.side) * fill.quantity) * BigInt(fill.price) * converter.unitsPerTickLot
    ledger.settle(cashFlow, fill.fee * holding.feeScale, realised)
    holding.lastPrice = fill.price
    this.#revalue(holding)
    ledger.notePeak()
    this.#trades.add(fill.venue, fill.tradeId, fill)
    return { holding, realised }
  }

  /** Marks an instrument at a new last price (a trade or a mid), revaluing its position. */
  mark(instrumentId: InstrumentId, price: PriceTicks, time: UnixMillis): void {
    const holding = this.#holding(instrumentId)
    checkPrice(price, `mark of ${instrumentId}`)
    checkTime(time, `mark of ${instrumentId}`)
    this.advanceTo(time)
    holding.lastPrice = price
    this.#revalue(holding)
    holding.ledger.notePeak()
  }

  /**
   * Moves the portfolio's notion of now; entering a new trading day takes the daily baselines.
   * Fills and marks call it; a clock can too, so a quiet account's daily PnL resets at the
   * boundary. Time going back stays in the current day.
   */
  advanceTo(time: UnixMillis): void {
    checkTime(time, 'time')
    const dayStart = this.#tradingDay(time)
    if (this.#dayStart !== undefined && dayStart <= this.#dayStart) return
    this.#dayStart = dayStart
    for (const ledger of this.#ledgers.values()) ledger.startDay()
  }

  /** Signed lots held; 0 for an instrument never traded. */
  quantity(instrumentId: InstrumentId): number {
    return this.#holding(instrumentId).position.quantity
  }

  lastPrice(instrumentId: InstrumentId): PriceTicks | undefined {
    return this.#holding(instrumentId).lastPrice
  }

  converter(instrumentId: InstrumentId): TickLotConverter {
    return this.#holding(instrumentId).converter
  }

  position(instrumentId: InstrumentId): PositionView {
    return view(this.#holding(instrumentId))
  }

  /** Every instrument's position, flat ones included, by instrument id. */
  positions(): readonly PositionView[] {
    return [...this.#holdings.values()].map(view)
  }

  /** The ledger of one currency; throws for a currency the portfolio does not keep. */
  ledger(code: string): LedgerView {
    const ledger = this.#ledgers.get(code)
    if (ledger === undefined) throw invalid(`the portfolio keeps no ${code} ledger`)
    return ledger
  }

  /** Every ledger, by currency code. */
  ledgers(): readonly LedgerView[] {
    return [...this.#ledgers.values()]
  }

  /** Whether a fill of `venue` with `tradeId` was applied. */
  hasTrade(venue: string, tradeId: string): boolean {
    return this.#trades.has(venue, tradeId)
  }

  /** How many fills were ignored as repeats of a venue and `tradeId`. */
  get duplicateFills(): number {
    return this.#duplicateFills
  }

  /** Start of the current trading day; `undefined` before the first fill, mark or `advanceTo`. */
  get tradingDayStart(): number | undefined {
    return this.#dayStart
  }

  /** Both sides of the books per currency, the right-hand side rebuilt from the positions. */
  reconcile(): readonly Reconciliation[] {
    const sums = new Map<string, bigint>()
    for (const holding of this.#holdings.values()) {
      const { position, converter, ledger } = holding
      const price = holding.lastPrice ?? (0 as PriceTicks)
      const pnl = (position.realisedTickLots + position.unrealisedTickLots(price)) * converter.unitsPerTickLot
      sums.set(ledger.currency.code, (sums.get(ledger.currency.code) ?? 0n) + pnl)
    }
    return [...this.#ledgers.values()].map((ledger) => {
      const sources = ledger.initialCash + (sums.get(ledger.currency.code) ?? 0n) - ledger.fees
      const assets = ledger.equity
      return { currency: ledger.currency, assets, sources, difference: assets - sources }
    })
  }

  snapshot(): PortfolioSnapshot {
    return {
      version: 2,
      tradingDayStart: this.#dayStart ?? null,
      duplicateFills: this.#duplicateFills,
      ledgers: [...this.#ledgers.values()].map((ledger) => ledger.snapshot()),
      positions: [...this.#holdings.values()].map((holding) => ({
        ...holding.position.snapshot(),
        lastPrice: holding.lastPrice ?? null,
      })),
      trades: this.#trades.entries(),
    }
  }

  /**
   * Rebuilds a portfolio from `snapshot`, given the options it was created with. Throws
   * `EXECUTION_JOURNAL` if the snapshot is malformed or belongs to other instruments or ledgers.
   */
  static restore(options: PortfolioOptions, snapshot: PortfolioSnapshot): Portfolio {
    // A snapshot comes back through JSON.parse, so its version is only a claim until checked.
    const version: unknown = snapshot.version
    // Version 1 keyed trades by trade id alone, which cannot tell two venues apart.
    if (version !== 2) throw corrupt(`portfolio snapshot version ${String(version)} is unknown`)
    const portfolio = new Portfolio(options)
    const ledgers = portfolio.#ledgers
    if (snapshot.ledgers.length !== ledgers.size) {
      throw corrupt(`the snapshot has ${snapshot.ledgers.length} ledgers, the portfolio ${ledgers.size}`)
    }
    for (const entry of snapshot.ledgers) {
      const ledger = ledgers.get(entry.currency)
      if (
        ledger?.currency.decimals !== entry.decimals ||
        ledger.initialCash.toString() !== entry.initialCash
      ) {
        throw corrupt(
          `the snapshot's ${entry.currency} ledger (${entry.decimals} decimals, initial ${entry.initialCash}) ` +
            `does not match this portfolio's`,
        )
      }
      ledger.restore(entry)
    }
    for (const entry of snapshot.positions) {
      const holding = portfolio.#holdings.get(entry.instrumentId)
      if (holding === undefined)
        throw corrupt(`the snapshot holds ${entry.instrumentId}, which this portfolio does not`)
      const lastPrice = entry.lastPrice
      if (lastPrice !== null && !Number.isSafeInteger(lastPrice)) {
        throw corrupt(`${entry.instrumentId}: last price ${lastPrice} is not a whole number of ticks`)
      }
      if (lastPrice === null && entry.quantity !== 0) {
        throw corrupt(`${entry.instrumentId}: a position of ${entry.quantity} lots without a last price`)
      }
      holding.position = Position.restore(entry)
      holding.lastPrice = lastPrice === null ? undefined : (lastPrice as PriceTicks)
    }
    // The ledger's position totals are sums over the positions; rebuild them rather than trust a copy.
    for (const holding of portfolio.#holdings.values()) {
      holding.ledger.settle(0n, 0n, holding.position.realisedTickLots * holding.converter.unitsPerTickLot)
      portfolio.#revalue(holding)
    }
    const dayStart = snapshot.tradingDayStart
    if (dayStart !== null && !Number.isSafeInteger(dayStart))
      throw corrupt(`trading day start ${dayStart} is not a time`)
    portfolio.#dayStart = dayStart ?? undefined
    if (!Number.isSafeInteger(snapshot.duplicateFills) || snapshot.duplicateFills < 0) {
      throw corrupt(`duplicate fill count ${snapshot.duplicateFills} is not a count`)
    }
    portfolio.#duplicateFills = snapshot.duplicateFills
    for (const [venue, tradeId, content] of snapshot.trades) portfolio.#trades.add(venue, tradeId, content)
    return portfolio
  }

  #holding(instrumentId: InstrumentId): Holding {
    const holding = this.#holdings.get(instrumentId)
    if (holding === undefined) throw invalid(`the portfolio does not hold instrument ${instrumentId}`)
    return holding
  }

  /** Brings the ledger totals in line with the holding's position and last price. */
  #revalue(holding: Holding): void {
    const { position, converter } = holding
    const price = holding.lastPrice ?? (0 as PriceTicks)
    const marketValue = position.marketValueTickLots(price) * converter.unitsPerTickLot
    const costBasis = position.costBasisTickLots * converter.unitsPerTickLot
    holding.ledger.revalue(holding.marketValue, marketValue, holding.costBasis, costBasis)
    holding.marketValue = marketValue
    holding.costBasis = costBasis
  }
}

function checkPrice(price: number, what: string): void {
  if (!Number.isSafeInteger(price))
    throw invalid(`${what}: price must be a whole number of ticks, was ${price}`)
}

function checkTime(time: number, what: string): void {
  if (!Number.isSafeInteger(time)) throw invalid(`${what}: time must be whole milliseconds, was ${time}`)
}

function view(holding: Holding): PositionView {
  const { position, converter, lastPrice } = holding
  const unrealised = lastPrice === undefined ? 0n : position.unrealisedTickLots(lastPrice)
  const units = converter.unitsPerTickLot
  const ccy = converter.currency
  return {
    instrumentId: position.instrumentId,
    quantity: position.quantity,
    side: position.side,
    averagePrice: position.averagePrice(),
    costBasisTickLots: position.costBasisTickLots,
    realisedTickLots: position.realisedTickLots,
    unrealisedTickLots: unrealised,
    lastPrice,
    marketValue: moneyOfUnits(ccy, holding.marketValue),
    realisedPnl: moneyOfUnits(ccy, position.realisedTickLots * units),
    unrealisedPnl: moneyOfUnits(ccy, unrealised * units),
  }
}
