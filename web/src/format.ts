/** How numbers, money and times read on the dashboard. */
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 })

/** A decimal string from the API, grouped for reading; the exact string stays in the title. */
export function decimal(text: string | undefined): string {
  if (text === undefined) return '—'
  // Money comes as "1234.500000 USD": the amount grouped, the currency kept.
  const match = /^(-?\d+(?:\.\d+)?)( [A-Z]{3,5})?$/.exec(text)
  if (match === null) return text
  return `${grouped.format(Number(match[1]))}${match[2] ?? ''}`
}

export function number(value: number | undefined | null, digits = 2): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—'
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value)
}

export function pct(value: number | undefined | null): string {
  return value === undefined || value === null || !Number.isFinite(value) ? '—' : percent.format(value)
}

export function time(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').slice(0, 19)
}

/** Positive, negative or zero, for colouring P&L. */
export function sign(text: string | number | undefined): 'up' | 'down' | 'flat' {
  const value = typeof text === 'number' ? text : Number(text)
  return !Number.isFinite(value) || value === 0 ? 'flat' : value > 0 ? 'up' : 'down'
}
