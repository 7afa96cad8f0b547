/**
 * From tick-lots to money. A tick-lot is one price tick times one lot: the unit in which a
 * position's cost basis, market value and PnL are exact integers. Its value in the quote currency
 * is `tickSize × lotSize × multiplier`, an exact decimal (see `notional` in domain/instrument.ts,
 * which multiplies the same three grids).
 *
 * A converter is a multiplier (`unitsPerTickLot`), not an opaque function, because the ledger's
 * reconciliation argument needs conversion to be additive — `money(a + b) = money(a) + money(b)`
 * — and an integer multiplier is additive by construction, where a function that rounds is not.
 *
 * The multiplier is an integer only when one tick-lot is a whole number of the ledger's minor
 * units. It is for most instruments (a US share at 0.01 USD: one cent; ES futures: 12.50 USD),
 * but not for, say, 0.0001 BTC lots priced in 0.01 USD ticks (0.000001 USD). Rather than round
 * every fill, the ledger keeps such a currency at a finer precision — USD with 6 decimals — chosen
 * once from the instruments it trades (`ledgerCurrencies`). Nothing in the ledger ever rounds;
 * `roundToCurrency` rounds one figure, by a rule the caller names, when it leaves the ledger for
 * a report or a limit kept in the currency's usual precision.
 */
import type { Decimal, Rounding } from '../../domain/decimal.ts'
import { MAX_SCALE, formatDecimal, pow10 } from '../../domain/decimal.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { Instrument, InstrumentId } from '../../domain/instrument.ts'
import { type Currency, type Money, currency, moneyOfDecimal, moneyOfUnits } from '../../domain/money.ts'

export interface TickLotConverter {
  readonly instrumentId: InstrumentId
  /** The ledger currency: the instrument's quote currency at the ledger's precision. */
  readonly currency: Currency
  /** Minor units of `currency` in one tick-lot; an exact integer. */
  readonly unitsPerTickLot: bigint
}

/** The exact quote-currency value of one tick × one lot, in lowest terms (no trailing zeros). */
export function tickLotValue(instrument: Instrument): Decimal {
  const { tickSize, lotSize, multiplier } = instrument
  let units = tickSize.units * lotSize.units * multiplier.units
  let scale = tickSize.scale + lotSize.scale + multiplier.scale
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n
    scale--
  }
  return { units, scale }
}

/**
 * One ledger currency per quote currency code, at the finest precision any of `instruments`
 * (or any opening balance) needs, so every tick-lot converts to whole minor units. Sorted by
 * code, so iteration over the ledger is deterministic.
 */
export function ledgerCurrencies(
  instruments: readonly Instrument[],
  balances: readonly Money[] = [],
): readonly Currency[] {
  const decimals = new Map<string, number>()
  const need = (code: string, places: number): void => {
    decimals.set(code, Math.max(decimals.get(code) ?? 0, places))
  }
  for (const balance of balances) need(balance.currency.code, balance.currency.decimals)
  for (const instrument of instruments) {
    const value = tickLotValue(instrument)
    if (value.scale > MAX_SCALE) {
      throw new TradePulseError(
        'DOMAIN_INVALID_DECIMAL',
        `one tick-lot of ${instrument.id} is ${formatDecimal(value)} ${instrument.quoteCurrency.code}, ` +
          `finer than the ${MAX_SCALE} decimals a ledger can keep`,
      )
    }
    need(instrument.quoteCurrency.code, Math.max(instrument.quoteCurrency.decimals, value.scale))
  }
  return [...decimals.keys()].sort(compareCodeUnits).map((code) => currency(code, decimals.get(code)))
}

/**
 * The converter of `instrument` into `ledger` (by default its quote currency at its usual
 * precision). Refuses a ledger too coarse to hold one tick-lot exactly.
 */
export function tickLotConverter(
  instrument: Instrument,
  ledger: Currency = instrument.quoteCurrency,
): TickLotConverter {
  if (ledger.code !== instrument.quoteCurrency.code) {
    throw new TradePulseError(
      'DOMAIN_CURRENCY_MISMATCH',
      `${instrument.id} is quoted in ${instrument.quoteCurrency.code}, not ${ledger.code}`,
    )
  }
  const value = tickLotValue(instrument)
  if (value.scale > ledger.decimals) {
    throw new TradePulseError(
      'DOMAIN_INVALID_DECIMAL',
      `one tick-lot of ${instrument.id} is ${formatDecimal(value)} ${ledger.code}, finer than a ledger ` +
        `with ${ledger.decimals} decimals can hold; use one with at least ${value.scale} (see ledgerCurrencies)`,
    )
  }
  return Object.freeze({
    instrumentId: instrument.id,
    currency: ledger,
    unitsPerTickLot: value.units * pow10(ledger.decimals - value.scale),
  })
}

/** An amount of tick-lots as money in the ledger currency; exact. */
export function tickLotsToMoney(converter: TickLotConverter, tickLots: bigint): Money {
  return moneyOfUnits(converter.currency, tickLots * converter.unitsPerTickLot)
}

/**
 * `amount` in another precision of the same currency — typically from the ledger's to the
 * currency's usual one. Exact when the target is at least as fine; otherwise rounded by
 * `rounding` (`reject`, the default, throws rather than guess).
 */
export function roundToCurrency(amount: Money, target: Currency, rounding: Rounding = 'reject'): Money {
  if (amount.currency.code !== target.code) {
    throw new TradePulseError(
      'DOMAIN_CURRENCY_MISMATCH',
      `cannot express ${amount.currency.code} in ${target.code}`,
    )
  }
  return moneyOfDecimal(target, { units: amount.units, scale: amount.currency.decimals }, rounding)
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
