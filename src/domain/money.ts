/**
 * Money: an integer count of a currency's smallest ledger unit (`bigint`), never a float.
 *
 * Why bigint rather than a float rounded at every boundary: the ledger must reconcile to the last
 * unit after millions of fills in any order, and only integer addition guarantees that. Why
 * bigint rather than a safe-integer `number`: at 8 decimals (crypto quote currencies) a double
 * stays exact only up to about 90 million units of the currency, which a busy account passes.
 * Cash arithmetic is not on the per-tick hot path (prices there are integer ticks), so the cost of
 * bigint is paid once per fill, not once per bar.
 */
import {
  type Decimal,
  type Rounding,
  decimalFromNumber,
  formatDecimal,
  parseDecimal,
  rescale,
} from './decimal.ts'
import { TradePulseError } from './errors.ts'

export interface Currency {
  /** ISO 4217 code, or the exchange's ticker for a crypto asset (`USDT`). */
  readonly code: string
  /** Decimal places the ledger keeps. USD keeps 2, USDT and BTC keep 8. */
  readonly decimals: number
}

const KNOWN_DECIMALS: Readonly<Record<string, number>> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  HKD: 2,
  SGD: 2,
  CNY: 2,
  JPY: 0,
  KRW: 0,
  BTC: 8,
  ETH: 8,
  USDT: 8,
  USDC: 8,
  BUSD: 8,
  DAI: 8,
}

/** A currency by code, with the ledger precision TradePulse uses by default (8 if unknown). */
export function currency(code: string, decimals?: number): Currency {
  if (!/^[A-Z0-9]{2,12}$/.test(code)) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INSTRUMENT',
      `currency code must be 2-12 upper-case letters or digits, was ${JSON.stringify(code)}`,
    )
  }
  const places = decimals ?? KNOWN_DECIMALS[code] ?? 8
  if (!Number.isInteger(places) || places < 0 || places > 18) {
    throw new TradePulseError('DOMAIN_INVALID_INSTRUMENT', `currency decimals must be 0-18, was ${places}`)
  }
  return Object.freeze({ code, decimals: places })
}

export interface Money {
  readonly currency: Currency
  /** Amount in units of 10^-decimals of the currency. */
  readonly units: bigint
}

export function moneyOfUnits(ccy: Currency, units: bigint): Money {
  return Object.freeze({ currency: ccy, units })
}

/** Parses `"12.34"` (exact); a value finer than the currency's precision is rounded by `rounding`. */
export function money(ccy: Currency, amount: string | number, rounding: Rounding = 'reject'): Money {
  const decimal = typeof amount === 'number' ? decimalFromNumber(amount) : parseDecimal(amount)
  return moneyOfDecimal(ccy, decimal, rounding)
}

export function moneyOfDecimal(ccy: Currency, amount: Decimal, rounding: Rounding): Money {
  return moneyOfUnits(ccy, rescale(amount, ccy.decimals, rounding).units)
}

export function zero(ccy: Currency): Money {
  return moneyOfUnits(ccy, 0n)
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency.code !== b.currency.code || a.currency.decimals !== b.currency.decimals) {
    throw new TradePulseError(
      'DOMAIN_CURRENCY_MISMATCH',
      `cannot combine ${a.currency.code}/${a.currency.decimals} with ${b.currency.code}/${b.currency.decimals}`,
    )
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b)
  return moneyOfUnits(a.currency, a.units + b.units)
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b)
  return moneyOfUnits(a.currency, a.units - b.units)
}

export function negateMoney(a: Money): Money {
  return moneyOfUnits(a.currency, -a.units)
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b)
  return a.units < b.units ? -1 : a.units > b.units ? 1 : 0
}

/** Sums any number of amounts of one currency; the order never matters. */
export function sumMoney(ccy: Currency, amounts: Iterable<Money>): Money {
  let total = 0n
  for (const amount of amounts) {
    if (amount.currency.code !== ccy.code || amount.currency.decimals !== ccy.decimals) {
      sameCurrency(zero(ccy), amount)
    }
    total += amount.units
  }
  return moneyOfUnits(ccy, total)
}

/**
 * `amount × rate` (a fee rate such as `"0.001"` for 10 bps), rounded to the ledger unit. Fees
 * default to `ceil` because venues round fees in their own favour.
 */
export function multiplyByRate(amount: Money, rate: Decimal, rounding: Rounding = 'ceil'): Money {
  const exact: Decimal = { units: amount.units * rate.units, scale: amount.currency.decimals + rate.scale }
  return moneyOfDecimal(amount.currency, exact, rounding)
}

export function formatMoney(amount: Money): string {
  return `${formatDecimal({ units: amount.units, scale: amount.currency.decimals }, amount.currency.decimals)} ${amount.currency.code}`
}

export function moneyToNumber(amount: Money): number {
  return Number(formatDecimal({ units: amount.units, scale: amount.currency.decimals }))
}
