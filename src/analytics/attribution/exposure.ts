/**
 * Exposure breakdown, concentration and hedge effectiveness (docs/analytics.md#exposure):
 *
 * - per instrument and per group: long = Σ max(vᵢ, 0), short = Σ max(−vᵢ, 0), gross = long +
 *   short, net = long − short, in exact minor units;
 * - concentration: the Herfindahl–Hirschman index H = Σ (|vᵢ| / gross)², from 1/k for k equal
 *   positions to 1 for one; an alert when H exceeds the threshold;
 * - hedge effectiveness of leg B for leg A: 1 − Var(ΔA + ΔB)/Var(ΔA), the share of A's P&L
 *   variance the hedge removes (Ederington 1979), with the minimum-variance hedge ratio
 *   h* = −Cov(ΔA, ΔB)/Var(ΔB).
 */
import type { Currency } from '../../domain/money.ts'
import { toMinorUnits } from '../money-units.ts'
import { covariance } from '../risk/dependence.ts'

export interface ExposurePosition {
  readonly instrumentId: string
  /** Signed value held, in account currency. */
  readonly value: number
  /** Sector, asset class, venue…; positions without one are in the group `other`. */
  readonly group?: string
}

export interface ExposureRow {
  readonly key: string
  readonly long: bigint
  readonly short: bigint
  readonly gross: bigint
  readonly net: bigint
}

export interface ExposureReport {
  readonly total: ExposureRow
  readonly instruments: readonly ExposureRow[]
  readonly groups: readonly ExposureRow[]
  readonly herfindahl: number | null
  readonly concentrationAlert: boolean
  readonly threshold: number
}

export const DEFAULT_CONCENTRATION_THRESHOLD = 0.25

function rows(entries: readonly { key: string; units: bigint }[]): ExposureRow[] {
  const by = new Map<string, { long: bigint; short: bigint }>()
  for (const { key, units } of entries) {
    const row = by.get(key) ?? { long: 0n, short: 0n }
    if (units > 0n) row.long += units
    else row.short -= units
    by.set(key, row)
  }
  return [...by.keys()].sort().map((key) => {
    const { long, short } = by.get(key)!
    return { key, long, short, gross: long + short, net: long - short }
  })
}

export function exposureBreakdown(
  positions: readonly ExposurePosition[],
  ccy: Currency,
  threshold = DEFAULT_CONCENTRATION_THRESHOLD,
): ExposureReport {
  const units = positions.map((p) => toMinorUnits(p.value, ccy, `${p.instrumentId} value`))
  const instruments = rows(positions.map((p, i) => ({ key: p.instrumentId, units: units[i]! })))
  const groups = rows(positions.map((p, i) => ({ key: p.group ?? 'other', units: units[i]! })))
  const total = rows(units.map((u) => ({ key: 'all', units: u })))[0] ?? {
    key: 'all',
    long: 0n,
    short: 0n,
    gross: 0n,
    net: 0n,
  }
  let herfindahl: number | null = null
  if (total.gross > 0n) {
    const gross = Number(total.gross)
    herfindahl = instruments.reduce((sum, row) => sum + (Number(row.gross) / gross) ** 2, 0)
  }
  return {
    total,
    instruments,
    groups,
    herfindahl,
    concentrationAlert: herfindahl !== null && herfindahl > threshold,
    threshold,
  }
}

export interface HedgeEffectiveness {
  /** 1 − Var(ΔA + ΔB)/Var(ΔA); 1 is a perfect hedge, ≤ 0 no hedge at all. */
  readonly effectiveness: number | null
  /** h* = −Cov(ΔA, ΔB)/Var(ΔB): the size of B that would hedge A best. */
  readonly optimalRatio: number | null
}

export function hedgeEffectiveness(legA: ArrayLike<number>, legB: ArrayLike<number>): HedgeEffectiveness {
  const varA = covariance(legA, legA)
  const varB = covariance(legB, legB)
  const hedged = Float64Array.from(legA, (a, i) => a + legB[i]!)
  const varHedged = covariance(hedged, hedged)
  return {
    effectiveness: varA > 0 ? 1 - varHedged / varA : null,
    optimalRatio: varB > 0 ? -covariance(legA, legB) / varB : null,
  }
}
