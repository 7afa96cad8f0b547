/**
 * How figures read in the report. Formatting is done here, not with the runtime's locale, so a
 * report is the same bytes on every machine. A missing figure (null) reads as an em dash.
 */
import { MS_PER_DAY } from '../../domain/time.ts'

export const MISSING = '—'

function grouped(fixed: string): string {
  const [whole = '', fraction] = fixed.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign === '' ? whole : whole.slice(1)
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${withCommas}${fraction === undefined ? '' : `.${fraction}`}`
}

/** 0.1234 → `12.34%`. */
export function formatPercent(value: number | null, digits = 2): string {
  return value === null ? MISSING : `${grouped((value * 100).toFixed(digits))}%`
}

/** 1234.5 → `1,234.50`. */
export function formatNumber(value: number | null, digits = 2): string {
  return value === null ? MISSING : grouped(value.toFixed(digits))
}

export function formatCount(value: number): string {
  return grouped(value.toFixed(0))
}

/** 2025-01-02T00:00:00.000Z → `2025-01-02`, with the time of day when it is not midnight. */
export function formatDate(time: number | null): string {
  if (time === null) return MISSING
  const iso = new Date(time).toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`
}

/** A duration in days, to one decimal below ten days. */
export function formatDays(durationMs: number): string {
  const days = durationMs / MS_PER_DAY
  const text = days >= 10 || Number.isInteger(days) ? days.toFixed(0) : days.toFixed(1)
  return `${text} ${text === '1' ? 'day' : 'days'}`
}
