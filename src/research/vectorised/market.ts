/**
 * One instrument's bars and the account's arithmetic, fixed once per sweep and shared by every
 * combination: the tick grid with a per-bar cache of fill prices, the money units of the ledger,
 * the commission and slippage of a fill, and the participation check. Every figure follows the
 * engine's own arithmetic (paper-venue.ts, commission-model.ts, portfolio.ts, run.ts):
 *
 * - a fill price is the bar price on the tick grid against the trader (buys up, sells down),
 *   then moved by `slippage × reference` against the trader and rounded onto the grid;
 * - the commission is exact in minor units of the quote currency, a charge rounded up and a
 *   rebate toward zero (matching/fees.ts), taken as `commissionCentiBasisPoints` of the notional;
 * - cash is exact in the ledger's minor units (the finest of the currency and one tick-lot), kept
 *   here in a double while it is a safe integer (beyond that the sweep stops with DOMAIN_OVERFLOW);
 * - equity is cash plus lots × lot size × multiplier × close in floating point, as the engine
 *   records it and as its strategies size from it.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import { decimalToNumber, pow10 } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import {
  type Instrument,
  type PriceTicks,
  type QuantityLots,
  quantityToLots,
} from '../../domain/instrument.ts'
import { currency, money } from '../../domain/money.ts'
import { gridDecimal } from '../../domain/number-grid.ts'
import { feeFor } from '../../execution/matching/fees.ts'
import { ledgerCurrencies, tickLotConverter } from '../../execution/portfolio/tick-lot-converter.ts'
import { notionalUnitsOf } from '../../execution/venues/fees.ts'
import type { VectorFrictions } from './frictions.ts'
import { TickGrid } from './tick-grid.ts'

const RATE_DENOMINATOR = 1_000_000

export class SweepMarket {
  readonly series: BarSeries
  readonly instrument: Instrument
  readonly frictions: VectorFrictions
  readonly grid: TickGrid
  /** Lot size × multiplier: what one lot at a price of 1 is worth (equity marking). */
  readonly unitValue: number
  readonly lotSize: number
  readonly multiplier: number
  readonly tickSize: number
  /** Ledger minor units per price unit (10^decimals), and per tick-lot. */
  readonly ledgerScale: number
  readonly ledgerPerTickLot: number
  /** Quote-currency minor units per tick-lot when a whole number (else NaN: exact path per fill). */
  readonly quotePerTickLot: number
  /** Quote-currency fee units to ledger units. */
  readonly feeScale: number
  readonly quoteScale: number
  readonly initialCash: number
  /** slippage basis points / 10,000. */
  readonly slippageFraction: number
  readonly rate: number
  readonly #rateBig: bigint
  readonly #notional: (price: PriceTicks, lots: QuantityLots) => bigint
  /** Fill-price ticks of each bar's open, bought (rounded up) and sold (down); NaN until asked. */
  readonly #openUp: Float64Array
  readonly #openDown: Float64Array

  constructor(series: BarSeries, instrument: Instrument, frictions: VectorFrictions) {
    this.series = series
    this.instrument = instrument
    this.frictions = frictions
    checkInstrument(instrument, frictions)
    checkSeries(series)
    this.grid = new TickGrid(instrument)
    this.lotSize = decimalToNumber(instrument.lotSize)
    this.multiplier = decimalToNumber(instrument.multiplier)
    this.tickSize = decimalToNumber(instrument.tickSize)
    this.unitValue = this.lotSize * this.multiplier
    const opening = money(currency(frictions.accountCurrency), frictions.initialCapital, 'half-even')
    const ledger = ledgerCurrencies([instrument], [opening])[0]!
    this.ledgerScale = Number(pow10(ledger.decimals))
    this.ledgerPerTickLot = Number(tickLotConverter(instrument, ledger).unitsPerTickLot)
    this.initialCash = Number(opening.units * pow10(ledger.decimals - opening.currency.decimals))
    const quoteDecimals = instrument.quoteCurrency.decimals
    this.quoteScale = Number(pow10(quoteDecimals))
    this.feeScale = Number(pow10(ledger.decimals - quoteDecimals))
    const { tickSize, lotSize, multiplier } = instrument
    const scale = tickSize.scale + lotSize.scale + multiplier.scale
    this.quotePerTickLot =
      scale > quoteDecimals
        ? Number.NaN
        : Number(tickSize.units * lotSize.units * multiplier.units * pow10(quoteDecimals - scale))
    this.#notional = notionalUnitsOf(instrument)
    this.slippageFraction = frictions.slippageBasisPoints / 10_000
    this.rate = frictions.commissionCentiBasisPoints
    this.#rateBig = BigInt(frictions.commissionCentiBasisPoints)
    if (!Number.isSafeInteger(this.initialCash * 4))
      throw new TradePulseError('DOMAIN_OVERFLOW', 'initialCapital is too large for exact cash in a double', {
        field: 'initialCapital',
      })
    this.#openUp = new Float64Array(series.length).fill(Number.NaN)
    this.#openDown = new Float64Array(series.length).fill(Number.NaN)
  }

  /** Ticks at which a market order filling on bar `i`'s open is priced, before slippage. */
  openTicks(i: number, buy: boolean): number {
    const cache = buy ? this.#openUp : this.#openDown
    let ticks = cache[i]!
    if (ticks !== ticks) {
      ticks = this.grid.barTicks(this.series.open[i]!, buy)
      cache[i] = ticks
    }
    return ticks
  }

  /** The venue's fill price for a slipped (market or stop) fill referenced at `reference` ticks. */
  slipped(reference: number, buy: boolean): number {
    const ref = Math.max(1, reference)
    const tick = this.tickSize
    // The venue asks the model for a price distance at the reference and converts it back to ticks.
    const move = (ref * tick * this.slippageFraction) / tick
    let ticks = ref
    if (move > 0) ticks = buy ? Math.ceil(ticks + move - 1e-9) : Math.floor(ticks - move + 1e-9)
    return Math.max(1, ticks)
  }

  /** Commission of a fill, minor units of the quote currency. */
  feeUnits(ticks: number, lots: number): number {
    if (this.rate === 0) return 0
    const perTickLot = this.quotePerTickLot
    if (perTickLot === perTickLot) {
      const notional = ticks * lots * perTickLot
      const exact = notional * this.rate
      if (Number.isSafeInteger(notional) && Number.isSafeInteger(exact)) {
        const remainder = exact % RATE_DENOMINATOR
        const truncated = (exact - remainder) / RATE_DENOMINATOR
        return remainder > 0 ? truncated + 1 : truncated
      }
    }
    return Number(feeFor(this.#notional(ticks as PriceTicks, lots as QuantityLots), this.#rateBig))
  }

  /** Whether `lots` fit in participation × bar `i`'s volume, as the venue caps a bar's fills. */
  fitsVolume(i: number, lots: number): boolean {
    const allowed = (this.series.volume[i]! * this.frictions.participation) / this.lotSize
    if (lots < allowed - 1e-6) return true
    if (lots > allowed + 1e-6) return false
    const exact = quantityToLots(
      this.instrument,
      gridDecimal(this.series.volume[i]! * this.frictions.participation),
      'floor',
    )
    return lots <= exact
  }

  /** Largest position in lots that `risk.maxPositionFraction` allows at `close` (run.ts `refreshPositionLimit`). */
  positionLimit(close: number): number {
    const value = close * this.lotSize * this.multiplier
    return Math.floor((this.frictions.maxPositionFraction * this.frictions.initialCapital) / value)
  }

  /** `lotsForFraction` of src/strategy/sizing.ts, operation for operation. */
  lotsFor(fraction: number, equity: number, price: number): number {
    const lotValue = price * this.multiplier * this.lotSize
    if (
      !(fraction > 0) ||
      !(equity > 0) ||
      !(lotValue > 0) ||
      !Number.isFinite((fraction * equity) / lotValue)
    )
      return 0
    return Math.floor((fraction * equity) / lotValue)
  }
}

function refuse(field: string, message: string): never {
  throw new TradePulseError('RESEARCH_FAST_PATH_UNSUPPORTED', message, { field })
}

function checkInstrument(instrument: Instrument, frictions: VectorFrictions): void {
  if (instrument.quoteCurrency.code !== frictions.accountCurrency)
    refuse(
      'instrument.quoteCurrency',
      `${instrument.id} is quoted in ${instrument.quoteCurrency.code}, the account in ${frictions.accountCurrency}`,
    )
  if (instrument.minLots !== 1)
    refuse(
      'instrument.minQuantity',
      `${instrument.id} has a minimum order of ${instrument.minLots} lots; the fast path assumes one`,
    )
}

/** Finite prices and volumes, and every bar known before the next one opens (orders fill on the next bar). */
function checkSeries(series: BarSeries): void {
  const { open, high, low, close, volume, knownAt, openTime } = series
  for (let i = 0; i < series.length; i++) {
    if (
      !Number.isFinite(open[i]!) ||
      !Number.isFinite(high[i]!) ||
      !Number.isFinite(low[i]!) ||
      !Number.isFinite(close[i]!) ||
      !Number.isFinite(volume[i]!)
    )
      refuse('series', `bar ${i} has a non-finite price or volume`)
    if (i + 1 < series.length && knownAt[i]! > openTime[i + 1]!)
      refuse('series', `bar ${i} is known after bar ${i + 1} opens, so an order would skip a bar`)
  }
}
