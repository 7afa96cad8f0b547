/**
 * Commission schedules for the paper venue, exact in minor units of the instrument's quote
 * currency. One fill pays:
 *
 *     perOrder (on the order's first fill only)
 *   + perUnit × quantity in instrument units
 *   + (basisPoints + maker or taker basis points) of the notional
 *
 * floored at `minimum` when that is above 0 (a rebate is then floored too). Tiers replace the
 * maker and taker basis points once the notional traded before the fill (all instruments, all
 * sides) reaches a tier's `fromNotional`; `basisPoints` applies in every tier. Amounts are in units of the quote currency, which must be the account
 * currency the schedule was written in.
 *
 * Rounding favours the venue, as the matching engine's fees do (matching/fees.ts): each fixed
 * part is rounded up to the minor unit, the basis-point part is one charge (up) or rebate (toward
 * zero) on the combined rate. Basis points take at most two decimals.
 */
import { type Decimal, decimalFromNumber, pow10 } from '../../domain/decimal.ts'
import type { Instrument, PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import { centiBasisPoints, feeFor } from '../matching/fees.ts'
import type { LiquiditySide } from '../types.ts'
import { notionalUnitsOf } from './fees.ts'

export interface CommissionTier {
  readonly fromNotional: number
  readonly makerBasisPoints: number
  readonly takerBasisPoints: number
}

export interface CommissionSettings {
  readonly perOrder: number
  readonly perUnit: number
  readonly basisPoints: number
  readonly makerBasisPoints: number
  readonly takerBasisPoints: number
  readonly tiers: readonly CommissionTier[]
  readonly minimum: number
}

export interface CommissionModel {
  /** The commission of one fill, minor units of the quote currency; negative for a rebate. */
  fee(
    instrument: Instrument,
    price: PriceTicks,
    lots: QuantityLots,
    liquidity: LiquiditySide,
    firstFillOfOrder: boolean,
  ): bigint
}

interface Rates {
  /** Notional traded before the fill from which these rates apply, in quote-currency units. */
  readonly from: Decimal
  readonly maker: bigint
  readonly taker: bigint
}

interface FixedUnits {
  /** Each tier's threshold, in the order of `#tiers`. */
  readonly from: readonly bigint[]
  readonly perOrder: bigint
  readonly minimum: bigint
}

/** ⌈amount × 10^decimals⌉ for a non-negative decimal amount. */
function ceilToUnits(amount: Decimal, decimals: number): bigint {
  if (amount.scale <= decimals) return amount.units * pow10(decimals - amount.scale)
  const divisor = pow10(amount.scale - decimals)
  const q = amount.units / divisor
  return amount.units % divisor === 0n ? q : q + 1n
}

export class ScheduleCommission implements CommissionModel {
  readonly #perOrder: Decimal
  readonly #perUnit: Decimal
  readonly #minimum: Decimal
  /** The base rate, in every tier; hundredths of a basis point. */
  readonly #base: bigint
  /** The tiers, highest threshold first, then the flat maker/taker rates. */
  readonly #tiers: readonly Rates[]
  readonly #notional = new Map<Instrument, (price: PriceTicks, lots: QuantityLots) => bigint>()
  /** Notional traded so far, in minor units (one account currency). */
  #traded = 0n
  #decimals: number | undefined
  /** The fixed amounts in minor units of the one currency, rounded once rather than per fill. */
  #units: FixedUnits | undefined

  constructor(settings: CommissionSettings) {
    this.#perOrder = decimalFromNumber(settings.perOrder)
    this.#perUnit = decimalFromNumber(settings.perUnit)
    this.#minimum = decimalFromNumber(settings.minimum)
    this.#base = centiBasisPoints(settings.basisPoints, 'commission.basisPoints')
    const flat: Rates = {
      from: { units: 0n, scale: 0 },
      maker: centiBasisPoints(settings.makerBasisPoints, 'commission.makerBasisPoints'),
      taker: centiBasisPoints(settings.takerBasisPoints, 'commission.takerBasisPoints'),
    }
    const tiers: Rates[] = settings.tiers.map((t, i) => ({
      from: decimalFromNumber(t.fromNotional),
      maker: centiBasisPoints(t.makerBasisPoints, `commission.tiers[${i}].makerBasisPoints`),
      taker: centiBasisPoints(t.takerBasisPoints, `commission.tiers[${i}].takerBasisPoints`),
    }))
    // Highest threshold first, so the first one reached is the tier; a tier from 0 comes before
    // the flat rates and so replaces them from the first fill.
    this.#tiers = [...tiers.sort((a, b) => compareDecimals(b.from, a.from)), flat]
  }

  fee(
    instrument: Instrument,
    price: PriceTicks,
    lots: QuantityLots,
    liquidity: LiquiditySide,
    firstFillOfOrder: boolean,
  ): bigint {
    const decimals = instrument.quoteCurrency.decimals
    if (this.#decimals !== undefined && this.#decimals !== decimals) {
      throw new RangeError(
        `commission: ${instrument.id} is quoted with ${decimals} decimals, other instruments with ${this.#decimals}; one schedule needs one currency`,
      )
    }
    if (this.#decimals === undefined) this.#units = this.#inUnits(decimals)
    this.#decimals = decimals
    const units = this.#units!
    let notionalOf = this.#notional.get(instrument)
    if (notionalOf === undefined) {
      notionalOf = notionalUnitsOf(instrument)
      this.#notional.set(instrument, notionalOf)
    }
    const notional = notionalOf(price, lots)
    let tier = this.#tiers[this.#tiers.length - 1]!
    for (let i = 0; i < this.#tiers.length; i++) {
      if (this.#traded >= units.from[i]!) {
        tier = this.#tiers[i]!
        break
      }
    }
    this.#traded += notional
    let fee = feeFor(notional, this.#base + (liquidity === 'maker' ? tier.maker : tier.taker))
    if (this.#perUnit.units !== 0n) {
      const amount: Decimal = {
        units: this.#perUnit.units * BigInt(lots) * instrument.lotSize.units,
        scale: this.#perUnit.scale + instrument.lotSize.scale,
      }
      fee += ceilToUnits(amount, decimals)
    }
    if (firstFillOfOrder) fee += units.perOrder
    const minimum = units.minimum
    // A minimum of 0 is no minimum: it must not cancel a maker rebate.
    return minimum > 0n && fee < minimum ? minimum : fee
  }

  #inUnits(decimals: number): FixedUnits {
    return {
      from: this.#tiers.map((t) => ceilToUnits(t.from, decimals)),
      perOrder: ceilToUnits(this.#perOrder, decimals),
      minimum: ceilToUnits(this.#minimum, decimals),
    }
  }
}

function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale)
  const x = a.units * pow10(scale - a.scale)
  const y = b.units * pow10(scale - b.scale)
  return x < y ? -1 : x > y ? 1 : 0
}
