/**
 * Stress scenarios on today's positions (docs/analytics.md#stress-scenarios):
 *
 * - a historical window replays each instrument's return over a past stretch of its own prices
 *   (2008-10, 2020-03, …) on the position: P&Lᵢ = vᵢ·(P_end/P_start − 1), vᵢ the signed value
 *   held today;
 * - a hypothetical shock moves the price of named instruments, or a factor that moves every
 *   instrument by its beta: P&Lᵢ = vᵢ·(shockᵢ + βᵢ·factorShock);
 * - a volatility or correlation shock re-prices the parametric VaR: σ scaled by a factor, and
 *   every correlation moved toward 1 by a fraction λ (ρ' = ρ + λ·(1 − ρ)).
 *
 * Each result carries its P&L per position (exact minor units; the total is their sum) and the
 * limits it would breach.
 */
import type { Currency } from '../../domain/money.ts'
import { toMinorUnits } from '../money-units.ts'
import { normalQuantile } from '../../research/overfitting/normal-distribution.ts'

export interface Position {
  readonly instrumentId: string
  /** Signed value held, in account currency (negative: short). */
  readonly value: number
  /** Beta to the factor a factor shock moves (1 when unknown). */
  readonly beta?: number
}

export interface RiskLimits {
  /** The largest loss a scenario may cause, as a positive amount of account currency. */
  readonly maxLoss?: number
  /** The largest loss of one position. */
  readonly maxPositionLoss?: number
  /** The largest 1-day parametric VaR, as a positive amount. */
  readonly maxValueAtRisk?: number
}

export interface PositionImpact {
  readonly instrumentId: string
  readonly value: number
  /** The instrument's return under the scenario. */
  readonly shock: number
  readonly pnl: bigint
}

export interface LimitBreach {
  readonly limit: keyof RiskLimits
  readonly limitValue: number
  readonly actual: number
  /** The position at fault, for a per-position limit. */
  readonly instrumentId?: string
}

export interface StressResult {
  readonly scenario: string
  readonly positions: readonly PositionImpact[]
  readonly pnl: bigint
  readonly breaches: readonly LimitBreach[]
}

export interface PriceHistory {
  readonly times: ArrayLike<number>
  readonly closes: ArrayLike<number>
}

export interface HistoricalWindow {
  readonly name: string
  readonly from: number
  readonly to: number
}

function finish(
  scenario: string,
  positions: readonly PositionImpact[],
  ccy: Currency,
  limits: RiskLimits,
): StressResult {
  let pnl = 0n
  for (const position of positions) pnl += position.pnl
  const breaches: LimitBreach[] = []
  const scale = 10 ** ccy.decimals
  const loss = -Number(pnl) / scale
  if (limits.maxLoss !== undefined && loss > limits.maxLoss) {
    breaches.push({ limit: 'maxLoss', limitValue: limits.maxLoss, actual: loss })
  }
  if (limits.maxPositionLoss !== undefined) {
    for (const position of positions) {
      const positionLoss = -Number(position.pnl) / scale
      if (positionLoss > limits.maxPositionLoss) {
        breaches.push({
          limit: 'maxPositionLoss',
          limitValue: limits.maxPositionLoss,
          actual: positionLoss,
          instrumentId: position.instrumentId,
        })
      }
    }
  }
  return { scenario, positions, pnl, breaches }
}

function impact(position: Position, shock: number, ccy: Currency): PositionImpact {
  return {
    instrumentId: position.instrumentId,
    value: position.value,
    shock,
    pnl: toMinorUnits(position.value * shock, ccy, `${position.instrumentId} stress P&L`),
  }
}

/** The first close at or after `from` and the last at or before `to`; 0 when the window holds none. */
function windowReturn(history: PriceHistory | undefined, from: number, to: number): number {
  if (history === undefined) return 0
  let start = Number.NaN
  let end = Number.NaN
  for (let i = 0; i < history.times.length; i++) {
    const t = history.times[i]!
    const close = history.closes[i]!
    if (t < from || t > to || !Number.isFinite(close)) continue
    if (Number.isNaN(start)) start = close
    end = close
  }
  return Number.isNaN(start) || start <= 0 ? 0 : end / start - 1
}

export function historicalScenario(
  positions: readonly Position[],
  histories: ReadonlyMap<string, PriceHistory>,
  window: HistoricalWindow,
  ccy: Currency,
  limits: RiskLimits = {},
): StressResult {
  const impacts = positions.map((p) =>
    impact(p, windowReturn(histories.get(p.instrumentId), window.from, window.to), ccy),
  )
  return finish(window.name, impacts, ccy, limits)
}

export interface PriceShock {
  readonly name: string
  /** Return applied to named instruments, such as −0.2 for a 20% fall. */
  readonly instruments?: Readonly<Record<string, number>>
  /** Return of the factor; each position moves by its beta times it. */
  readonly factor?: number
}

export function priceShockScenario(
  positions: readonly Position[],
  shock: PriceShock,
  ccy: Currency,
  limits: RiskLimits = {},
): StressResult {
  const impacts = positions.map((p) =>
    impact(p, (shock.instruments?.[p.instrumentId] ?? 0) + (p.beta ?? 1) * (shock.factor ?? 0), ccy),
  )
  return finish(shock.name, impacts, ccy, limits)
}

export interface VolatilityShock {
  readonly name: string
  /** σ multiplier (2 doubles every volatility). */
  readonly volatilityScale: number
  /** λ in [0, 1]: every correlation moved that fraction of the way to 1. */
  readonly correlationShift: number
}

export interface ShockedVar {
  readonly scenario: string
  readonly before: number
  readonly after: number
  readonly breaches: readonly LimitBreach[]
}

/**
 * 1-day parametric VaR of the positions, √(vᵀΣv)·(−z_p), before and after the shock, from the
 * daily volatilities σᵢ and the correlation matrix ρ (row-major, k × k).
 */
export function volatilityShockScenario(
  positions: readonly Position[],
  volatilities: ArrayLike<number>,
  correlation: ArrayLike<number>,
  shock: VolatilityShock,
  confidence: number,
  limits: RiskLimits = {},
): ShockedVar {
  const z = -normalQuantile(1 - confidence)
  const k = positions.length
  const varOf = (scale: number, shift: number): number => {
    let variance = 0
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const rho = i === j ? 1 : correlation[i * k + j]! + shift * (1 - correlation[i * k + j]!)
        variance +=
          positions[i]!.value *
          positions[j]!.value *
          volatilities[i]! *
          volatilities[j]! *
          scale *
          scale *
          rho
      }
    }
    return z * Math.sqrt(variance)
  }
  const after = varOf(shock.volatilityScale, shock.correlationShift)
  const breaches: LimitBreach[] =
    limits.maxValueAtRisk !== undefined && after > limits.maxValueAtRisk
      ? [{ limit: 'maxValueAtRisk', limitValue: limits.maxValueAtRisk, actual: after }]
      : []
  return { scenario: shock.name, before: varOf(1, 0), after, breaches }
}
