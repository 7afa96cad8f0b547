/**
 * Calendar-month returns of the equity (UTC months): each month's last equity over the previous
 * month's last equity, the first month measured from the initial capital. A year's figure
 * compounds its months. Months without an equity point are absent, not zero.
 */
import type { EquityPoint } from '../result.ts'

export interface MonthlyReturn {
  readonly year: number
  /** 1–12. */
  readonly month: number
  readonly return: number
}

export interface YearRow {
  readonly year: number
  /** Index 0 is January; null where the run has no point in that month. */
  readonly months: readonly (number | null)[]
  readonly yearReturn: number
}

function monthKey(time: number): number {
  const date = new Date(time)
  return date.getUTCFullYear() * 12 + date.getUTCMonth()
}

export function monthlyReturns(equity: readonly EquityPoint[], initialCapital: number): MonthlyReturn[] {
  const returns: MonthlyReturn[] = []
  let previous = initialCapital
  for (let i = 0; i < equity.length; i++) {
    const date = new Date(equity[i]!.time)
    const next = equity[i + 1]
    const lastOfMonth = next === undefined || monthKey(next.time) !== monthKey(equity[i]!.time)
    if (!lastOfMonth) continue
    returns.push({
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      return: equity[i]!.equity / previous - 1,
    })
    previous = equity[i]!.equity
  }
  return returns
}

export function yearRows(returns: readonly MonthlyReturn[]): YearRow[] {
  const rows = new Map<number, (number | null)[]>()
  for (const entry of returns) {
    let months = rows.get(entry.year)
    if (months === undefined) {
      months = Array.from({ length: 12 }, () => null)
      rows.set(entry.year, months)
    }
    months[entry.month - 1] = entry.return
  }
  return [...rows].map(([year, months]) => ({
    year,
    months,
    yearReturn: months.reduce<number>((growth, value) => growth * (1 + (value ?? 0)), 1) - 1,
  }))
}
