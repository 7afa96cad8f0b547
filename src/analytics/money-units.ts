/**
 * Run folders keep money as JSON numbers in the account currency; analytics that add money up
 * convert each amount once to the ledger's integer minor units (`src/domain/money.ts`) and sum
 * those, so a total is the exact sum of its parts however many parts there are.
 */
import { parseDecimal, rescale } from '../domain/decimal.ts'
import { TradePulseError } from '../domain/errors.ts'
import { type Currency, currency, formatMoney, moneyOfUnits } from '../domain/money.ts'

/** The ledger currency of a run (`USD` keeps 2 decimals, `USDT` 8). */
export function ledgerCurrency(code: string): Currency {
  return currency(code)
}

/**
 * `amount` in minor units, rounded half-even at the currency's precision (a float P&L such as
 * 12.345000000000001 is a cent amount plus noise). `field` names the record in an error.
 */
export function toMinorUnits(amount: number, ccy: Currency, field: string): bigint {
  if (!Number.isFinite(amount)) {
    throw new TradePulseError('ANALYTICS_INVALID_INPUT', `not a finite amount: ${amount}`, { field })
  }
  // toFixed writes a plain decimal (no exponent) three places finer than the ledger, which the
  // half-even rescale then rounds: the amount a person would read, to the last minor unit.
  return rescale(parseDecimal(amount.toFixed(Math.min(ccy.decimals + 3, 20))), ccy.decimals, 'half-even')
    .units
}

export function formatUnits(units: bigint, ccy: Currency): string {
  return formatMoney(moneyOfUnits(ccy, units))
}

/** Minor units as a number of the currency (for charts and ratios, never for sums). */
export function unitsToNumber(units: bigint, ccy: Currency): number {
  return Number(units) / 10 ** ccy.decimals
}
